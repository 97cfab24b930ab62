import 'reflect-metadata';
import { Pool } from 'pg';
import { createDataSource } from '../ormconfig';
import { ApiKeyService } from '../src/admin/api-key.service';
import { Department, Role } from '../src/platform/enums';
import { HubProcess } from '../test/support/hub-process';
import { createBenchDatabase, percentile } from './bench-hub';

/**
 * The hub under a province's traffic, measured from outside: the compiled hub runs as a process of its own (so its
 * RSS and CPU are its own), on a fresh database, with rate limits raised out of the way. A synthetic province of 21
 * cities, 4 stations each (3 national, 1 provincial, over 2 counties), one week published beforehand. Then:
 *
 * 1. CLIENTS clients for SECONDS, each a department system doing 3 reads (a station's last 24 hours, a city's last
 *    7 daily AQIs, the province's monthly scores) to 1 write (20 rows: its city's 4 stations × the next 5 hours).
 *    Clients of a city share its timeline, so no write repeats another's key, while every write of a city — and of
 *    the whole province — touches region-days that others touch at the same moment.
 * 2. Write throughput with 1, 4 and 16 publishers sending 20-row batches back to back, PUBLISHER_SECONDS each, and as
 *    the baseline the same 20-row batches as raw SQL INSERTs into a scratch copy of the table (its keys, indexes and
 *    checks; no rollup, no audit, no HTTP), from the same numbers of connections.
 *
 * Environment: CLIENTS (100), SECONDS (60), PUBLISHER_SECONDS (10); DB_POOL_SIZE and the rest reach the hub.
 */
const CLIENTS = Number(process.env.CLIENTS ?? 100);
const SECONDS = Number(process.env.SECONDS ?? 60);
const PUBLISHER_SECONDS = Number(process.env.PUBLISHER_SECONDS ?? 10);
const PUBLISHER_COUNTS = [1, 4, 16];
const READS_PER_WRITE = 3;
const STATIONS_PER_CITY = 4;
const HOURS_PER_WRITE = 5;
const ROWS_PER_WRITE = STATIONS_PER_CITY * HOURS_PER_WRITE;
const PREFILL_DAYS = 7;
const HUB_ENV = { RATE_LIMITS: 'PUBLISHER=100000000,READER=100000000,ADMIN=100000000' };

const PROVINCE = '510000';
const CITIES = ['510100', '510300', '510400', '510500', '510600', '510700', '510800', '510900', '511000', '511100', '511300',
  '511400', '511500', '511600', '511700', '511800', '511900', '512000', '513200', '513300', '513400'];
const countiesOf = (city: string) => [String(Number(city) + 1), String(Number(city) + 2)];
const stationsOf = (c: number) => Array.from({ length: STATIONS_PER_CITY }, (_, s) => `LD${String(c).padStart(2, '0')}${s}`);

/** The first hour of the timeline (stamped 01:00 CST, the first hour of its day). */
const START = Date.parse('2020-01-01T01:00:00+08:00');
const MONTH = '2020-01';
const at = (hour: number) => new Date(START + hour * 3_600_000).toISOString();
/** The CST day an hour belongs to (the hour stamped 24:00 closes the day before). */
const dayOf = (hour: number) => new Date(START + (hour - 1) * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 10);

function reading(stationCode: string, hour: number) {
  const seed = [...stationCode].reduce((a, ch) => a * 31 + ch.charCodeAt(0), 7);
  const v = (k: number) => ((seed + hour * 11 + k * 13) % 150) + 5;
  return { stationCode, observedAt: at(hour), pm25: v(1), pm10: v(2) + 20, so2: v(3) / 4, no2: v(4) / 2, o3: v(5), co: v(6) / 100 };
}

/** Each city's next hour to publish; the writers of a city take hours from it in turn. */
class Timeline {
  private readonly next = CITIES.map(() => PREFILL_DAYS * 24);

  take(city: number): number {
    const hour = this.next[city];
    this.next[city] += HOURS_PER_WRITE;
    return hour;
  }

  /** The last hour published (or being published) by the city. */
  latest(city: number): number {
    return this.next[city] - 1;
  }
}

/** A city's stations × `HOURS_PER_WRITE` hours from `hour`. */
const batch = (city: number, hour: number) =>
  Array.from({ length: HOURS_PER_WRITE }, (_, h) => stationsOf(city).map((s) => reading(s, hour + h))).flat();

const INGEST = 'mutation($input: [AirQualityInput!]!) { ingestAirQuality(input: $input) { accepted rejected } }';
const READ_NAMES = ['airQualityObservations, a station\'s last 24 h', 'cityDailyAqi, a city\'s last 7 days', `monthlyScores, ${CITIES.length} cities`];
const READS = [
  (city: number, latest: number) => ({
    query: `query($s: String!, $from: DateTime!, $to: DateTime!) { airQualityObservations(stationCode: $s, from: $from, to: $to, first: 24) {
      edges { node { observedAt pm25 pm10 so2 no2 o3 co } } } }`,
    variables: { s: stationsOf(city)[latest % STATIONS_PER_CITY], from: at(latest - 23), to: at(latest) },
  }),
  (city: number, latest: number) => ({
    query: 'query($r: String!, $from: Date!, $to: Date!) { cityDailyAqi(regionCode: $r, from: $from, to: $to) { date aqi level primaryPollutants pm25 } }',
    variables: { r: CITIES[city], from: dayOf(latest - 6 * 24), to: dayOf(latest) },
  }),
  () => ({
    query: `query($p: String!, $m: Month!) { monthlyScores(provinceCode: $p, month: $m) { regionCode total provinceRank dailyRank
      improvement goodDays heavyPollution } }`,
    variables: { p: PROVINCE, m: MONTH },
  }),
];

interface Outcome {
  ms: number;
  /** null when the request succeeded; else the error's code, the HTTP status, or the network error. */
  error: string | null;
}

async function send(url: string, key: string, query: string, variables: Record<string, unknown>, rows = 0): Promise<Outcome> {
  const started = process.hrtime.bigint();
  let error: string | null = null;
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: any; errors?: { extensions?: { code?: string } }[] };
    if (body.errors?.length) error = body.errors[0].extensions?.code ?? `HTTP ${response.status}`;
    else if (response.status !== 200) error = `HTTP ${response.status}`;
    else if (rows && body.data.ingestAirQuality.accepted !== rows) error = 'ROWS_REJECTED';
  } catch (e) {
    error = `NETWORK ${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message}`;
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, error };
}

class Tally {
  readonly ms: number[] = [];
  readonly errors = new Map<string, number>();

  add(outcome: Outcome): void {
    if (outcome.error) this.errors.set(outcome.error, (this.errors.get(outcome.error) ?? 0) + 1);
    else this.ms.push(outcome.ms);
  }

  get ok(): number {
    return this.ms.length;
  }

  latency(): string {
    if (!this.ms.length) return 'no successful request';
    const sorted = [...this.ms].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
  }
}

interface Client {
  city: number;
  publisherKey: string;
  readerKey: string;
}

async function mixedLoad(hub: HubProcess, clients: Client[], timeline: Timeline, seconds: number): Promise<{ reads: Tally; byRead: Tally[]; writes: Tally; seconds: number }> {
  const reads = new Tally();
  const byRead = READS.map(() => new Tally());
  const writes = new Tally();
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    clients.map(async (client, i) => {
      for (let n = i; Date.now() < deadline; n++) {
        if (n % (READS_PER_WRITE + 1) === READS_PER_WRITE) {
          writes.add(await send(hub.url, client.publisherKey, INGEST, { input: batch(client.city, timeline.take(client.city)) }, ROWS_PER_WRITE));
        } else {
          const { query, variables } = READS[n % READS.length](client.city, timeline.latest(client.city));
          const outcome = await send(hub.url, client.readerKey, query, variables);
          reads.add(outcome);
          byRead[n % READS.length].add(outcome);
        }
      }
    }),
  );
  return { reads, byRead, writes, seconds: (Date.now() - started) / 1000 };
}

/** `n` publishers, each a city's system, sending batches back to back for `seconds`: rows acknowledged per second. */
async function publishers(n: number, seconds: number, publish: (publisher: number) => Promise<Outcome>): Promise<{ rowsPerSecond: number; tally: Tally }> {
  const tally = new Tally();
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: n }, async (_, p) => {
      while (Date.now() < deadline) tally.add(await publish(p));
    }),
  );
  return { rowsPerSecond: (tally.ok * ROWS_PER_WRITE) / ((Date.now() - started) / 1000), tally };
}

/** The same 20-row batch as one multi-row INSERT statement (autocommit), into a scratch copy of the hourly table. */
async function rawInsert(pool: Pool, rows: ReturnType<typeof reading>[]): Promise<Outcome> {
  const started = process.hrtime.bigint();
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    values.push(r.stationCode, r.observedAt, r.pm25, r.pm10, r.so2, r.no2, r.o3, r.co);
    const base = values.length - 8;
    return `(${Array.from({ length: 8 }, (_, k) => `$${base + k + 1}`).join(', ')}, '00000000-0000-4000-8000-000000000000')`;
  });
  let error: string | null = null;
  try {
    await pool.query(`INSERT INTO bench_scratch_air_quality (station_code, observed_at, pm25, pm10, so2, no2, o3, co, batch_id) VALUES ${tuples.join(', ')}`, values);
  } catch (e) {
    error = `SQL ${(e as { code?: string }).code ?? (e as Error).message}`;
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, error };
}

async function seed(hub: HubProcess, url: string, timeline: Timeline): Promise<Client[]> {
  const db = createDataSource(url);
  await db.initialize();
  try {
    const keys = new ApiKeyService(db);
    const token = async (department: Department, role: Role) => (await keys.create(department, role)).token;
    const commandCenter = await token(Department.COMMAND_CENTER, Role.PUBLISHER);
    const ecology = await token(Department.ECOLOGY, Role.PUBLISHER);
    const regions = [
      { code: PROVINCE, name: '四川省', level: 'PROVINCE' },
      ...CITIES.flatMap((city, c) => [
        { code: city, name: `城市${c + 1}`, level: 'CITY', parentCode: PROVINCE, keyCity: c % 4 !== 0 },
        ...countiesOf(city).map((county, k) => ({ code: county, name: `城市${c + 1}区${k + 1}`, level: 'COUNTY', parentCode: city })),
      ]),
    ];
    const stations = CITIES.flatMap((city, c) =>
      stationsOf(c).map((code, s) => ({
        code, name: `站点${code}`, regionCode: countiesOf(city)[s % 2], controlLevel: s === STATIONS_PER_CITY - 1 ? 'PROVINCIAL' : 'NATIONAL',
      })),
    );
    await must(send(hub.url, commandCenter, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: regions }));
    await must(send(hub.url, ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', { i: stations }));
    // The week before the run: each city's stations, a day per call.
    for (let c = 0; c < CITIES.length; c++) {
      for (let d = 0; d < PREFILL_DAYS; d++) {
        const input = Array.from({ length: 24 }, (_, h) => stationsOf(c).map((s) => reading(s, d * 24 + h))).flat();
        await must(send(hub.url, ecology, INGEST, { input }, input.length));
      }
    }
    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      clients.push({ city: i % CITIES.length, publisherKey: await token(Department.ECOLOGY, Role.PUBLISHER), readerKey: await token(Department.COMMAND_CENTER, Role.READER) });
    }
    // One request of each kind per client before the clock starts: keys verified and cached, plans warm.
    await Promise.all(
      clients.map(async (client) => {
        for (const read of READS) {
          const { query, variables } = read(client.city, timeline.latest(client.city));
          await must(send(hub.url, client.readerKey, query, variables));
        }
        await must(send(hub.url, client.publisherKey, INGEST, { input: batch(client.city, timeline.take(client.city)) }, ROWS_PER_WRITE));
      }),
    );
    return clients;
  } finally {
    await db.destroy();
  }
}

async function must(outcome: Promise<Outcome>): Promise<void> {
  const { error } = await outcome;
  if (error) throw new Error(`seeding failed: ${error}`);
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rate = (n: number) => Math.round(n).toLocaleString('en');
const errorsOf = (...tallies: Tally[]) => {
  const all = new Map<string, number>();
  for (const t of tallies) for (const [code, n] of t.errors) all.set(code, (all.get(code) ?? 0) + n);
  return all.size ? [...all].map(([code, n]) => `${code} ×${n}`).join(', ') : 'none';
};

async function main() {
  const database = await createBenchDatabase();
  let hub: HubProcess | undefined;
  const pool = new Pool({ connectionString: database.url, max: Math.max(...PUBLISHER_COUNTS) });
  try {
    hub = await HubProcess.start({ ...HUB_ENV, DATABASE_URL: database.url });
    const timeline = new Timeline();
    const clients = await seed(hub, database.url, timeline);

    const rssStart = await hub.rssBytes();
    const cpuStart = await hub.cpuSeconds();
    const { reads, byRead, writes, seconds } = await mixedLoad(hub, clients, timeline, SECONDS);
    const cpu = (await hub.cpuSeconds()) - cpuStart;
    const rssEnd = await hub.rssBytes();
    const requests = reads.ok + writes.ok + [...reads.errors.values(), ...writes.errors.values()].reduce((a, b) => a + b, 0);

    console.log(`hub: pid ${hub.pid}, DB_POOL_SIZE ${process.env.DB_POOL_SIZE ?? '10 (default)'}; province of ${CITIES.length} cities × ${STATIONS_PER_CITY} stations`);
    console.log(`mixed load: ${CLIENTS} clients for ${seconds.toFixed(1)} s, ${READS_PER_WRITE} reads : 1 write of ${ROWS_PER_WRITE} rows`);
    console.log(`  requests:   ${rate(requests)} (${rate(requests / seconds)} req/s)`);
    console.log(`  reads:      ${rate(reads.ok)} ok (${rate(reads.ok / seconds)}/s), ${reads.latency()}`);
    byRead.forEach((tally, i) => console.log(`    ${READ_NAMES[i].padEnd(44)} ${rate(tally.ok).padStart(6)} ok, ${tally.latency()}`));
    console.log(`  writes:     ${rate(writes.ok)} ok (${rate(writes.ok / seconds)}/s, ${rate((writes.ok * ROWS_PER_WRITE) / seconds)} rows/s), ${writes.latency()}`);
    console.log(`  errors:     ${errorsOf(reads, writes)}`);
    console.log(`  hub RSS:    ${mb(rssStart)} at start, ${mb(rssEnd)} at end; hub CPU ${cpu.toFixed(1)} s (${((cpu / seconds) * 100).toFixed(0)} % of one core)`);

    await pool.query('CREATE TABLE bench_scratch_air_quality (LIKE air_quality_hourly INCLUDING ALL)');
    const publisherKeys = clients.map((c) => c.publisherKey);
    const rawTimeline = new Timeline();
    console.log(`write throughput, ${ROWS_PER_WRITE}-row batches back to back, ${PUBLISHER_SECONDS} s each:`);
    console.log('  publishers   ingestAirQuality over HTTP                 raw SQL INSERT (same batches)');
    let hubFirst = 0;
    let rawFirst = 0;
    for (const n of PUBLISHER_COUNTS) {
      const viaHub = await publishers(n, PUBLISHER_SECONDS, (p) => {
        const city = p % CITIES.length;
        return send(hub!.url, publisherKeys[p], INGEST, { input: batch(city, timeline.take(city)) }, ROWS_PER_WRITE);
      });
      const raw = await publishers(n, PUBLISHER_SECONDS, (p) => {
        const city = p % CITIES.length;
        return rawInsert(pool, batch(city, rawTimeline.take(city)));
      });
      hubFirst ||= viaHub.rowsPerSecond;
      rawFirst ||= raw.rowsPerSecond;
      const errors = errorsOf(viaHub.tally, raw.tally);
      console.log(
        `  ${String(n).padStart(10)}   ${rate(viaHub.rowsPerSecond).padStart(7)} rows/s ×${(viaHub.rowsPerSecond / hubFirst).toFixed(2)}, ${viaHub.tally.latency()}`.padEnd(72) +
          `${rate(raw.rowsPerSecond).padStart(7)} rows/s ×${(raw.rowsPerSecond / rawFirst).toFixed(2)}, ${raw.tally.latency()}` +
          (errors === 'none' ? '' : `; errors: ${errors}`),
      );
    }
    console.log(`hub RSS after the publisher runs: ${mb(await hub.rssBytes())}`);
  } finally {
    await pool.end();
    await hub?.stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
