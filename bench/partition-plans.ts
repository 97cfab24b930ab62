import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createServices } from '../src/app/context';
import { seedDemo } from '../src/app/demo/seed';
import { refreshRegionDays } from '../src/indicators/region-day.rollup';
import { refreshSiteDustHours } from '../src/feeds/housing/site-dust-hours.rollup';
import { Department, Role } from '../src/platform/enums';
import { observeStatements } from '../test/support/statements';
import { BenchHub, ensurePartitions } from './bench-hub';

/**
 * The hub's statements over the five month-partitioned tables, against the same rows in plain tables. The demo's
 * December 2016 is copied back month by month over HISTORY_MONTHS (default 48: four years); each case below is run
 * through the hub while its statements are caught on their way to PostgreSQL, and each caught statement that names
 * one of the five tables is then EXPLAIN (ANALYZE, BUFFERS)ed, best of 3, twice: as it runs, and with `search_path`
 * leading to plain copies of the five tables in a schema `plain` (the layout before partitioning: same columns,
 * keys and indexes). Writes are explained inside a transaction rolled back. Prints per statement the planning and
 * execution time, the shared buffers and, partitioned, how many of the table's month partitions were scanned;
 * SHOW_SQL=1 prints each statement first.
 */
const HISTORY_MONTHS = Number(process.env.HISTORY_MONTHS ?? 48);
const TABLES: [table: string, time: string][] = [
  ['air_quality_hourly', 'observed_at'],
  ['weather_hourly', 'observed_at'],
  ['traffic_flow_hourly', 'observed_at'],
  ['site_dust_readings', 'observed_at'],
  ['enterprise_electricity_daily', 'date'],
];
const NAMES = new RegExp(`\\b(${TABLES.map(([t]) => t).join('|')})\\b`);

interface Case {
  name: string;
  run(hub: BenchHub, db: DataSource, reader: string, ecology: string): Promise<unknown>;
}

const gql = (document: string) => (hub: BenchHub, _db: DataSource, reader: string) => hub.gql(reader, document);

const CASES: Case[] = [
  { name: 'one station, a week', run: gql('{ airQualityObservations(stationCode: "1003A", from: "2016-12-10T01:00:00+08:00", to: "2016-12-17T00:00:00+08:00", first: 100) { edges { node { pm25 } } } }') },
  { name: 'a city, a month, totalCount', run: gql('{ airQualityObservations(regionCode: "110100", from: "2016-12-01T01:00:00+08:00", to: "2017-01-01T00:00:00+08:00", first: 100) { totalCount edges { node { pm25 } } } }') },
  { name: 'one station, latest first, no range', run: gql('{ airQualityObservations(stationCode: "1003A", orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100) { edges { node { pm25 } } } }') },
  { name: 'every station, key order, no range', run: gql('{ weatherObservations(first: 100) { edges { node { temperature } } } }') },
  { name: 'every station, latest first, no range', run: gql('{ weatherObservations(orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100) { edges { node { temperature } } } }') },
  { name: 'every station, a day, latest first', run: gql('{ weatherObservations(where: { observedAt: { gte: "2016-12-10T00:00:00+08:00", lt: "2016-12-11T00:00:00+08:00" } }, orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100) { edges { node { temperature } } } }') },
  { name: 'stationAqi, a day', run: gql('{ stationAqi(stationCode: "1003A", from: "2016-12-20T01:00:00+08:00", to: "2016-12-21T00:00:00+08:00") { aqi } }') },
  { name: 'catalog (row counts, freshness)', run: gql('{ datasets { id rowCount latestObservedAt } }') },
  { name: 'energyAnomalies, December', run: gql('{ energyAnomalies(regionCode: "510100", from: "2016-12-01", to: "2016-12-31", onlyFlagged: false) { rows { creditCode changeVsYearAgo } } }') },
  { name: 'emergencyCompliance', run: gql('{ emergencyCompliance(regionCode: "510100", startsAt: "2016-12-16T00:00:00+08:00") { compliant nonCompliant } }') },
  { name: 'dispersion, a week', run: gql('{ dispersion(regionCode: "110100", from: "2016-12-16", to: "2016-12-22") { date unfavourable } }') },
  { name: 'provinceOverview', run: gql('{ provinceOverview(provinceCode: "510000", at: "2016-12-20T12:00:00+08:00") { cities { regionCode } } }') },
  {
    // A day of every station sent again as stored: the upsert's conflict checks, no row changed in either layout.
    name: 're-send 24 h of 12 stations',
    run: async (hub, db, _reader, ecology) => {
      const hours = await db.query(
        `SELECT station_code AS "stationCode", observed_at AS "observedAt", pm25, pm10, so2, no2, o3, co FROM air_quality_hourly
         WHERE station_code IS NOT NULL AND observed_at BETWEEN '2016-12-20T01:00:00+08:00' AND '2016-12-21T00:00:00+08:00'`,
      );
      return hub.gql(ecology, 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted unchanged } }', { i: hours });
    },
  },
  {
    name: 'region-day refresh, a month of a city',
    run: (_hub, db) =>
      db.transaction((tx) =>
        refreshRegionDays(tx, Array.from({ length: 31 }, (_, d) => ({ regionCode: '110100', day: `2016-12-${String(d + 1).padStart(2, '0')}` }))),
      ),
  },
  {
    name: 'site-hour refresh, a day of both sites',
    run: (_hub, db) => {
      const hours = Array.from({ length: 24 }, (_, h) => new Date(Date.parse('2016-12-20T01:00:00+08:00') + h * 3_600_000));
      const sites = ['CD-SITE-001', 'CD-SITE-002'];
      return db.transaction((tx) => refreshSiteDustHours(tx, sites.flatMap((s) => hours.map(() => s)), sites.flatMap(() => hours)));
    },
  },
];

interface Plan {
  planMs: number;
  execMs: number;
  buffers: number;
  partitions: number;
}

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * EXPLAIN ANALYZE of a case's statements, replayed in order in one transaction rolled back (a recompute's INSERT
 * follows its DELETE; a write changes nothing), best of 3 per statement. A statement that fails on replay (one
 * another connection's state made valid) is left out.
 */
async function explainAll(db: DataSource, statements: Statement[], plain: boolean): Promise<(Plan | undefined)[]> {
  const best: (Plan | undefined)[] = statements.map(() => undefined);
  for (let i = 0; i < 3; i++) {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      if (plain) await runner.query('SET LOCAL search_path = plain, public');
      for (const [n, { text, values }] of statements.entries()) {
        await runner.query('SAVEPOINT replay');
        try {
          const [{ 'QUERY PLAN': [plan] }] = await runner.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, values);
          const relations = new Set<string>();
          // Months whose scan ran: a partition pruned at each rescan of a nested loop stays in the plan, never executed.
          JSON.stringify(plan, function (this: Record<string, unknown>, key, value) {
            if (key === 'Relation Name' && /_\d{4}_\d{2}$/.test(value) && (this['Actual Loops'] as number) > 0) relations.add(value);
            return value;
          });
          const figures = {
            planMs: plan['Planning Time'],
            execMs: plan['Execution Time'],
            buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
            partitions: relations.size,
          };
          const known = best[n];
          if (!known || figures.planMs + figures.execMs < known.planMs + known.execMs) best[n] = figures;
        } catch {
          await runner.query('ROLLBACK TO SAVEPOINT replay');
        }
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }
  return best;
}

/** December 2016 copied into each of the HISTORY_MONTHS − 1 months before it. */
async function copyHistory(db: DataSource): Promise<void> {
  const first = `${2016 - Math.floor((HISTORY_MONTHS - 1) / 12)}-01-01`;
  for (const [table, time] of TABLES) {
    await ensurePartitions(db, table, first, '2016-12-31');
    const columns: string[] = (
      await db.query(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`, [table])
    ).map((c: { attname: string }) => c.attname);
    const moved = columns.map((c) => (c === time ? `(${c} - k * interval '1 month')::${time === 'date' ? 'date' : 'timestamptz'}` : c));
    await db.query(
      `INSERT INTO ${table} (${columns.join(', ')})
       SELECT ${moved.join(', ')} FROM ${table}, generate_series(1, $1::int - 1) k
       WHERE ${time} >= '2016-12-01' AND ${time} < '2017-01-01'
       ON CONFLICT DO NOTHING`,
      [HISTORY_MONTHS],
    );
    await db.query(`CREATE TABLE plain.${table} (LIKE public.${table} INCLUDING ALL)`);
    await db.query(`INSERT INTO plain.${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM public.${table}`);
    await db.query(`VACUUM ANALYZE ${table}`);
    await db.query(`VACUUM ANALYZE plain.${table}`);
  }
}

async function main(): Promise<void> {
  const hub = await BenchHub.start();
  const db = hub.database.dataSource;
  try {
    await seedDemo(db, createServices(db, { ingestMaxBatch: 10_000 }), 10_000);
    await db.query('CREATE SCHEMA plain');
    await copyHistory(db);
    const sizes = await Promise.all(TABLES.map(async ([t]) => `${t} ${Number((await db.query(`SELECT count(*) AS n FROM ${t}`))[0].n).toLocaleString('en')}`));
    console.log(`${HISTORY_MONTHS} months of history (the demo's December copied back): ${sizes.join(', ')}`);
    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);

    const rows = [['case', '#', 'partitioned: plan ms', 'exec ms', 'buffers', 'months scanned', 'plain: plan ms', 'exec ms', 'buffers', 'exec+plan ×']];
    for (const c of CASES) {
      await c.run(hub, db, reader, ecology);
      const statements: Statement[] = [];
      await observeStatements(() => c.run(hub, db, reader, ecology), (text, values) => {
        if (!/^\s*(EXPLAIN|BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|DECLARE|FETCH|CLOSE|LISTEN)/i.test(text)) statements.push({ text, values: values ?? [] });
      });
      const [partitioned, plainPlans] = [await explainAll(db, statements, false), await explainAll(db, statements, true)];
      let shown = 0;
      for (const [i, { text }] of statements.entries()) {
        const [p, q] = [partitioned[i], plainPlans[i]];
        if (!NAMES.test(text) || !p || !q) continue;
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = $1::regclass`, [NAMES.exec(text)![1]]);
        if (process.env.SHOW_SQL) console.log(`-- ${c.name} #${shown + 1}\n${text.replace(/\s+/g, ' ').trim()}\n`);
        rows.push([
          c.name, String(++shown), p.planMs.toFixed(2), p.execMs.toFixed(2), String(p.buffers), `${p.partitions}/${n}`,
          q.planMs.toFixed(2), q.execMs.toFixed(2), String(q.buffers), ((p.planMs + p.execMs) / (q.planMs + q.execMs)).toFixed(2),
        ]);
      }
    }
    const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
    for (const r of rows) console.log(r.map((cell, col) => (col < 2 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
  } finally {
    await hub.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
