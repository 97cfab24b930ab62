import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Department, Role } from '../src/platform/enums';
import { BenchHub, percentile } from './bench-hub';

/**
 * A filtered, ordered page of 100 hourly rows over a small and a large `weather_hourly` (1,000 stations, rows made
 * with generate_series straight into the table): the page must cost the same whatever the table holds, since it is a
 * keyset page on an index. Two pages, each the second page of its query (read after a cursor):
 *  - one station's latest hours: `where: { stationId: { eq } }`, `orderBy: OBSERVED_AT DESC` (the primary key);
 *  - every station's latest hours up to a time: `where: { observedAt: { lte } }`, same order (the btree on time).
 * Prints, per size, the p50 of warm runs over HTTP and the shared buffers the page's statement touched (EXPLAIN
 * ANALYZE BUFFERS of the very statement the hub sent), then the large/small ratios. The large size is 10 M rows, or
 * what loads within LOAD_SECONDS (default 180) on this machine: the output says which.
 */
const STATIONS = 1000;
const SMALL_HOURS = 100;
const TARGET_HOURS = 10_000;
const CHUNK_HOURS = 500;
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 180);
const RUNS = 30;
const WARMUP = 5;
const T0 = Date.parse('2020-01-01T00:00:00+08:00');
const at = (hour: number) => new Date(T0 + hour * 3_600_000).toISOString();

const PAGE = `query($where: WeatherObservationWhere, $after: String) {
  weatherObservations(where: $where, orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100, after: $after) {
    edges { node { stationId observedAt temperature } } pageInfo { endCursor hasNextPage } } }`;

interface Figures {
  p50: number;
  buffers: number;
  rows: number;
}

/** The page statement the hub sends for `run` (the one ordered by time, with a LIMIT), caught on its way to PostgreSQL. */
async function capturePageStatement(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  const original = Client.prototype.query;
  let caught: { text: string; values: unknown[] } | undefined;
  Client.prototype.query = function (this: Client, ...args: any[]) {
    const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
    if (typeof text === 'string' && /FROM weather_hourly t WHERE[\s\S]*ORDER BY[\s\S]*LIMIT/.test(text)) caught = { text, values: args[1] };
    return (original as any).apply(this, args);
  } as any;
  try {
    await run();
  } finally {
    Client.prototype.query = original;
  }
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
  return { p50: percentile(times.sort((a, b) => a - b), 50), buffers, rows };
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
    await db.query(`INSERT INTO weather_stations (id, name, region_code, batch_id) SELECT 'W' || lpad(s::text, 4, '0'), 'station ' || s, '510100', $1 FROM generate_series(1, ${STATIONS}) s`, [batch]);
    // Hour by hour, every station's value of the hour together: the order a live feed arrives in.
    const load = (from: number, to: number) =>
      db.query(
        `INSERT INTO weather_hourly (station_id, observed_at, temperature, batch_id)
         SELECT 'W' || lpad(s::text, 4, '0'), $1::timestamptz + h * interval '1 hour', round((random() * 40 - 10)::numeric, 1)::float8, $2
         FROM generate_series(${from}, ${to}) h, generate_series(1, ${STATIONS}) s`,
        [at(0), batch],
      );
    const sized = async (hours: number) => {
      await db.query('VACUUM ANALYZE weather_hourly');
      const station = { stationId: { eq: 'W0500' } };
      const upTo = { observedAt: { lte: at(hours - 50) } };
      return { rows: hours * STATIONS, station: await measure(hub, key, station), upTo: await measure(hub, key, upTo) };
    };

    await load(0, SMALL_HOURS - 1);
    const small = await sized(SMALL_HOURS);

    const started = Date.now();
    let hours = SMALL_HOURS;
    while (hours < TARGET_HOURS && (Date.now() - started) / 1000 < LOAD_SECONDS) {
      const next = Math.min(hours + CHUNK_HOURS, TARGET_HOURS);
      await load(hours, next - 1);
      hours = next;
    }
    const loadSeconds = (Date.now() - started) / 1000;
    const large = await sized(hours);

    const line = (name: string, size: { rows: number; station: Figures; upTo: Figures }) =>
      `${name.padEnd(6)} ${size.rows.toLocaleString('en').padStart(11)} rows | one station, latest first: p50 ${size.station.p50.toFixed(1)} ms, ` +
      `${size.station.buffers} buffers, ${size.station.rows} rows | all stations up to a time, latest first: p50 ${size.upTo.p50.toFixed(1)} ms, ` +
      `${size.upTo.buffers} buffers, ${size.upTo.rows} rows`;
    console.log(`weather_hourly, ${STATIONS} stations; page 2 of 100 rows, over HTTP (${RUNS} warm runs)`);
    console.log(line('small', small));
    console.log(line('large', large));
    console.log(
      `large: ${hours === TARGET_HOURS ? '10 M rows as asked' : `${large.rows.toLocaleString('en')} rows, what loaded in ${LOAD_SECONDS} s (10 M not reached)`}, loaded in ${loadSeconds.toFixed(0)} s`,
    );
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.log(
      `ratio large/small (${(large.rows / small.rows).toFixed(0)}× the rows): one station p50 ${ratio(large.station.p50, small.station.p50)}, buffers ${ratio(large.station.buffers, small.station.buffers)}; ` +
        `all stations p50 ${ratio(large.upTo.p50, small.upTo.p50)}, buffers ${ratio(large.upTo.buffers, small.upTo.buffers)}`,
    );
  } finally {
    await hub.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
