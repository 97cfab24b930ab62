import 'reflect-metadata';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { isRead, observeStatements } from '../test/support/statements';
import { creditCodeCheckCharacter } from '../src/datasets/credit-code';
import { Department, Role } from '../src/platform/enums';
import { refreshRegionDays } from '../src/indicators/region-day.rollup';
import type { Queryable } from '../src/platform/db/queryable';
import { BenchHub, SICHUAN_CITIES, benchBatch, ensurePartitions, percentile } from './bench-hub';

/**
 * What a request costs as history accumulates: the same province at 1×, 10× and 100× the rows of every time series,
 * so that the queries' own answers do not change, within the span a retention keeps (about three years). Copy k of a
 * table's base period lies one period further back in time, as long as the span allows; beyond it, copies are the
 * same periods of more series (stations, enterprises, sites, segments), in a shadow province copied from Sichuan's
 * regions: a national hub's tables hold them beside the province's. The rollups (region-days) are kept beyond the raw
 * rows' retention, so their copies all lie back in time.
 * Three requests, each timed warm over HTTP (p50) with its SELECT statements counted, and their shared buffers and
 * planning time read from EXPLAIN (ANALYZE, BUFFERS). That planning time is of each statement planned anew: what the
 * history does to the planner. The hub's hot reads are prepared statements (platform/db/prepared.ts) and reuse their
 * plans, so a request pays less of it:
 *  - list-100: the second page of 100 of a station's hourly air quality, newest first;
 *  - cityDailyAqi: a city's 31 days;
 *  - provinceOverview: the 21 cities' overview (latest hour, yesterday, month to date, alerts, sites, hot spots,
 *    energy anomalies, the freshness of every dataset in every city).
 * Prints the figures per size and the ratio of each size's to the first's: flat cost is a ratio near 1.
 * Env: MULTIPLES (default 1,10,100; e.g. 1,10 to iterate faster), STATEMENTS (how many of each request's statements
 * that grew the most to print, default 3; `all` prints every statement with its buffers at each size), KEEP_DATABASE=1
 * (leaves the loaded database, and the embedded cluster, to look at plans afterwards).
 */
const CITIES = SICHUAN_CITIES;
const COUNTIES_PER_CITY = 2;
const AIR_STATIONS_PER_CITY = 2;
const ENTERPRISES = 200;
const WEATHER_STATIONS = 50;
const SITES = 20;
const SEGMENTS = 20;
const HOTSPOTS = 1000;
const MULTIPLES = (process.env.MULTIPLES ?? '1,10,100').split(',').filter(Boolean).map(Number);
const STATEMENTS = process.env.STATEMENTS ?? '3';
const WARMUP_RUNS = 3;
const MEASURED_RUNS = 20;
const AT = '2026-01-20T10:30:00+08:00';
/** When the batches loaded by SQL were published: before AT, so that the overview's freshness sees them. */
const PUBLISHED = '2026-01-20T00:00:00+08:00';

const countiesOf = (city: string) => Array.from({ length: COUNTIES_PER_CITY }, (_, c) => `${city.slice(0, 4)}${String(c + 1).padStart(2, '0')}`);
const COUNTIES = CITIES.flatMap(countiesOf);

/** Which copy of the base period: how far back (`slot`, 0 for the base period itself) and whose series (`set`). */
interface Copy {
  /** 1, 2, … the copy's number. */
  k: number;
  slot: number;
  /** 0: Sichuan's own series; 1, 2, …: the shadow province's n-th set of series. */
  set: number;
}

/**
 * A time series' base period (1×) and how a copy of it is made: `copy` gives the SQL of the columns it changes, over
 * the base rows. The base periods are January 2026 for the hourly and daily feeds, copied back a month
 * at a time from 800 days before it (past the year-earlier days the overview compares with, so that no answer
 * changes), ten months in all; and 13 months for electricity and alerts, copied back 396 days at a time, three spans
 * in all.
 */
interface History {
  table: string;
  /** The columns copied: all but the generated ones when unset. */
  columns?: string[];
  time: string;
  /** Periods back in time, the base period included, before copies are of another set of series. */
  slots: number;
  copy: (c: Copy) => Record<string, string>;
  /** Which rows of the table are the base period, when not all. */
  only?: string;
}

const SICHUAN = '51';
/** The shadow province's code prefix. */
const SHADOW = '52';
const HOURLY_SLOTS = 10;
const YEARLY_SLOTS = 3;

/** A region code, moved to the shadow province for a shadow set. */
const region = (column: string, c: Copy) => (c.set === 0 ? column : `'${SHADOW}' || substr(${column}, 3)`);
/** A series' own code, marked with its set. */
const series = (column: string, c: Copy) => (c.set === 0 ? column : `${column} || '@${c.set}'`);
/** An air station's code names its city (`A510100-0`): a shadow's names the shadow city, and its set. */
const airStation = (column: string, c: Copy) => (c.set === 0 ? column : `'A${SHADOW}' || substr(${column}, 4) || '@${c.set}'`);
/** An enterprise's credit code names its province; a shadow set's is its own, check character included. */
const creditCode = (column: string, c: Copy) =>
  c.set === 0 ? column : `(SELECT m.code FROM bench_base.credit_codes m WHERE m.set = ${c.set} AND m.base = ${column})`;
const hoursBack = (c: Copy) => `${c.slot === 0 ? 0 : 800 + c.slot * 31} * interval '1 day'`;
/** Back by whole 396-day spans; a shadow set's events an hour earlier per set, so that their keys differ. */
const yearsBack = (c: Copy) => `(${c.slot * 396} * interval '1 day' + ${c.set} * interval '1 hour')`;

const HISTORY: History[] = [
  {
    table: 'air_quality_hourly', columns: ['station_code', 'observed_at', 'pm25', 'pm10', 'so2', 'no2', 'o3', 'co', 'batch_id'], time: 'observed_at', slots: HOURLY_SLOTS,
    copy: (c) => ({ observed_at: `observed_at - ${hoursBack(c)}`, station_code: airStation('station_code', c) }),
  },
  // The rollup, kept past the retention of the rows it was computed from: a month further back per copy.
  { table: 'region_days', time: 'day', slots: Infinity, copy: (c) => ({ day: `day - ${800 + c.slot * 31}` }) },
  {
    table: 'weather_hourly', columns: ['station_code', 'observed_at', 'temperature', 'relative_humidity', 'wind_speed', 'batch_id'], time: 'observed_at', slots: HOURLY_SLOTS,
    copy: (c) => ({ observed_at: `observed_at - ${hoursBack(c)}`, station_code: series('station_code', c) }),
  },
  {
    table: 'site_dust_readings', columns: ['site_id', 'observed_at', 'pm10', 'batch_id'], time: 'observed_at', slots: HOURLY_SLOTS,
    copy: (c) => ({ observed_at: `observed_at - ${hoursBack(c)}`, site_id: series('site_id', c) }),
  },
  { table: 'site_dust_hours', time: 'hour', slots: HOURLY_SLOTS, copy: (c) => ({ hour: `hour - ${hoursBack(c)}`, site_id: series('site_id', c) }) },
  {
    table: 'traffic_flow_hourly', columns: ['segment_id', 'observed_at', 'vehicles_per_hour', 'batch_id'], time: 'observed_at', slots: HOURLY_SLOTS,
    copy: (c) => ({ observed_at: `observed_at - ${hoursBack(c)}`, segment_id: series('segment_id', c) }),
  },
  {
    table: 'enterprise_electricity_daily', columns: ['credit_code', 'date', 'electricity', 'batch_id'], time: 'date', slots: YEARLY_SLOTS,
    copy: (c) => ({ date: `date - ${c.slot * 396}`, credit_code: creditCode('credit_code', c) }),
  },
  {
    // A shadow's hot spots lie far south: the overview counts hot spots near its stations, wherever they were reported.
    table: 'fire_hotspots', columns: ['id', 'detected_at', 'region_code', 'source', 'status', 'latitude', 'longitude', 'batch_id'], time: 'detected_at', slots: HOURLY_SLOTS,
    copy: (c) => ({
      detected_at: `detected_at - ${hoursBack(c)}`, id: `id || '-' || ${c.k}`, region_code: region('region_code', c),
      ...(c.set === 0 ? {} : { latitude: 'latitude - 50' }),
    }),
  },
  // The publications of the batches loaded by SQL (those through the API, regions and air stations, are not history).
  {
    table: 'batch_regions', time: 'received_at', slots: YEARLY_SLOTS, only: `received_at = '${PUBLISHED}'`,
    copy: (c) => ({ received_at: `received_at - ${yearsBack(c)}`, region_code: region('region_code', c) }),
  },
  {
    table: 'heavy_pollution_alerts', columns: ['region_code', 'starts_at', 'level', 'issued_at', 'ends_at', 'batch_id'], time: 'starts_at', slots: YEARLY_SLOTS,
    copy: (c) => ({
      starts_at: `starts_at - ${yearsBack(c)}`, issued_at: `issued_at - ${yearsBack(c)}`, ends_at: `ends_at - ${yearsBack(c)}`, region_code: region('region_code', c),
    }),
  },
];

/**
 * What the shadow province copies from Sichuan: its regions once (none a key city: the ranking of key cities stays
 * Sichuan's), then per set of series the stations, enterprises, sites and segments the series belong to.
 */
const SHADOW_REGIONS = {
  table: 'regions', where: `code LIKE '${SICHUAN}%'`,
  copy: { code: `'${SHADOW}' || substr(code, 3)`, parent_code: `'${SHADOW}' || substr(parent_code, 3)`, key_city: 'false' },
};
const SHADOW_SERIES: { table: string; where: string; copy: (c: Copy) => Record<string, string> }[] = [
  { table: 'air_stations', where: `code LIKE 'A${SICHUAN}%'`, copy: (c) => ({ code: airStation('code', c), region_code: region('region_code', c) }) },
  { table: 'enterprises', where: `credit_code LIKE '91${SICHUAN}%'`, copy: (c) => ({ credit_code: creditCode('credit_code', c), region_code: region('region_code', c) }) },
  { table: 'construction_sites', where: `id NOT LIKE '%@%'`, copy: (c) => ({ id: series('id', c), region_code: region('region_code', c) }) },
  { table: 'weather_stations', where: `code NOT LIKE '%@%'`, copy: (c) => ({ code: series('code', c), region_code: region('region_code', c) }) },
  { table: 'road_segments', where: `id NOT LIKE '%@%'`, copy: (c) => ({ id: series('id', c), region_code: region('region_code', c) }) },
];

const batch = (db: DataSource, dataset: string, department: Department) => benchBatch(db, dataset, department, PUBLISHED);

/** Regions and air stations through the API (the stations' evaluation regions follow), the rest by SQL. */
async function loadProvince(hub: BenchHub, db: DataSource): Promise<void> {
  const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
  const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
  for (const d of [Department.ECONOMY, Department.HOUSING, Department.METEOROLOGY, Department.FORESTRY, Department.PUBLIC_SECURITY]) await hub.key(d, Role.PUBLISHER);
  await hub.gql(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
    i: [
      { code: '510000', name: '四川省', level: 'PROVINCE' },
      ...CITIES.flatMap((city) => [
        { code: city, name: `川${city}`, level: 'CITY', parentCode: '510000', keyCity: true },
        ...countiesOf(city).map((county, c) => ({ code: county, name: `县${city}-${c + 1}`, level: 'COUNTY', parentCode: city })),
      ]),
    ],
  });
  await hub.gql(ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
    i: CITIES.flatMap((city, i) =>
      Array.from({ length: AIR_STATIONS_PER_CITY }, (_, s) => ({
        code: `A${city}-${s}`, name: `站${city}-${s}`, regionCode: countiesOf(city)[s], controlLevel: 'NATIONAL',
        latitude: 27 + (i % 7) + s * 0.08, longitude: 99.5 + Math.floor(i / 7) * 3 - s * 0.08,
      })),
    ),
  });
  const codes = Array.from({ length: ENTERPRISES }, (_, n) => {
    const first17 = `91510000MA${String(n).padStart(7, '0')}`;
    return `${first17}${creditCodeCheckCharacter(first17)}`;
  });
  await db.query(
    `INSERT INTO enterprises (credit_code, name, region_code, industry, key_industry, performance_grade, on_emergency_control_list, batch_id)
     SELECT code, '企业' || n, ($2::text[])[(1 + n % $3)::int], 'STEEL', true, 'B', true, $4 FROM unnest($1::text[]) WITH ORDINALITY AS e (code, n)`,
    [codes, COUNTIES, COUNTIES.length, await batch(db, 'enterprises', Department.ECONOMY)],
  );
  await db.query(
    `INSERT INTO construction_sites (id, name, region_code, status, start_date, dust_monitor, video, batch_id)
     SELECT 'S' || n, '工地' || n, ($1::text[])[1 + n % $2], 'ACTIVE', date '2015-01-01', true, false, $4 FROM generate_series(1, $3::int) n`,
    [COUNTIES, COUNTIES.length, SITES, await batch(db, 'construction-sites', Department.HOUSING)],
  );
  await db.query(
    `INSERT INTO weather_stations (code, name, region_code, batch_id) SELECT 'W' || n, '气象站' || n, ($1::text[])[1 + n % $2], $4 FROM generate_series(1, $3::int) n`,
    [COUNTIES, COUNTIES.length, WEATHER_STATIONS, await batch(db, 'weather-stations', Department.METEOROLOGY)],
  );
  await db.query(
    `INSERT INTO road_segments (id, name, region_code, main_road, batch_id) SELECT 'R' || n, '路段' || n, ($1::text[])[1 + n % $2], true, $4 FROM generate_series(1, $3::int) n`,
    [COUNTIES, COUNTIES.length, SEGMENTS, await batch(db, 'road-segments', Department.PUBLIC_SECURITY)],
  );

  for (const table of ['air_quality_hourly', 'weather_hourly', 'site_dust_readings', 'traffic_flow_hourly']) {
    await ensurePartitions(db, table, '2026-01-01T00:15:00+08:00', '2026-02-01T00:00:00+08:00');
  }
  await ensurePartitions(db, 'enterprise_electricity_daily', '2025-01-01', '2026-01-31');
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SET session_replication_role = replica');
    const air = await batch(db, 'air-quality-hourly', Department.ECOLOGY);
    await runner.query(
      `INSERT INTO air_quality_hourly (station_code, observed_at, pm25, pm10, so2, no2, o3, co, batch_id)
       SELECT s.code, t, 25 + 90 * abs(sin(s.n + extract(epoch FROM t) / 90000.0)), 50 + 120 * abs(sin(s.n + extract(epoch FROM t) / 110000.0)),
              8, 35, 40 + 60 * abs(sin(extract(epoch FROM t) / 86400.0 * pi())), 0.8, $1
       FROM generate_series(timestamptz '2026-01-01T01:00:00+08', timestamptz '2026-02-01T00:00:00+08', interval '1 hour') t
       CROSS JOIN (SELECT code, row_number() OVER (ORDER BY code) AS n FROM air_stations) s`,
      [air],
    );
    await runner.query(
      `INSERT INTO weather_hourly (station_code, observed_at, temperature, relative_humidity, wind_speed, batch_id)
       SELECT s.code, t, 5, 70 + 25 * sin(extract(epoch FROM t) / 50000.0), 2 + 2 * sin(extract(epoch FROM t) / 70000.0), $1
       FROM generate_series(timestamptz '2026-01-01T01:00:00+08', timestamptz '2026-02-01T00:00:00+08', interval '1 hour') t CROSS JOIN weather_stations s`,
      [await batch(db, 'weather-hourly', Department.METEOROLOGY)],
    );
    await runner.query(
      `INSERT INTO site_dust_readings (site_id, observed_at, pm10, batch_id)
       SELECT s.id, t, 60 + 170 * abs(sin(extract(epoch FROM t) / 20000.0)) ^ 3, $1
       FROM generate_series(timestamptz '2026-01-01T00:15:00+08', timestamptz '2026-02-01T00:00:00+08', interval '15 minutes') t CROSS JOIN construction_sites s`,
      [await batch(db, 'site-dust-readings', Department.HOUSING)],
    );
    await runner.query(
      `INSERT INTO site_dust_hours (site_id, hour, readings, pm10_sum, pm10_min, pm10_max)
       SELECT site_id, to_timestamp(ceil(extract(epoch FROM observed_at) / 3600) * 3600), count(*), sum(pm10), min(pm10), max(pm10)
       FROM site_dust_readings GROUP BY 1, 2`,
    );
    await runner.query(
      `INSERT INTO traffic_flow_hourly (segment_id, observed_at, vehicles_per_hour, batch_id)
       SELECT s.id, t, 800, $1 FROM generate_series(timestamptz '2026-01-01T01:00:00+08', timestamptz '2026-02-01T00:00:00+08', interval '1 hour') t CROSS JOIN road_segments s`,
      [await batch(db, 'traffic-flow-hourly', Department.PUBLIC_SECURITY)],
    );
    // Thirteen months, so that the overview's week compares with the same week a year earlier; a tenth drop in 2026.
    await runner.query(
      `INSERT INTO enterprise_electricity_daily (credit_code, date, electricity, batch_id)
       SELECT e.credit_code, d::date, 1000 * CASE WHEN e.n % 10 = 0 AND d >= date '2026-01-01' THEN 0.55 ELSE 1 END, $1
       FROM generate_series(date '2025-01-01', date '2026-01-31', interval '1 day') d
       CROSS JOIN (SELECT credit_code, row_number() OVER (ORDER BY credit_code) AS n FROM enterprises) e`,
      [await batch(db, 'enterprise-electricity-daily', Department.ECONOMY)],
    );
    await runner.query(
      `INSERT INTO fire_hotspots (id, detected_at, region_code, source, status, latitude, longitude, batch_id)
       SELECT 'H' || n, timestamptz '2026-01-01T00:00:00+08' + (n::float8 / $1) * interval '31 days', ($2::text[])[1 + n % $3], 'SATELLITE', 'CONFIRMED',
              26 + 8 * abs(sin(n * 12.9898)), 97.5 + 11 * abs(sin(n * 78.233)), $4
       FROM generate_series(1, $1::int) n`,
      [HOTSPOTS, COUNTIES, COUNTIES.length, await batch(db, 'fire-hotspots', Department.FORESTRY)],
    );
    await runner.query(
      `INSERT INTO heavy_pollution_alerts (region_code, starts_at, level, issued_at, ends_at, batch_id)
       SELECT c, m + interval '4 days', 'YELLOW', m + interval '3 days', m + interval '6 days', $2::uuid
       FROM unnest($1::text[]) c CROSS JOIN generate_series('2025-01-01T00:00:00+08'::timestamptz, '2026-01-01T00:00:00+08', interval '1 month') m`,
      [CITIES, await batch(db, 'heavy-pollution-alerts', Department.ECOLOGY)],
    );
  } finally {
    await runner.query('RESET session_replication_role');
    await runner.release();
  }
  // The regions each batch published into, as the hub records them when a batch closes (rows loaded by SQL skip it).
  const tables: { table_name: string }[] = await db.query(`SELECT table_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name IN ('region_code', 'batch_id') GROUP BY table_name HAVING count(*) = 2`);
  for (const { table_name: table } of tables) {
    await db.query(`INSERT INTO batch_regions (dataset, region_code, received_at, batch_id)
      SELECT DISTINCT b.dataset, t.region_code, b.received_at, b.id FROM ${table} t JOIN ingest_batches b ON b.id = t.batch_id WHERE t.region_code IS NOT NULL
      ON CONFLICT DO NOTHING`);
  }
  const targets = [...CITIES, ...COUNTIES, '510000'].flatMap((regionCode) => Array.from({ length: 31 }, (_, d) => ({ regionCode, day: `2026-01-${String(d + 1).padStart(2, '0')}` })));
  await db.transaction((tx) => refreshRegionDays(tx, targets));
}

/** Every stored (not generated) column of a table. */
async function storedColumns(db: Queryable, table: string): Promise<string[]> {
  const columns: { column_name: string }[] = await db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return columns.map((c) => c.column_name);
}

/**
 * Keeps each time series' base period apart (schema `bench_base`), which every copy is made from, and the credit
 * codes of the enterprises of each shadow set.
 */
async function keepBasePeriods(db: DataSource): Promise<void> {
  await db.query('CREATE SCHEMA bench_base');
  for (const h of HISTORY) await db.query(`CREATE TABLE bench_base.${h.table} AS SELECT * FROM ${h.table}${h.only ? ` WHERE ${h.only}` : ''}`);
  const codes: string[] = (await db.query(`SELECT credit_code FROM enterprises ORDER BY 1`)).map((e: { credit_code: string }) => e.credit_code);
  // Sichuan's serial numbers (…MA0000123) leave the two digits after MA free for the set.
  const shadow = (code: string, set: number) => {
    const first17 = `${code.slice(0, 2)}${SHADOW}${code.slice(4, 10)}${String(set).padStart(2, '0')}${code.slice(12, 17)}`;
    return `${first17}${creditCodeCheckCharacter(first17)}`;
  };
  const sets = Array.from({ length: Math.ceil(Math.max(...MULTIPLES) / YEARLY_SLOTS) }, (_, i) => i + 1);
  await db.query('CREATE TABLE bench_base.credit_codes (set int, base text, code text, PRIMARY KEY (set, base))');
  await db.query(`INSERT INTO bench_base.credit_codes (set, base, code) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [
    sets.flatMap((set) => codes.map(() => set)),
    sets.flatMap(() => codes),
    sets.flatMap((set) => codes.map((c) => shadow(c, set))),
  ]);
}

/** `INSERT … SELECT` of `columns` from `source`, with the SQL of `changed` in place of the columns it names. */
const copySql = (table: string, source: string, columns: string[], changed: Record<string, string>, where = 'true') =>
  `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((c) => changed[c] ?? c).join(', ')} FROM ${source} WHERE ${where}`;

/** Copies `from` … `to - 1` of every time series' base period, and the shadow provinces they need, without triggers. */
async function addHistory(db: DataSource, from: number, to: number): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SET session_replication_role = replica');
    for (const h of HISTORY) {
      const columns = h.columns ?? (await storedColumns(runner, h.table));
      const [{ partitioned }] = await runner.query(`SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = $1::regclass) AS partitioned`, [h.table]);
      for (let k = from; k < to; k++) {
        const copy = { k, slot: k % h.slots, set: Math.floor(k / h.slots) };
        if (copy.set > 0) await addShadowSeries(runner, copy);
        const changed = h.copy(copy);
        if (partitioned) {
          const [{ first, last }] = await runner.query(`SELECT min(${changed[h.time]}) AS first, max(${changed[h.time]}) AS last FROM bench_base.${h.table}`);
          await ensurePartitions(db, h.table, first, last);
        }
        await runner.query(copySql(h.table, `bench_base.${h.table}`, columns, changed));
      }
    }
  } finally {
    await runner.query('RESET session_replication_role');
    await runner.release();
  }
  for (const h of HISTORY) await db.query(`VACUUM ANALYZE ${h.table}`);
}

/** The shadow province's regions, once, and the stations, enterprises, sites and segments of the copy's set, once. */
async function addShadowSeries(db: Queryable, copy: Copy): Promise<void> {
  const exists = async (table: string, column: string, value: string) =>
    (await db.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${column} = $1) AS found`, [value]))[0].found as boolean;
  if (!(await exists('regions', 'code', `${SHADOW}0000`))) {
    await db.query(copySql(SHADOW_REGIONS.table, SHADOW_REGIONS.table, await storedColumns(db, SHADOW_REGIONS.table), SHADOW_REGIONS.copy, SHADOW_REGIONS.where));
  }
  if (await exists('weather_stations', 'code', `W1@${copy.set}`)) return;
  for (const s of SHADOW_SERIES) await db.query(copySql(s.table, s.table, await storedColumns(db, s.table), s.copy(copy), s.where));
}

/** How many month partitions each partitioned time series has. */
async function monthsHeld(db: DataSource): Promise<string> {
  const rows: { parent: string; months: number }[] = await db.query(
    `SELECT i.inhparent::regclass::text AS parent, count(*)::int AS months FROM pg_inherits i
     WHERE i.inhparent IN (SELECT partrelid FROM pg_partitioned_table) GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => `${r.parent} ${r.months}`).join(', ');
}

interface Case {
  name: string;
  document: string;
  variables?: (hub: BenchHub, key: string) => Promise<Record<string, unknown>>;
}

const LIST_PAGE = `query($after: String) {
  airQualityObservations(stationCode: "A510100-0", orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100, after: $after) {
    edges { node { observedAt pm25 pm10 } } pageInfo { endCursor } } }`;

const CASES: Case[] = [
  {
    name: 'list-100 (page 2, newest first)',
    document: LIST_PAGE,
    variables: async (hub, key) => ({ after: (await hub.gql(key, LIST_PAGE)).airQualityObservations.pageInfo.endCursor }),
  },
  { name: 'cityDailyAqi (31 days)', document: '{ cityDailyAqi(regionCode: "510100", from: "2026-01-01", to: "2026-01-31") { date aqi level primaryPollutants } }' },
  {
    name: 'provinceOverview (21 cities)',
    document: `{ provinceOverview(provinceCode: "510000", at: "${AT}") { cities { regionCode latestHour { observedAt aqi } yesterday { date aqi }
      monthToDate { total } activeAlert { level } activeSites hotspots24h energyAnomalies freshness { dataset latestObservedAt stale } } } }`,
  },
];

/** Statements of the background drains and the key's re-verification, which run on timers whatever the request. */
const NOT_THE_REQUESTS = /region_day_queue|site_dust_hour_queue|pg_advisory_xact_lock|api_keys/;

interface Figures {
  p50: number;
  selects: number;
  /** Shared buffers (hit + read) of the request's SELECT statements, from EXPLAIN (ANALYZE, BUFFERS). */
  buffers: number;
  /** Their planning time, summed (ms). */
  planMs: number;
  /** The same, per statement text (statements sent more than once summed). */
  buffersByStatement: Map<string, number>;
  answer: string;
}

async function measure(hub: BenchHub, key: string, c: Case): Promise<Figures> {
  const variables = c.variables ? await c.variables(hub, key) : undefined;
  for (let i = 0; i < WARMUP_RUNS; i++) await hub.gql(key, c.document, variables);
  const times: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const start = performance.now();
    await hub.gql(key, c.document, variables);
    times.push(performance.now() - start);
  }
  const statements: { text: string; values: unknown[] }[] = [];
  const answer = await observeStatements(
    () => hub.gql(key, c.document, variables),
    (text, values) => {
      if (isRead(text) && !NOT_THE_REQUESTS.test(text)) statements.push({ text, values: values ?? [] });
    },
  );
  let buffers = 0;
  let planMs = 0;
  const buffersByStatement = new Map<string, number>();
  for (const s of statements) {
    const [{ 'QUERY PLAN': [plan] }] = await hub.database.dataSource.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.text}`, s.values);
    const used = plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
    buffers += used;
    planMs += plan['Planning Time'];
    buffersByStatement.set(s.text, (buffersByStatement.get(s.text) ?? 0) + used);
  }
  return { p50: percentile(times.sort((a, b) => a - b), 50), selects: statements.length, buffers, planMs, buffersByStatement, answer: JSON.stringify(answer) };
}

async function main(): Promise<void> {
  process.env.RATE_LIMITS ??= 'PUBLISHER=1000000,READER=1000000,ADMIN=1000000';
  const hub = await BenchHub.start();
  const db = hub.database.dataSource;
  try {
    const loadAtStart = os.loadavg()[0];
    await loadProvince(hub, db);
    await keepBasePeriods(db);
    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const results: { multiple: number; rows: number; figures: Figures[] }[] = [];
    let copies = 1;
    for (const multiple of MULTIPLES) {
      const started = performance.now();
      await addHistory(db, copies, multiple);
      copies = multiple;
      let rows = 0;
      for (const h of HISTORY) rows += Number((await db.query(`SELECT count(*) AS n FROM ${h.table}`))[0].n);
      const figures = [];
      for (const c of CASES) figures.push(await measure(hub, reader, c));
      results.push({ multiple, rows, figures });
      console.log(`${multiple}×: ${rows.toLocaleString('en')} time-series rows (history added in ${((performance.now() - started) / 1000).toFixed(0)} s); months: ${await monthsHeld(db)}`);
    }
    const [first, last] = [results[0], results[results.length - 1]];
    const table = [
      [
        'request', ...results.flatMap((r) => [`${r.multiple}× p50 ms`, `${r.multiple}× SELECTs`, `${r.multiple}× buffers`, `${r.multiple}× plan ms`]),
        ...results.slice(1).map((r) => `${r.multiple}×/${first.multiple}× p50`), `${last.multiple}×/${first.multiple}× buffers`, 'same answer',
      ],
    ];
    for (const [i, c] of CASES.entries()) {
      const one = first.figures[i];
      table.push([
        c.name,
        ...results.flatMap((r) => [r.figures[i].p50.toFixed(1), String(r.figures[i].selects), String(r.figures[i].buffers), r.figures[i].planMs.toFixed(2)]),
        ...results.slice(1).map((r) => (r.figures[i].p50 / one.p50).toFixed(2)),
        (last.figures[i].buffers / one.buffers).toFixed(2),
        results.every((r) => r.figures[i].answer === one.answer) ? 'yes' : 'NO',
      ]);
    }
    const widths = table[0].map((_, col) => Math.max(...table.map((r) => r[col].length)));
    console.log();
    for (const r of table) console.log(r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
    for (const [i, c] of CASES.entries()) {
      const sizes = results.map((r) => r.figures[i].buffersByStatement);
      const statements = [...sizes[sizes.length - 1]]
        .map(([text, used]) => ({ text, used, before: sizes[0].get(text) ?? 0 }))
        .filter((g) => STATEMENTS === 'all' || g.used > 1.5 * g.before + 10)
        .sort((a, b) => b.used - b.before - (a.used - a.before));
      const shown = STATEMENTS === 'all' ? statements : statements.slice(0, Number(STATEMENTS));
      for (const g of shown) {
        console.log(`${c.name}: ${sizes.map((s) => s.get(g.text) ?? 0).join(' → ')} buffers: ${g.text.replace(/\s+/g, ' ').slice(0, STATEMENTS === 'all' ? 240 : 160)}…`);
      }
    }
    console.log(`\nwarm p50 over HTTP of ${MEASURED_RUNS} runs after ${WARMUP_RUNS}; buffers and plan ms: shared hit + read and planning time of the request's SELECTs, each planned anew (EXPLAIN ANALYZE BUFFERS; the hub's prepared reads reuse their plans); ` +
      `load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end on ${os.cpus().length} cores`);
  } finally {
    await hub.stop({ keepDatabase: process.env.KEEP_DATABASE === '1' });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
