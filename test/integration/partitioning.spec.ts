import { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { PartitionTimeSeriesByMonth1764800000000 } from '../../migrations/1764800000000-PartitionTimeSeriesByMonth';
import { createServices } from '../../src/app/context';
import { seedDemo } from '../../src/app/demo/seed';
import { FEEDS, requireDataset } from '../../src/catalog/registry';
import { REGION_DAYS } from '../../src/indicators/region-day.rollup';
import { SITE_DUST_HOURS } from '../../src/feeds/housing/site-dust-hours.rollup';
import { MonthPartitionKeeper } from '../../src/ingest/month-partitions';
import { addMonths, attachedMonths, ensureMonths, monthOf } from '../../src/platform/db/partitions';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';
import { isRead, observeStatements } from '../support/statements';

/** The five tables partitioned by month, with their time column (src/platform/db/partitions.ts). */
const TABLES = [
  { table: 'air_quality_hourly', column: 'observed_at', type: 'timestamptz' },
  { table: 'weather_hourly', column: 'observed_at', type: 'timestamptz' },
  { table: 'traffic_flow_hourly', column: 'observed_at', type: 'timestamptz' },
  { table: 'site_dust_readings', column: 'observed_at', type: 'timestamptz' },
  { table: 'enterprise_electricity_daily', column: 'date', type: 'date' },
] as const;

/** The CST month of a row's time, as SQL. */
const monthSql = (t: (typeof TABLES)[number]) =>
  t.type === 'date' ? `to_char(${t.column}, 'YYYY_MM')` : `to_char((${t.column} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY_MM')`;

const STEEL = '91510100MA0000001'; // the demo's first synthetic enterprise, completed with its check character below

describe('time partitioning of the large time series', () => {
  let hub: TestHub;
  let keys: Record<'ecology' | 'meteorology' | 'publicSecurity' | 'housing' | 'economy' | 'reader', string>;
  let steel: string;

  const months = async (table: string) => (await attachedMonths(hub.db, { table, column: '', type: 'timestamptz' })).map((p) => p.month);
  const partitionsOfRows = async (table: string, where = 'true'): Promise<string[]> =>
    (await hub.db.query(`SELECT DISTINCT tableoid::regclass::text AS p FROM ${table} WHERE ${where} ORDER BY 1`)).map((r: { p: string }) => r.p);

  beforeAll(async () => {
    hub = await TestHub.start();
    await seedDemo(hub.db, createServices(hub.db, { ingestMaxBatch: 10_000 }), 10_000);
    keys = {
      ecology: await hub.key(Department.ECOLOGY, Role.PUBLISHER),
      meteorology: await hub.key(Department.METEOROLOGY, Role.PUBLISHER),
      publicSecurity: await hub.key(Department.PUBLIC_SECURITY, Role.PUBLISHER),
      housing: await hub.key(Department.HOUSING, Role.PUBLISHER),
      economy: await hub.key(Department.ECONOMY, Role.PUBLISHER),
      reader: await hub.key(Department.COMMAND_CENTER, Role.READER),
    };
    [{ steel }] = await hub.db.query(`SELECT credit_code AS steel FROM enterprises WHERE credit_code LIKE $1 || '_'`, [STEEL]);
  });
  afterAll(() => hub.stop());

  /** The reading statements `run` sends that read `table`. */
  async function statementsOn(table: string, run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] | undefined }[]> {
    const statements: { text: string; values: unknown[] | undefined }[] = [];
    await observeStatements(run, (text, values) => {
      if (new RegExp(`FROM "?${table}"?`).test(text) && isRead(text)) statements.push({ text, values });
    });
    return statements;
  }

  /** The partitions of `table` the plans of `statements` scan, read with EXPLAIN. */
  async function planned(statements: { text: string; values: unknown[] | undefined }[], table: string): Promise<string[]> {
    const relations = new Set<string>();
    for (const { text, values } of statements) {
      const [{ 'QUERY PLAN': plan }] = await hub.db.query(`EXPLAIN (FORMAT JSON) ${text}`, values);
      JSON.stringify(plan, (key, value) => {
        if (key === 'Relation Name' && value.startsWith(table)) relations.add(value);
        return value;
      });
    }
    return [...relations].sort();
  }

  /** One row into each of the five tables at `at` (CST), through the publish mutations. */
  async function publishEverywhere(at: string): Promise<void> {
    const day = at.slice(0, 10);
    const writes: [string, string, string, object[]][] = [
      [keys.ecology, 'ingestAirQuality', 'AirQualityInput', [{ stationCode: '1003A', observedAt: at, pm25: 40, pm10: 60 }]],
      [keys.meteorology, 'ingestWeather', 'WeatherInput', [{ stationCode: 'M1003A', observedAt: at, temperature: 4 }]],
      [keys.publicSecurity, 'ingestTrafficFlow', 'TrafficFlowInput', [{ segmentId: 'CD-RING2-N', observedAt: at, vehiclesPerHour: 3000 }]],
      [keys.housing, 'ingestSiteDustReadings', 'SiteDustReadingInput', [{ siteId: 'CD-SITE-001', observedAt: at, pm10: 80 }]],
      [keys.economy, 'ingestEnterpriseElectricity', 'EnterpriseElectricityInput', [{ creditCode: steel, date: day, electricity: 1000 }]],
    ];
    for (const [key, mutation, input, rows] of writes) {
      const { [mutation]: report } = await hub.data(key, `mutation($i: [${input}!]!) { ${mutation}(input: $i) { accepted errors { code message } } }`, { i: rows });
      expect({ mutation, ...report }).toEqual({ mutation, accepted: rows.length, errors: [] });
    }
  }

  test('the hub\'s connections plan without JIT compilation: a statement over many months is estimated costly enough to set it off', async () => {
    expect(await hub.db.query('SHOW jit')).toEqual([{ jit: 'off' }]);
  });

  test('the feeds that declare month partitions are exactly the tables partitioned by RANGE of that column', async () => {
    const partitioned: { table: string; strategy: string; column: string }[] = await hub.db.query(
      `SELECT c.relname AS table, p.partstrat AS strategy, a.attname AS column FROM pg_partitioned_table p
       JOIN pg_class c ON c.oid = p.partrelid AND c.relnamespace = 'public'::regnamespace
       JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] ORDER BY 1`,
    );
    const declared = FEEDS.filter((f) => f.upsert.partitionedByMonthOf).map((f) => ({ table: f.upsert.table, strategy: 'r', column: f.upsert.partitionedByMonthOf }));
    expect(partitioned).toEqual(declared.sort((a, b) => a.table.localeCompare(b.table)));
    expect(partitioned.map((p) => [p.table, p.column])).toEqual(TABLES.map((t) => [t.table, t.column]).sort());
    // No DEFAULT partition anywhere: a month's rows always wait for their own.
    const [{ defaults }] = await hub.db.query(`SELECT count(*)::int AS defaults FROM pg_partitioned_table WHERE partdefid <> 0`);
    expect(defaults).toBe(0);
  });

  test('every row lies in the partition of its CST month; the hour stamped 00:00 on the 1st opens the new month', async () => {
    for (const t of TABLES) {
      const [{ misplaced }] = await hub.db.query(
        `SELECT count(*)::int AS misplaced FROM ${t.table} WHERE tableoid::regclass::text <> '${t.table}_' || ${monthSql(t)}`,
      );
      expect({ table: t.table, misplaced }).toEqual({ table: t.table, misplaced: 0 });
      expect(await partitionsOfRows(t.table)).toContain(`${t.table}_2016_12`);
    }
    // The demo's last hour (the mean of 31 December 23:00–24:00) is stamped 2017-01-01T00:00+08:00.
    expect(await partitionsOfRows('air_quality_hourly', `observed_at = '2017-01-01T00:00:00+08:00'`)).toEqual(['air_quality_hourly_2017_01']);
    expect(await partitionsOfRows('air_quality_hourly', `observed_at = '2016-12-31T23:00:00+08:00'`)).toEqual(['air_quality_hourly_2016_12']);
  });

  test('the hub creates the current month and the months ahead: at start, and again on its timer without doing twice', async () => {
    // The hub started above has run its first pass in the background: this month and the two after it exist.
    const current = monthOf(new Date());
    const ahead = [0, 1, 2].map((n) => addMonths(current, n));
    for (let waited = 0; !(await months('weather_hourly')).includes(ahead[2]) && waited < 20_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
    for (const t of TABLES) expect((await months(t.table)).filter((m) => ahead.includes(m))).toEqual(ahead);

    const keeper = new MonthPartitionKeeper(hub.db, FEEDS, [], { monthsAhead: 1, retention: { byDataset: {} }, clock: () => new Date('2031-06-30T23:30:00+08:00') });
    const everywhere = (months: string[]) => Object.fromEntries(TABLES.map((t) => [t.table, months]));
    expect(await keeper.ensureAhead()).toEqual(everywhere(['2031-06', '2031-07']));
    expect(await keeper.ensureAhead()).toEqual(everywhere([]));
    expect(await partitionsOfRows('air_quality_hourly', `observed_at >= '2031-01-01'`)).toEqual([]);
  });

  test('a batch into a month without a partition creates it first, for each table and from a file', async () => {
    for (const t of TABLES) expect(await months(t.table)).not.toContain('2014-03');
    await publishEverywhere('2014-03-01T00:00:00+08:00');
    for (const t of TABLES) {
      expect(await months(t.table)).toContain('2014-03');
      expect(await partitionsOfRows(t.table, `${monthSql(t)} = '2014_03'`)).toEqual([`${t.table}_2014_03`]);
    }

    // A bulk load spanning three months creates the two it lacks.
    expect(await months('air_quality_hourly')).not.toContain('2014-04');
    const stamps = ['2014-03-31T23:00:00+08:00', '2014-04-15T12:00:00+08:00', '2014-05-01T00:00:00+08:00'];
    const response = await fetch(`${hub.url}/ingest/air-quality-hourly`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.ecology}`, 'content-type': 'application/x-ndjson' },
      body: stamps.map((observedAt) => JSON.stringify({ stationCode: '1004A', observedAt, pm25: 33 })).join('\n'),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 3, rejected: 0 });
    expect(await partitionsOfRows('air_quality_hourly', `series_key = 'S:1004A' AND observed_at < '2016-01-01'`)).toEqual([
      'air_quality_hourly_2014_03',
      'air_quality_hourly_2014_04',
      'air_quality_hourly_2014_05',
    ]);
  });

  test('a batch spanning years creates its months twelve to a transaction, before its write', async () => {
    const backfill = Array.from({ length: 30 }, (_, i) => addMonths('2008-01', i));
    for (const m of backfill) expect(await months('weather_hourly')).not.toContain(m);
    const { ingestWeather } = await hub.data(keys.meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted } }', {
      i: backfill.map((m) => ({ stationCode: 'M1003A', observedAt: `${m}-15T08:00:00+08:00`, temperature: 10 })),
    });
    expect(ingestWeather).toEqual({ accepted: 30 });
    // A table created and attached in one transaction carries that transaction's id in its catalog row (xmin).
    const transactions: { xid: string; months: string[] }[] = await hub.db.query(
      `SELECT xmin::text AS xid, array_agg(to_char(to_date(substr(relname, 16), 'YYYY_MM'), 'YYYY-MM') ORDER BY relname) AS months
       FROM pg_class WHERE relname = ANY($1::text[]) GROUP BY xmin::text ORDER BY 2`,
      [backfill.map((m) => `weather_hourly_${m.replace('-', '_')}`)],
    );
    expect(transactions.map((t) => t.months)).toEqual([backfill.slice(0, 12), backfill.slice(12, 24), backfill.slice(24)]);
    const written: { xid: string }[] = await hub.db.query(`SELECT DISTINCT xmin::text AS xid FROM weather_hourly WHERE observed_at < '2011-01-01'`);
    expect(written).toHaveLength(1);
    expect(transactions.map((t) => t.xid)).not.toContain(written[0].xid);
  });

  test('concurrent batches into one new month all succeed, and the month is created once, across processes too', async () => {
    const stations: string[] = (await hub.db.query('SELECT code FROM air_stations ORDER BY code')).map((s: { code: string }) => s.code);
    const writers = await Promise.all(stations.map(() => hub.key(Department.ECOLOGY, Role.PUBLISHER)));
    const results = await Promise.all(
      stations.map((stationCode, i) =>
        hub.gql(writers[i], 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted errors { code } } }', {
          i: Array.from({ length: 24 }, (_, h) => ({ stationCode, observedAt: new Date(Date.parse('2013-05-10T01:00:00+08:00') + h * 3_600_000).toISOString(), pm25: 10 + h })),
        }),
      ),
    );
    expect(results.map((r) => [r.status, r.errors, r.data?.ingestAirQuality])).toEqual(stations.map(() => [200, undefined, { accepted: 24, errors: [] }]));
    expect((await months('air_quality_hourly')).filter((m) => m === '2013-05')).toEqual(['2013-05']);
    const [{ rows }] = await hub.db.query(`SELECT count(*)::int AS rows FROM air_quality_hourly_2013_05`);
    expect(rows).toBe(stations.length * 24);

    // Two more "processes" (connection pools of their own) and the hub's writers create the same months at once.
    const url = (hub.db.options as { url: string }).url;
    const others: DataSource[] = [createDataSource(url), createDataSource(url)];
    await Promise.all(others.map((d) => d.initialize()));
    try {
      const wanted = ['2013-06', '2013-07', '2013-08'];
      const created = await Promise.all([
        ...others.map((d) => ensureMonths(d, { table: 'weather_hourly', column: 'observed_at', type: 'timestamptz' }, wanted)),
        ...wanted.map((m) =>
          hub.data(keys.meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted } }', {
            i: [{ stationCode: 'M1003A', observedAt: `${m}-02T08:00:00+08:00`, temperature: 20 }],
          }),
        ),
      ]);
      // Whoever created a month, it was created once: the months the two pools created do not overlap.
      const [first, second] = created as string[][];
      expect(first.filter((m) => second.includes(m))).toEqual([]);
      expect((await months('weather_hourly')).filter((m) => wanted.includes(m))).toEqual(wanted);
      expect(await partitionsOfRows('weather_hourly', `observed_at BETWEEN '2013-06-01' AND '2013-09-01'`)).toEqual(wanted.map((m) => `weather_hourly_${m.replace('-', '_')}`));
    } finally {
      await Promise.all(others.map((d) => d.destroy()));
    }
  });

  test("a month's range reads that month's partitions only (the plan prunes the others)", async () => {
    /** The tables the plan of the hub's own statement for `query` scans, read with EXPLAIN. */
    async function scanned(query: string, table: string): Promise<string[]> {
      const statements = await statementsOn(table, () => hub.data(keys.reader, query));
      expect(statements.length).toBeGreaterThan(0);
      return planned(statements, table);
    }

    expect(
      await scanned(`{ airQualityObservations(stationCode: "1003A", from: "2016-12-05T01:00:00+08:00", to: "2016-12-20T00:00:00+08:00") { totalCount edges { node { pm25 } } } }`, 'air_quality_hourly'),
    ).toEqual(['air_quality_hourly_2016_12']);
    // A whole month of hours: 1 December 01:00 through 1 January 00:00 (the hour closing 31 December).
    expect(
      await scanned(`{ airQualityObservations(regionCode: "110100", from: "2016-12-01T01:00:00+08:00", to: "2017-01-01T00:00:00+08:00", first: 5) { totalCount edges { node { pm25 } } } }`, 'air_quality_hourly'),
    ).toEqual(['air_quality_hourly_2016_12', 'air_quality_hourly_2017_01']);
    expect(
      await scanned(`{ weatherObservations(where: { observedAt: { gte: "2016-12-10T00:00:00+08:00", lt: "2016-12-11T00:00:00+08:00" } }, orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 10) { edges { node { temperature } } } }`, 'weather_hourly'),
    ).toEqual(['weather_hourly_2016_12']);
    expect(
      await scanned(`{ enterpriseElectricity(creditCode: "${steel}", from: "2016-12-01", to: "2016-12-31") { edges { node { electricity } } } }`, 'enterprise_electricity_daily'),
    ).toEqual(['enterprise_electricity_daily_2016_12']);

    // The energy windows (the month, the same days a year before, the days before it): their months, not every month.
    const energy = await statementsOn('enterprise_electricity_daily', () =>
      hub.data(keys.reader, `{ energyAnomalies(regionCode: "510100", from: "2016-12-01", to: "2016-12-31", onlyFlagged: false) { rows { creditCode } } }`),
    );
    const windows = energy.filter((s) => s.text.includes('MATERIALIZED'));
    expect(windows).toHaveLength(1);
    expect(await planned(windows, 'enterprise_electricity_daily')).toEqual(['enterprise_electricity_daily_2016_12']);

    // Without a time range a list reads every month, newest first for "latest first".
    const all = await scanned(`{ trafficFlow(orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 3) { edges { node { vehiclesPerHour } } } }`, 'traffic_flow_hourly');
    expect(all).toEqual((await months('traffic_flow_hourly')).map((m) => `traffic_flow_hourly_${m.replace('-', '_')}`));
  });

  test("freshness (latestIn) plans and reads the recent months first, and still finds a region's rows older than them", async () => {
    // Every month's statistics counted, as autovacuum keeps them: the newest months with rows are the hint of the search.
    for (const t of TABLES) await hub.db.query(`ANALYZE ${t.table}`);
    /** The freshness statements `latestIn` sends to read `table` (none of the hub's background work). */
    const freshness = async (table: string, dataset: string, regions: string[], until: string) =>
      (await statementsOn(table, () => requireDataset(dataset).latestIn(hub.db, regions, new Date(until)))).filter((s) => s.text.includes('FROM unnest($1::text[]) AS r (code)'));
    const truth: Record<string, (region: string, until: string | null) => Promise<Date | null>> = {
      'air-quality-hourly': async (region, until) =>
        (
          await hub.db.query(
            `SELECT max(a.observed_at) AS latest FROM air_quality_hourly a
             WHERE (a.station_code IN (SELECT code FROM air_stations WHERE region_code IN (SELECT code FROM region_subtree($1)))
                    OR a.region_code IN (SELECT code FROM region_subtree($1)) AND a.station_code IS NULL)
               AND ($2::timestamptz IS NULL OR a.observed_at <= $2)`,
            [region, until],
          )
        )[0].latest,
      'weather-hourly': async (region, until) =>
        (
          await hub.db.query(
            `SELECT max(w.observed_at) AS latest FROM weather_hourly w JOIN weather_stations s ON s.code = w.station_code
             WHERE s.region_code IN (SELECT code FROM region_subtree($1)) AND ($2::timestamptz IS NULL OR w.observed_at <= $2)`,
            [region, until],
          )
        )[0].latest,
    };
    const regions = ['110000', '110101', '510000', '510104'];
    const untils = [null, '2017-03-01T00:00:00+08:00', '2016-12-20T12:00:00+08:00', '2016-06-01T00:00:00+08:00', '2014-03-20T00:00:00+08:00', '2011-01-01T00:00:00+08:00', '2009-12-31T00:00:00+08:00', '2008-01-01T00:00:00+08:00'];
    for (const [dataset, latest] of Object.entries(truth)) {
      for (const until of untils) {
        const answers = await requireDataset(dataset).latestIn(hub.db, regions, until ? new Date(until) : undefined);
        const expected = await Promise.all(regions.map(async (r) => [r, await latest(r, until)]));
        expect({ dataset, until, answers: [...answers] }).toEqual({ dataset, until, answers: expected });
      }
    }

    // Live data end in the recent window: one statement, which plans and reads its months only.
    const recent = await freshness('air_quality_hourly', 'air-quality-hourly', ['110000', '110101'], '2016-12-20T12:00:00+08:00');
    expect(recent).toHaveLength(1);
    expect(await planned(recent, 'air_quality_hourly')).toEqual(['air_quality_hourly_2016_12']);
    // A region that never had a row (Sichuan has no station, nor a value of its own) is looked for in every window.
    const never = await freshness('air_quality_hourly', 'air-quality-hourly', ['510000'], '2016-12-20T12:00:00+08:00');
    expect(never.map((s) => /observed_at < '([^']+)'\)/.exec(s.text)?.[1] ?? null)).toEqual([null, '2016-11-01 00:00:00+08', '2014-04-01 00:00:00+08', '2013-04-01 00:00:00+08']);
    // Rows ending months earlier: the recent window, then the one around the newest month with rows before it.
    const older = await freshness('weather_hourly', 'weather-hourly', ['110000'], '2011-01-01T00:00:00+08:00');
    expect(older).toHaveLength(2);
    expect(await planned(older, 'weather_hourly')).toEqual(['weather_hourly_2010_05', 'weather_hourly_2010_06']);
    // A region without a station is not looked for further back.
    expect(await freshness('weather_hourly', 'weather-hourly', ['510000'], '2011-01-01T00:00:00+08:00')).toHaveLength(1);
  });

  test('migrating down and up again keeps every row, key, index and foreign key', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown> = {};
      for (const t of TABLES) {
        const [{ digest, rows }] = await hub.db.query(`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest, count(*)::int AS rows FROM ${t.table} x`);
        const definitions = await hub.db.query(
          `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND conparentid = 0
           UNION ALL SELECT regexp_replace(pg_get_indexdef(indexrelid), ' ON (ONLY )?', ' ON ') FROM pg_index WHERE indrelid = $1::regclass
           ORDER BY 1`,
          [t.table],
        );
        out[t.table] = { digest, rows, definitions: definitions.map((d: { def: string }) => d.def) };
      }
      return out;
    };
    const kind = async (table: string) => (await hub.db.query(`SELECT relkind FROM pg_class WHERE oid = $1::regclass`, [table]))[0].relkind;
    const partitioned = await snapshot();
    expect((partitioned.air_quality_hourly as { rows: number }).rows).toBeGreaterThan(8_500);

    const migration = new PartitionTimeSeriesByMonth1764800000000();
    const runner = hub.db.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await runner.commitTransaction();
      for (const t of TABLES) expect(await kind(t.table)).toBe('r');
      expect(await snapshot()).toEqual(partitioned);
      const [{ key }] = await hub.db.query(`SELECT pg_get_constraintdef(oid) AS key FROM pg_constraint WHERE conrelid = 'enterprise_electricity_daily'::regclass AND contype = 'p'`);
      expect(key).toBe('PRIMARY KEY (credit_code, date) INCLUDE (electricity)');

      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    for (const t of TABLES) expect(await kind(t.table)).toBe('p');
    expect(await snapshot()).toEqual(partitioned);
    expect(await partitionsOfRows('air_quality_hourly', `observed_at >= '2016-12-01T00:00:00+08:00'`)).toEqual(['air_quality_hourly_2016_12', 'air_quality_hourly_2017_01']);
  });

  test('retention archives the months before those kept, keeps the rollups computed from them, and waits for queued ones', async () => {
    // Kept: February 2017, and January before it. Everything older goes to the archive schema.
    const keeper = new MonthPartitionKeeper(hub.db, FEEDS, [REGION_DAYS, SITE_DUST_HOURS], {
      monthsAhead: 0,
      retention: { all: 1, byDataset: { 'enterprise-electricity-daily': 40 } },
      clock: () => new Date('2017-02-15T12:00:00+08:00'),
    });
    const cityDays = () => hub.data(keys.reader, '{ cityDailyAqi(regionCode: "110100", from: "2016-12-16", to: "2016-12-21") { date aqi } }');
    const list = () =>
      hub.data(keys.reader, '{ airQualityObservations(stationCode: "1003A", from: "2016-12-01T01:00:00+08:00", to: "2017-01-01T00:00:00+08:00", first: 1) { totalCount } }');
    const before = await cityDays();
    expect((await list()).airQualityObservations.totalCount).toBeGreaterThan(700);

    // A region-day still queued for December: archiving air quality waits for the rollup (its drainer held off).
    const holder = hub.db.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query('SELECT pg_advisory_xact_lock($1)', [REGION_DAYS.lock]);
      await hub.db.query(`INSERT INTO region_day_queue (region_code, day) VALUES ('110100', '2016-12-20')`);
      const waiting = await keeper.archiveExpired();
      expect(waiting.find((o) => o.table === 'air_quality_hourly')).toMatchObject({ archived: [], postponed: expect.stringContaining('region-day rollup') });
      expect(await months('air_quality_hourly')).toContain('2016-12');
      // The other tables were archived: weather keeps nothing before January 2017.
      expect(waiting.find((o) => o.table === 'weather_hourly')!.archived).toEqual(
        expect.arrayContaining(['archive.weather_hourly_2016_12', 'archive.weather_hourly_2013_06', 'archive.weather_hourly_2014_03']),
      );
      expect((await months('weather_hourly')).filter((m) => m < '2017-01')).toEqual([]);
      // Electricity keeps 40 months: March 2014 stays, May 2013 would go (there is none).
      expect(waiting.find((o) => o.table === 'enterprise_electricity_daily')!.archived).toEqual([]);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await hub.db.query(`DELETE FROM region_day_queue`);

    const done = await keeper.archiveExpired();
    expect(done.find((o) => o.table === 'air_quality_hourly')!.archived).toEqual(
      expect.arrayContaining(['archive.air_quality_hourly_2016_12', 'archive.air_quality_hourly_2013_05', 'archive.air_quality_hourly_2014_04']),
    );
    expect((await months('air_quality_hourly')).filter((m) => m < '2017-01')).toEqual([]);
    const [{ archived }] = await hub.db.query(`SELECT count(*)::int AS archived FROM archive.air_quality_hourly_2016_12`);
    expect(archived).toBeGreaterThan(8_000);
    // Lists no longer see the archived month; the hour closing 31 December (January's partition) is kept.
    expect((await list()).airQualityObservations.totalCount).toBe(1);

    // The region-days computed from December stay, even when a station move queues them for recomputing.
    expect(await cityDays()).toEqual(before);
    await hub.data(keys.ecology, 'mutation { upsertAirStations(input: [{ code: "1003A", name: "东四", regionCode: "110102", controlLevel: NATIONAL, latitude: 39.929, longitude: 116.417 }]) { accepted } }');
    const [{ queued }] = await hub.db.query('SELECT count(*)::int AS queued FROM region_day_queue');
    expect(queued).toBe(0);
    expect(await cityDays()).toEqual(before);

    // A late row for an archived month goes to a new partition, which the next pass archives beside the first.
    await hub.data(keys.ecology, 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }', {
      i: [{ stationCode: '1003A', observedAt: '2016-12-05T10:00:00+08:00', pm25: 1 }],
    });
    expect(await months('air_quality_hourly')).toContain('2016-12');
    const again = await keeper.archiveExpired();
    expect(again.find((o) => o.table === 'air_quality_hourly')!.archived).toEqual(['archive.air_quality_hourly_2016_12_2']);
    expect(await cityDays()).toEqual(before);
  });
});
