import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { observeStatements } from '../test/support/statements';
import { Department, Role } from '../src/platform/enums';
import { BenchHub, ensurePartitions, percentile } from './bench-hub';

/**
 * A filtered, ordered page of 100 hourly rows over a small and a large `weather_hourly` (100 stations; 100 k rows,
 * then 10 M, made with generate_series straight into the table, the large part loaded without its indexes and
 * foreign-key checks, which are built once after): the page must cost the same whatever the table holds, since it is
 * a keyset page on an index. Two pages, each the second page of its query (read after a cursor):
 *  - one station's latest hours: `where: { stationCode: { eq } }`, `orderBy: OBSERVED_AT DESC` (the primary key);
 *  - every station's latest hours up to a time: `where: { observedAt: { lte } }`, same order (the btree on time).
 * Prints, per size, the p50 of warm runs over HTTP, and the shared buffers and execution time of the page's statement
 * (EXPLAIN ANALYZE BUFFERS of the very statement the hub sent), then the large/small ratios. The large size is 10 M
 * rows, or what loads within LOAD_SECONDS (default 180) on this machine: the output says which.
 */
const STATIONS = 100;
const SMALL_HOURS = 1000;
const TARGET_HOURS = 100_000;
const CHUNK_HOURS = 5000;
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 180);
const RUNS = 30;
const WARMUP = 5;
const T0 = Date.parse('2020-01-01T00:00:00+08:00');
const at = (hour: number) => new Date(T0 + hour * 3_600_000).toISOString();

const PAGE = `query($where: WeatherObservationWhere, $after: String) {
  weatherObservations(where: $where, orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100, after: $after) {
    edges { node { stationCode observedAt temperature } } pageInfo { endCursor hasNextPage } } }`;

interface Figures {
  p50: number;
  buffers: number;
  sqlMs: number;
  rows: number;
}

/** The page statement the hub sends for `run` (the one ordered by time, with a LIMIT), caught on its way to PostgreSQL. */
async function capturePageStatement(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  let caught: { text: string; values: unknown[] } | undefined;
  await observeStatements(run, (text, values) => {
    if (/FROM weather_hourly t WHERE[\s\S]*ORDER BY[\s\S]*LIMIT/.test(text)) caught = { text, values: values ?? [] };
  });
  if (!caught) throw new Error('no page statement seen');
  return caught;
}

async function measure(hub: BenchHub, key: string, where: Record<string, unknown>): Promise<Figures> {
  const first = await hub.gql(key, PAGE, { where });
  const variables = { where, after: first.weatherObservations.pageInfo.endCursor };
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const start = performance.now();
    const page = await hub.gql(key, PAGE, variables);
    if (i >= WARMUP) times.push(performance.now() - start);
    rows = page.weatherObservations.edges.length;
  }
  const statement = await capturePageStatement(() => hub.gql(key, PAGE, variables));
  const [{ 'QUERY PLAN': [plan] }] = await hub.database.dataSource.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values);
  const buffers = plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
  return { p50: percentile(times.sort((a, b) => a - b), 50), buffers, sqlMs: plan['Execution Time'], rows };
}

async function main(): Promise<void> {
  const hub = await BenchHub.start();
  const db = hub.database.dataSource;
  try {
    const key = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const [{ id: keyId }] = await db.query(`SELECT id FROM api_keys LIMIT 1`);
    const batch = randomUUID();
    await db.query(`INSERT INTO ingest_batches (id, dataset, department, key_id, accepted, rejected, unchanged) VALUES ($1, 'weather-hourly', 'METEOROLOGY', $2, 0, 0, 0)`, [batch, keyId]);
    await db.query(`INSERT INTO regions (code, name, level, parent_code, key_city, batch_id) VALUES ('510000', '四川省', 'PROVINCE', NULL, false, $1), ('510100', '成都市', 'CITY', '510000', true, $1)`, [batch]);
    await db.query(`INSERT INTO weather_stations (code, name, region_code, batch_id) SELECT 'W' || lpad(s::text, 4, '0'), 'station ' || s, '510100', $1 FROM generate_series(1, ${STATIONS}) s`, [batch]);
    await ensurePartitions(db, 'weather_hourly', at(0), at(TARGET_HOURS));
    // Hour by hour, every station's value of the hour together: the order a live feed arrives in.
    const load = (from: number, to: number, q: { query: (sql: string, params: unknown[]) => Promise<unknown> } = db) =>
      q.query(
        `INSERT INTO weather_hourly (station_code, observed_at, temperature, batch_id)
         SELECT 'W' || lpad(s::text, 4, '0'), $1::timestamptz + h * interval '1 hour', round((random() * 40 - 10)::numeric, 1)::float8, $2
         FROM generate_series(${from}, ${to}) h, generate_series(1, ${STATIONS}) s ORDER BY h, s`,
        [at(0), batch],
      );
    const sized = async (hours: number) => {
      await db.query('VACUUM ANALYZE weather_hourly');
      const station = { stationCode: { eq: 'W0050' } };
      const upTo = { observedAt: { lte: at(hours - 50) } };
      return { rows: hours * STATIONS, station: await measure(hub, key, station), upTo: await measure(hub, key, upTo) };
    };

    await load(0, SMALL_HOURS - 1);
    const small = await sized(SMALL_HOURS);

    const started = Date.now();
    const runner = db.createQueryRunner();
    await runner.connect();
    let hours = SMALL_HOURS;
    try {
      await runner.query("SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '512MB'");
      await runner.query('ALTER TABLE weather_hourly DROP CONSTRAINT weather_hourly_pkey');
      await runner.query('DROP INDEX weather_hourly_observed_at_idx');
      while (hours < TARGET_HOURS && (Date.now() - started) / 1000 < LOAD_SECONDS) {
        const next = Math.min(hours + CHUNK_HOURS, TARGET_HOURS);
        await load(hours, next - 1, runner);
        hours = next;
      }
      await runner.query('ALTER TABLE weather_hourly ADD PRIMARY KEY (station_code, observed_at)');
      await runner.query('CREATE INDEX weather_hourly_observed_at_idx ON weather_hourly (observed_at, station_code)');
    } finally {
      await runner.release();
    }
    const loadSeconds = (Date.now() - started) / 1000;
    const large = await sized(hours);

    const figures = (f: Figures) => `HTTP p50 ${f.p50.toFixed(1)} ms, SQL ${f.sqlMs.toFixed(2)} ms, ${f.buffers} buffers, ${f.rows} rows`;
    const line = (name: string, size: { rows: number; station: Figures; upTo: Figures }) =>
      `${name.padEnd(6)} ${size.rows.toLocaleString('en').padStart(11)} rows | one station: ${figures(size.station)} | all stations up to a time: ${figures(size.upTo)}`;
    console.log(`weather_hourly, ${STATIONS} stations; page 2 of 100 rows, over HTTP (${RUNS} warm runs)`);
    console.log(line('small', small));
    console.log(line('large', large));
    console.log(
      `large: ${hours === TARGET_HOURS ? '10 M rows as asked' : `${large.rows.toLocaleString('en')} rows, what loaded in ${LOAD_SECONDS} s (10 M not reached)`}; rows and indexes in ${loadSeconds.toFixed(0)} s`,
    );
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const ratios = (l: Figures, s: Figures) => `HTTP p50 ${ratio(l.p50, s.p50)}, SQL ${ratio(l.sqlMs, s.sqlMs)}, buffers ${ratio(l.buffers, s.buffers)}`;
    console.log(
      `ratio large/small (${(large.rows / small.rows).toFixed(0)}× the rows): one station ${ratios(large.station, small.station)}; all stations ${ratios(large.upTo, small.upTo)}`,
    );
  } finally {
    await hub.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
