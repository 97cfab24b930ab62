import 'reflect-metadata';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../ormconfig';
import { ApiKeyService } from '../src/admin/api-key.service';
import { Department, Role } from '../src/platform/enums';
import { PROJECT_ROOT } from '../src/platform/paths';
import { freePort } from '../test/support/free-port';
import { HubProcess } from '../test/support/hub-process';
import { createBenchDatabase, SICHUAN_CITIES } from './bench-hub';
import { processCpuSeconds } from './profiling';

/**
 * The hub's read speed beside PostGraphile 5's on the same rows: one database (the hub's migrations, a province of
 * 21 cities and their counties, 210 air stations, 22 days of their hours published through the hub, the region-day
 * rollup settled), served by the compiled hub and by PostGraphile (bench/postgraphile, its own install), each a
 * process of its own. Six cases, one GraphQL document per side asking for the same data; their answers are compared
 * once before the clock starts. Then autocannon drives CONNECTIONS connections at one server at a time, ROUNDS rounds
 * of SECONDS seconds per case and server, the order of the servers reversed every other round, and prints req/s, the
 * ratio hub ÷ PostGraphile per round and its median, and each server's CPU per request (from /proc), which holds when
 * other work shares the machine.
 *
 * Environment: CASES (comma list of case names; all), ROUNDS (3), SECONDS (8), CONNECTIONS (10);
 * HUB_BASELINE=<dir>: also the hub built in that checkout (e.g. a worktree of an older commit, `npm ci && npm run
 * build` there), in the same rounds; HUB_CPU_PROF=<dir>: the hub runs with `--cpu-prof`, its profile written to <dir>
 * when it stops; HUB_NODE_OPTIONS: more options for the hub's node (not the baseline's), e.g. V8's heap sizes.
 * DATABASE_URL: the server to create the database on (else the embedded one under .data/bench).
 */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 8);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
/** Unmeasured load on each server and case before the first round: the JIT compiles the path, pools fill. */
const WARMUP_SECONDS = 2;
const HUB_BASELINE = process.env.HUB_BASELINE;
const HUB_CPU_PROF = process.env.HUB_CPU_PROF;
const HUB_NODE_OPTIONS = (process.env.HUB_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
const HUB_ENV = { RATE_LIMITS: 'PUBLISHER=100000000,READER=100000000,ADMIN=100000000' };
const POSTGRAPHILE_DIR = path.join(PROJECT_ROOT, 'bench', 'postgraphile');

const CITY_NAMES = ['成都市', '自贡市', '攀枝花市', '泸州市', '德阳市', '绵阳市', '广元市', '遂宁市', '内江市', '乐山市', '南充市', '眉山市',
  '宜宾市', '广安市', '达州市', '雅安市', '巴中市', '资阳市', '阿坝藏族羌族自治州', '甘孜藏族自治州', '凉山彝族自治州'];
const COUNTIES_PER_CITY = 8;
const STATIONS_PER_CITY = 10;
const DAYS = 22;
/** The first hour stamp of the series (the first hour of 2026-01-01, CST). */
const FIRST_HOUR = Date.parse('2026-01-01T01:00:00+08:00');

const countyOf = (city: string, k: number) => String(Number(city) + 1 + (k % COUNTIES_PER_CITY));
/** The province's n-th station, in the national network's style (`1431A`). */
const stationCodeOf = (n: number) => `${1000 + n}A`;
const stationCode = (city: number, k: number) => stationCodeOf(city * STATIONS_PER_CITY + k);
/** Of a city's stations, 7 national, 2 provincial, 1 local: every kind of evaluation station feeds the rollup. */
const controlLevel = (k: number) => (k < 7 ? 'NATIONAL' : k < 9 ? 'PROVINCIAL' : 'LOCAL');

/** A plausible hour of a station: smooth swings, one decimal (CO two), a missing value now and then. */
function reading(station: number, hour: number) {
  const wave = (period: number, phase: number) => Math.abs(Math.sin(station * 1.7 + phase + hour / period));
  const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
  return {
    stationCode: stationCodeOf(station),
    observedAt: new Date(FIRST_HOUR + hour * 3_600_000).toISOString(),
    pm25: round(15 + 110 * wave(19, 0)),
    pm10: round(30 + 160 * wave(23, 1)),
    so2: round(3 + 20 * wave(31, 2)),
    no2: round(10 + 60 * wave(13, 3)),
    o3: (station + hour) % 97 === 0 ? null : round(20 + 150 * wave(24 / Math.PI, 4)),
    co: round(0.3 + 1.5 * wave(29, 5), 2),
  };
}

interface Request {
  query: string;
  variables?: Record<string, unknown>;
}

/** A case: what each side is asked, and what of its answer must agree (rows of values, in order). */
interface Case {
  name: string;
  title: string;
  hub: Request;
  postgraphile: Request;
  hubValues(data: any): unknown;
  postgraphileValues(data: any): unknown;
}

const HOUR_FIELDS = 'stationCode observedAt pm25 pm10 so2 no2 o3 co';
const hourValues = (h: any) => [h.stationCode, new Date(h.observedAt).toISOString(), h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co];
const batchValues = (b: any, id: string) => [b[id], b.dataset, b.department, b.keyId, new Date(b.receivedAt).toISOString()];
/** Means computed by two servers may add the same floats in another order: compared to 9 significant digits. */
const means = (values: (number | null)[]) => values.map((v) => (v === null ? null : Number(Number(v).toPrecision(9))));
const LATEST_FIRST = '[{ field: OBSERVED_AT, direction: DESC }]';
const CHENGDU = SICHUAN_CITIES[0];

const CASES: Case[] = [
  {
    name: 'station-hours',
    title: '100 hourly rows of one station, latest first',
    hub: {
      query: `query($s: String!) { airQualityObservations(stationCode: $s, first: 100, orderBy: ${LATEST_FIRST}) { edges { node { ${HOUR_FIELDS} } } } }`,
      variables: { s: stationCode(0, 0) },
    },
    // The hub's rows are keyed by series (S:<station>): PostGraphile is given the same key, so it reads the same index.
    postgraphile: {
      query: `query($k: String!) { allAirQualityHourlies(condition: { seriesKey: $k }, orderBy: [OBSERVED_AT_DESC], first: 100) { edges { node { ${HOUR_FIELDS} } } } }`,
      variables: { k: `S:${stationCode(0, 0)}` },
    },
    hubValues: (d) => d.airQualityObservations.edges.map((e: any) => hourValues(e.node)),
    postgraphileValues: (d) => d.allAirQualityHourlies.edges.map((e: any) => hourValues(e.node)),
  },
  {
    name: 'stations',
    title: '100 stations with their region',
    hub: { query: '{ airStations(first: 100) { edges { node { code name region { code name } } } } }' },
    postgraphile: { query: '{ allAirStations(first: 100, orderBy: [CODE_ASC]) { edges { node { code name regionByRegionCode { code name } } } } }' },
    hubValues: (d) => d.airStations.edges.map(({ node: s }: any) => [s.code, s.name, s.region.code, s.region.name]),
    postgraphileValues: (d) => d.allAirStations.edges.map(({ node: s }: any) => [s.code, s.name, s.regionByRegionCode.code, s.regionByRegionCode.name]),
  },
  {
    name: 'hours-provenance',
    title: '100 hourly rows with their provenance (the batch that published each)',
    hub: {
      query: `query($s: String!) { airQualityObservations(stationCode: $s, first: 100, orderBy: ${LATEST_FIRST}) {
        edges { node { ${HOUR_FIELDS} provenance { id dataset department keyId receivedAt } } } } }`,
      variables: { s: stationCode(5, 3) },
    },
    postgraphile: {
      query: `query($k: String!) { allAirQualityHourlies(condition: { seriesKey: $k }, orderBy: [OBSERVED_AT_DESC], first: 100) {
        edges { node { ${HOUR_FIELDS} ingestBatchByBatchId { rowId dataset department keyId receivedAt } } } } }`,
      variables: { k: `S:${stationCode(5, 3)}` },
    },
    hubValues: (d) => d.airQualityObservations.edges.map(({ node: h }: any) => [...hourValues(h), ...batchValues(h.provenance, 'id')]),
    postgraphileValues: (d) =>
      d.allAirQualityHourlies.edges.map(({ node: h }: any) => [...hourValues(h), ...batchValues(h.ingestBatchByBatchId, 'rowId')]),
  },
  {
    name: 'station-entity',
    title: 'one station by key (the hub: Federation _entities; PostGraphile: by code)',
    hub: {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on AirStation { code name controlLevel latitude longitude } } }',
      variables: { r: [{ __typename: 'AirStation', code: stationCode(3, 2) }] },
    },
    postgraphile: {
      query: 'query($c: String!) { airStationByCode(code: $c) { code name controlLevel latitude longitude } }',
      variables: { c: stationCode(3, 2) },
    },
    hubValues: (d) => d._entities[0],
    postgraphileValues: (d) => d.airStationByCode,
  },
  {
    name: 'region',
    title: 'one region by key, with its parent',
    hub: { query: 'query($c: String!) { region(code: $c) { code name level keyCity parent { code name } } }', variables: { c: countyOf(CHENGDU, 3) } },
    postgraphile: {
      query: 'query($c: String!) { regionByCode(code: $c) { code name level keyCity regionByParentCode { code name } } }',
      variables: { c: countyOf(CHENGDU, 3) },
    },
    hubValues: ({ region: r }) => [r.code, r.name, r.level, r.keyCity, r.parent.code, r.parent.name],
    postgraphileValues: ({ regionByCode: r }) => [r.code, r.name, r.level, r.keyCity, r.regionByParentCode.code, r.regionByParentCode.name],
  },
  {
    name: 'city-month',
    title: "a city's means of a month from the region_days rollup (the hub: cityPeriodIndicators; PostGraphile: pg-aggregates)",
    hub: {
      query: 'query($r: String!, $from: Date!, $to: Date!) { cityPeriodIndicators(regionCode: $r, from: $from, to: $to) { pm25 pm10 so2 no2 } }',
      variables: { r: CHENGDU, from: '2026-01-01', to: '2026-01-31' },
    },
    postgraphile: {
      query: `query($r: String!, $from: Date!, $to: Date!) { allRegionDays(condition: { regionCode: $r }, filter: { day: { greaterThanOrEqualTo: $from, lessThanOrEqualTo: $to } }) {
        aggregates { average { pm25Mean pm10Mean so2Mean no2Mean } } } }`,
      variables: { r: CHENGDU, from: '2026-01-01', to: '2026-01-31' },
    },
    hubValues: ({ cityPeriodIndicators: p }) => means([p.pm25, p.pm10, p.so2, p.no2]),
    postgraphileValues: (d) => {
      const a = d.allRegionDays.aggregates.average;
      return means([a.pm25Mean, a.pm10Mean, a.so2Mean, a.no2Mean]);
    },
  },
];

/** What autocannon (installed in bench/postgraphile) is given and returns, as far as this bench uses it. */
interface AutocannonOptions {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
  expectBody?: string;
}
interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  latency: { p50: number; p99: number };
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

/** A GraphQL server under test: where it answers, what it sends with each request, its process (for its CPU). */
interface Server {
  label: string;
  url: string;
  headers: Record<string, string>;
  pid: number;
  side: 'hub' | 'postgraphile';
  stop(): Promise<void>;
}

/** bench/postgraphile's own install, from its lockfile: on the first run, or when the lockfile changed since. */
function ensurePostGraphileInstalled(): void {
  const installed = path.join(POSTGRAPHILE_DIR, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(path.join(POSTGRAPHILE_DIR, 'package-lock.json')).mtimeMs) return;
  console.log('installing bench/postgraphile (npm ci)…');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: POSTGRAPHILE_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  if (npm.status !== 0) throw new Error(`npm ci in ${POSTGRAPHILE_DIR} failed (${npm.status ?? npm.signal})`);
}

/** Children still running: killed when this process exits, however it exits. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** bench/postgraphile/server.js on a free port over the database; resolves once it listens. */
async function startPostGraphile(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(POSTGRAPHILE_DIR, 'server.js')], {
    cwd: POSTGRAPHILE_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  while (!output.includes('listening')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostGraphile did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    label: 'PostGraphile',
    url,
    headers: {},
    pid: child.pid!,
    side: 'postgraphile',
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      children.delete(child);
    },
  };
}

async function startHub(label: string, databaseUrl: string, key: string, options: { root?: string; nodeOptions?: string[] }): Promise<Server> {
  const hub = await HubProcess.start({ ...HUB_ENV, DATABASE_URL: databaseUrl }, options);
  return { label, url: `${hub.url}/graphql`, headers: { authorization: `Bearer ${key}` }, pid: hub.pid, side: 'hub', stop: () => hub.stop() };
}

/** One request; its body as sent (to hold later answers to) and its data. Throws on a GraphQL error. */
async function ask(url: string, headers: Record<string, string>, request: Request): Promise<{ text: string; data: any }> {
  const response = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(request) });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (body.errors || response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 2000)}`);
  return { text, data: body.data };
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

/** The province through the hub's own mutations: regions, stations, then each day's hours of every station. */
async function loadRows(hubUrl: string, db: DataSource): Promise<void> {
  const keys = new ApiKeyService(db);
  const commandCenter = { authorization: `Bearer ${(await keys.create(Department.COMMAND_CENTER, Role.PUBLISHER)).token}` };
  const ecology = { authorization: `Bearer ${(await keys.create(Department.ECOLOGY, Role.PUBLISHER)).token}` };
  const regions = [
    { code: '510000', name: '四川省', level: 'PROVINCE' },
    ...SICHUAN_CITIES.flatMap((city, c) => [
      { code: city, name: CITY_NAMES[c], level: 'CITY', parentCode: '510000', keyCity: c < 3 },
      ...Array.from({ length: COUNTIES_PER_CITY }, (_, k) => ({ code: countyOf(city, k), name: `${CITY_NAMES[c]}第${k + 1}区`, level: 'COUNTY', parentCode: city })),
    ]),
  ];
  await ask(hubUrl, commandCenter, { query: 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', variables: { i: regions } });
  const stations = SICHUAN_CITIES.flatMap((city, c) =>
    Array.from({ length: STATIONS_PER_CITY }, (_, k) => ({
      code: stationCode(c, k),
      name: `${CITY_NAMES[c]}监测站${k + 1}`,
      regionCode: countyOf(city, k),
      controlLevel: controlLevel(k),
      latitude: 26 + c * 0.35 + k * 0.01,
      longitude: 98 + c * 0.45 + k * 0.01,
    })),
  );
  await ask(hubUrl, ecology, { query: 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', variables: { i: stations } });
  const ingest = 'mutation($input: [AirQualityInput!]!) { ingestAirQuality(input: $input) { accepted rejected } }';
  for (let day = 0; day < DAYS; day++) {
    const input = Array.from({ length: 24 }, (_, h) => stations.map((_s, n) => reading(n, day * 24 + h))).flat();
    const { data } = await ask(hubUrl, ecology, { query: ingest, variables: { input } });
    if (data.ingestAirQuality.accepted !== input.length) throw new Error(`day ${day + 1}: ${JSON.stringify(data.ingestAirQuality)}`);
  }
  // The hub recomputes the region-days its writes queued in the background: the rollup is settled when none waits.
  for (const deadline = Date.now() + 300_000; ; ) {
    const [{ waiting }] = await db.query('SELECT count(*)::int AS waiting FROM region_day_queue');
    if (waiting === 0) break;
    if (Date.now() > deadline) throw new Error(`the region-day rollup still has ${waiting} region-days queued after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await db.query('VACUUM ANALYZE');
}

/**
 * CPU seconds the database's backends (this database's, not the server's other work) have used so far, by pid; null
 * when the server does not run on this machine (its backends' pids are not this machine's processes, and a pid that
 * happens to exist here would be another process's).
 */
async function databaseCpu(db: DataSource): Promise<Map<number, number> | null> {
  const [{ own }]: { own: number }[] = await db.query('SELECT pg_backend_pid() AS own');
  if (processCpuSeconds(own) === null) return null;
  const rows: { pid: number }[] = await db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== null) used.set(pid, seconds);
  }
  return used;
}

interface Round {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU seconds of the server's process per answered request. */
  cpuPerRequest: number;
  /** CPU seconds of the database's backends per answered request. */
  /** Null when the database server is not on this machine. */
  databaseCpuPerRequest: number | null;
  failures: string;
}

function cpuOf(server: Server): number {
  const seconds = processCpuSeconds(server.pid);
  if (seconds === null) throw new Error(`${server.label} (pid ${server.pid}) has exited`);
  return seconds;
}

/** `seconds` of load on one server with one case's request; every answer must be `expected`, byte for byte. */
async function drive(autocannon: Autocannon, db: DataSource, server: Server, request: Request, expected: string | undefined, seconds: number): Promise<Round> {
  const cpuBefore = cpuOf(server);
  const databaseBefore = await databaseCpu(db);
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    headers: { ...JSON_HEADERS, ...server.headers },
    body: JSON.stringify(request),
    connections: CONNECTIONS,
    duration: seconds,
    expectBody: expected,
  });
  const cpu = cpuOf(server) - cpuBefore;
  const databaseAfter = await databaseCpu(db);
  let databaseSeconds: number | null = null;
  if (databaseBefore && databaseAfter) {
    databaseSeconds = 0;
    for (const [pid, after] of databaseAfter) databaseSeconds += after - (databaseBefore.get(pid) ?? 0);
  }
  const answered = result['2xx'] - result.mismatches;
  const failures = Object.entries({ 'non-2xx': result.non2xx, 'wrong answers': result.mismatches, 'connection errors': result.errors, timeouts: result.timeouts })
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');
  return {
    requestsPerSecond: answered / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest: cpu / answered,
    databaseCpuPerRequest: databaseSeconds === null ? null : databaseSeconds / answered,
    failures,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const rate = (n: number) => Math.round(n).toLocaleString('en');
const ms = (seconds: number) => (seconds * 1000).toFixed(2);
const ratio = (n: number) => `${n.toFixed(2)}×`;
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** Each server's answer to the case, held to the hub's values; a mismatch is printed loudly. Returns the bodies to expect. */
async function checkAnswers(c: Case, servers: Server[]): Promise<{ bodies: Map<Server, string | undefined>; agree: boolean }> {
  const bodies = new Map<Server, string | undefined>();
  let reference: string | undefined;
  let agree = true;
  for (const server of servers) {
    const request = server.side === 'hub' ? c.hub : c.postgraphile;
    const first = await ask(server.url, server.headers, request);
    const second = await ask(server.url, server.headers, request);
    // Under load every answer is held to this body, when the server answers the same bytes each time.
    bodies.set(server, first.text === second.text ? first.text : undefined);
    const values = JSON.stringify(server.side === 'hub' ? c.hubValues(first.data) : c.postgraphileValues(first.data));
    if (!/\d/.test(values)) throw new Error(`${c.name}: ${server.label} found nothing: ${first.text.slice(0, 500)}`);
    if (reference === undefined) reference = values;
    else if (values !== reference) {
      agree = false;
      console.log(`\n!!!!! MISMATCH in ${c.name}: ${server.label} does not answer what ${servers[0].label} answers !!!!!`);
      console.log(`  ${servers[0].label}: ${reference.slice(0, 600)}`);
      console.log(`  ${server.label}: ${values.slice(0, 600)}\n`);
    }
  }
  const rows = JSON.parse(reference!);
  if (agree) console.log(`  answers agree: ${Array.isArray(rows) && Array.isArray(rows[0]) ? `${rows.length} rows` : 'one row'} of the same values`);
  return { bodies, agree };
}

async function main() {
  const cases = process.env.CASES ? process.env.CASES.split(',').map((name) => name.trim()) : CASES.map((c) => c.name);
  const unknown = cases.filter((name) => !CASES.some((c) => c.name === name));
  if (unknown.length) throw new Error(`unknown CASES ${unknown.join(', ')}; the cases: ${CASES.map((c) => c.name).join(', ')}`);
  if (!(ROUNDS >= 1 && SECONDS > 0 && CONNECTIONS >= 1)) throw new Error('ROUNDS and CONNECTIONS must be at least 1, SECONDS above 0');
  if (HUB_BASELINE && !existsSync(path.join(HUB_BASELINE, 'dist', 'src', 'app', 'main.js'))) {
    throw new Error(`HUB_BASELINE=${HUB_BASELINE} has no build: run \`npm ci && npm run build\` there first`);
  }
  ensurePostGraphileInstalled();
  const autocannon = createRequire(path.join(POSTGRAPHILE_DIR, 'package.json'))('autocannon') as Autocannon;
  const postgraphileVersion = JSON.parse(readFileSync(path.join(POSTGRAPHILE_DIR, 'node_modules', 'postgraphile', 'package.json'), 'utf8')).version;

  const database = await createBenchDatabase();
  const db = createDataSource(database.url);
  const servers: Server[] = [];
  let mismatches = 0;
  let failedRounds = 0;
  try {
    const started = Date.now();
    // The hub that migrates and loads is not the one measured, whose heap and compiled code then come from reads alone.
    const loader = await HubProcess.start({ ...HUB_ENV, DATABASE_URL: database.url });
    await db.initialize();
    try {
      await loadRows(`${loader.url}/graphql`, db);
    } finally {
      await loader.stop();
    }
    const [counts] = await db.query(`SELECT (SELECT count(*) FROM regions)::int AS regions, (SELECT count(*) FROM air_stations)::int AS stations,
      (SELECT count(*) FROM air_quality_hourly)::int AS hours, (SELECT count(*) FROM region_days)::int AS days, (SELECT count(*) FROM ingest_batches)::int AS batches`);
    const reader = (await new ApiKeyService(db).create(Department.COMMAND_CENTER, Role.READER)).token;

    const hubOptions = { nodeOptions: [...HUB_NODE_OPTIONS, ...(HUB_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(HUB_CPU_PROF)}`] : [])] };
    servers.push(await startHub('hub', database.url, reader, hubOptions));
    if (HUB_BASELINE) servers.push(await startHub('baseline', database.url, reader, { root: path.resolve(HUB_BASELINE) }));
    servers.push(await startPostGraphile(database.url));
    const [hub, postgraphile] = [servers[0], servers[servers.length - 1]];
    const baseline = HUB_BASELINE ? servers[1] : undefined;

    console.log(`hub vs PostGraphile ${postgraphileVersion}, each a process of its own over one database (loaded in ${((Date.now() - started) / 1000).toFixed(0)} s):`);
    console.log(`  ${counts.regions} regions, ${counts.stations} air stations, ${rate(counts.hours)} hourly rows, ${rate(counts.days)} region-days, ${counts.batches} ingest batches`);
    if (baseline) console.log(`  baseline: the hub built in ${path.resolve(HUB_BASELINE!)}`);
    if (HUB_CPU_PROF) console.log(`  the hub's CPU profile goes to ${path.resolve(HUB_CPU_PROF)} when it stops`);
    console.log(`  ${CONNECTIONS} connections, ${ROUNDS} round(s) of ${SECONDS} s per case and server (after ${WARMUP_SECONDS} s of warm-up), load average ${loadAverage()}`);

    const summary: string[][] = [];
    for (const c of CASES.filter((k) => cases.includes(k.name))) {
      console.log(`\n${c.name}: ${c.title}`);
      const { bodies, agree } = await checkAnswers(c, servers);
      if (!agree) mismatches++;
      const unverified = servers.filter((s) => bodies.get(s) === undefined).map((s) => s.label);
      if (unverified.length) console.log(`  (${unverified.join(', ')} answered different bytes twice: its answers under load are not checked)`);
      const requestOf = (s: Server) => (s.side === 'hub' ? c.hub : c.postgraphile);
      for (const server of servers) await drive(autocannon, db, server, requestOf(server), bodies.get(server), WARMUP_SECONDS);
      console.log(`  round  server         req/s   p50 ms   p99 ms   CPU ms/req   PostgreSQL CPU ms/req`);
      const rounds = new Map<Server, Round[]>(servers.map((s) => [s, []]));
      for (let r = 0; r < ROUNDS; r++) {
        const order = r % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const round = await drive(autocannon, db, server, requestOf(server), bodies.get(server), SECONDS);
          rounds.get(server)!.push(round);
          if (round.failures) failedRounds++;
          console.log(
            `  ${String(r + 1).padStart(5)}  ${server.label.padEnd(12)} ${rate(round.requestsPerSecond).padStart(7)} ${String(round.p50).padStart(8)} ${String(round.p99).padStart(8)}` +
              `   ${ms(round.cpuPerRequest).padStart(10)}   ${(round.databaseCpuPerRequest === null ? 'n/a' : ms(round.databaseCpuPerRequest)).padStart(21)}${round.failures ? `   FAILED: ${round.failures}` : ''}`,
          );
        }
        const of = (s: Server) => rounds.get(s)![r];
        console.log(
          `         hub ÷ PostGraphile ${ratio(of(hub).requestsPerSecond / of(postgraphile).requestsPerSecond)} by req/s, ` +
            `${ratio(of(postgraphile).cpuPerRequest / of(hub).cpuPerRequest)} by CPU per request` +
            (baseline ? `; hub ÷ baseline ${ratio(of(hub).requestsPerSecond / of(baseline).requestsPerSecond)} by req/s, ${ratio(of(baseline).cpuPerRequest / of(hub).cpuPerRequest)} by CPU` : ''),
        );
      }
      const medianOf = (s: Server, f: (round: Round) => number) => median(rounds.get(s)!.map(f));
      const perRound = (a: Server, b: Server, f: (ra: Round, rb: Round) => number) => median(rounds.get(a)!.map((ra, i) => f(ra, rounds.get(b)![i])));
      summary.push([
        c.name + (agree ? '' : ' (ANSWERS DIFFER)'),
        rate(medianOf(hub, (x) => x.requestsPerSecond)),
        rate(medianOf(postgraphile, (x) => x.requestsPerSecond)),
        ratio(perRound(hub, postgraphile, (h, p) => h.requestsPerSecond / p.requestsPerSecond)),
        ratio(perRound(hub, postgraphile, (h, p) => p.cpuPerRequest / h.cpuPerRequest)),
        ...(baseline
          ? [rate(medianOf(baseline, (x) => x.requestsPerSecond)), ratio(perRound(hub, baseline, (h, b) => h.requestsPerSecond / b.requestsPerSecond)), ratio(perRound(hub, baseline, (h, b) => b.cpuPerRequest / h.cpuPerRequest))]
          : []),
      ]);
    }

    console.log(`\nmedians of ${ROUNDS} round(s); a ratio above 1 means the hub is faster (by CPU per request: the other's CPU ÷ the hub's)`);
    const header = ['case', 'hub req/s', 'PostGraphile req/s', 'hub ÷ PG', 'by CPU', ...(baseline ? ['baseline req/s', 'hub ÷ baseline', 'by CPU'] : [])];
    const widths = header.map((h, i) => Math.max(h.length, ...summary.map((row) => row[i].length)));
    for (const row of [header, ...summary]) console.log(`  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ')}`);
    console.log(`load average at the end: ${loadAverage()}`);
    if (mismatches) console.log(`\n!!!!! ${mismatches} case(s) where the servers' answers differ: their figures compare different work !!!!!`);
    if (failedRounds) console.log(`\n!!!!! ${failedRounds} round(s) with failed or wrong answers (FAILED above): their req/s count only the right ones !!!!!`);
  } finally {
    for (const server of servers) await server.stop();
    if (db.isInitialized) await db.destroy();
    await database.drop();
  }
  if (mismatches || failedRounds) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
