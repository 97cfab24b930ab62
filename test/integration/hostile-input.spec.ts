import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

/**
 * Property-based fuzzing of every door a client can knock on: GraphQL operations with hostile variables and
 * documents, both bulk formats, and raw HTTP. Whatever comes in: no 5xx, JSON with a code, nothing internal in the
 * answer, nothing stored from a refused input, and bounded growth. Fixed seed: a failure replays exactly.
 */
const SEED = 20261206;
/** Stands for a JSON number JavaScript cannot write (1e999 reads back as Infinity); replaced in the body text. */
const HUGE = '__HUGE_NUMBER__';

const OPERATIONS = [
  `query Observations($s: String, $r: String, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
    airQualityObservations(stationCode: $s, regionCode: $r, from: $from, to: $to, first: $first, after: $after) {
      totalCount edges { cursor node { observedAt pm25 } } pageInfo { endCursor } } }`,
  `query Daily($r: String!, $from: Date!, $to: Date!) { cityDailyAqi(regionCode: $r, from: $from, to: $to) { date aqi } }`,
  `query Period($r: String!, $from: Date!, $to: Date!) { cityPeriodIndicators(regionCode: $r, from: $from, to: $to) { validDays } }`,
  `query Station($s: String!, $from: DateTime!, $to: DateTime!) { stationAqi(stationCode: $s, from: $from, to: $to) { aqi } }`,
  `query Scores($p: String!, $m: Month!) { monthlyScores(provinceCode: $p, month: $m) { regionCode total } }`,
  `query Regions($l: RegionLevel, $p: String, $first: Int, $after: String) {
    regions(level: $l, parentCode: $p, first: $first, after: $after) { edges { cursor node { code name } } } }`,
  `query Stations($r: String, $first: Int, $after: String) { airStations(regionCode: $r, first: $first, after: $after) { totalCount } }`,
  `query Audit($f: AuditLogFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) { totalCount } }`,
  `query AccessLog($d: String!, $first: Int) { datasetAccessLog(dataset: $d, first: $first) { totalCount } }`,
  `query Entities($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`,
  `mutation Ingest($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted rejected errors { index field code message } } }`,
  `mutation Regions($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted rejected errors { code } } }`,
  `mutation StationsUp($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted rejected errors { code } } }`,
  `mutation Revoke($id: ID!) { revokeDatasetAccess(id: $id) { id } }`,
  `mutation RevokeKey($id: ID!) { revokeApiKey(id: $id) { id } }`,
  `mutation Key($n: String, $r: Role!, $d: Department!) { createApiKey(name: $n, role: $r, department: $d) { key { id } } }`,
  `mutation Grant($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }`,
];

const nasty = fc.constantFrom(
  '\u0000', 'x\u0000y', '\u202Eevil', 'a\nb', '', ' ', 'national', 'NATIONAL', '0000-01-01', '0000-01-01T00:00:00Z',
  '1900-01-01T00:00:00+08:00', '0001-01-01T08:00:00+08:00', '9999-12-31T23:59:59+08:00', '2016-02-30', '2016-13',
  '2016-01-01T08:30:00+08:00', '510100', '510000', '1003A', '999999', 'eyJ4IjoxfQ==', 'YWZ0ZXI=', '%00', "'; DROP TABLE regions; --",
  '𝕏'.repeat(3), '\uD800', 'x'.repeat(70_000), HUGE, `-${HUGE}`,
);
const scalar = fc.oneof(
  nasty,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53, -0, 0.1, 1000, 100_000),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 })),
})).value;

/** A hostile row of a publish input: real field names with hostile values, sometimes unknown fields. */
const row = fc.dictionary(
  fc.oneof(
    fc.constantFrom('stationCode', 'regionCode', 'observedAt', 'pm25', 'pm10', 'so2', 'no2', 'o3', 'co', 'code', 'name', 'level', 'parentCode', 'controlLevel', 'latitude', 'longitude'),
    fc.string({ maxLength: 8 }),
  ),
  value,
  { maxKeys: 9 },
);
const variables = fc.dictionary(
  fc.constantFrom('s', 'r', 'from', 'to', 'first', 'after', 'l', 'p', 'm', 'f', 'd', 'id', 'n', 'reps', 'i'),
  fc.oneof(value, fc.array(row, { maxLength: 5 }), row),
  { maxKeys: 6 },
);

function fragmentBomb(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, i) =>
    `fragment F${i} on Region { ${i + 1 < levels ? `children { ...F${i + 1} ...F${i + 1} } parent { ...F${i + 1} }` : 'code'} }`,
  );
  return `query Bomb { regions { edges { node { ...F0 } } } } ${fragments.join(' ')}`;
}

const graphqlRequest = fc.record({
  key: fc.constantFrom('admin', 'ecology', 'commandCenter', 'housing', 'none', 'garbage'),
  query: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...OPERATIONS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.integer({ min: 3, max: 40 }).map(fragmentBomb) },
  ),
  variables: fc.oneof({ weight: 6, arbitrary: variables }, { weight: 1, arbitrary: value }),
  operationName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(nasty, fc.string({ maxLength: 30 })) }),
  accept: fc.constantFrom('application/graphql-response+json', 'application/json', '*/*', 'text/html', undefined),
});

const csvCell = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 20 }), fc.integer().map(String), fc.double().map(String), fc.constantFrom('"', '""', ',', '\r\n'));
const bulkRequest = fc.record({
  format: fc.constantFrom('csv', 'ndjson'),
  header: fc.array(fc.oneof(fc.constantFrom('stationCode', 'regionCode', 'observedAt', 'pm25', 'pm10', 'so2', 'no2', 'o3', 'co'), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 9 }),
  cells: fc.array(fc.array(csvCell, { maxLength: 10 }), { maxLength: 8 }),
  lines: fc.array(fc.oneof(row.map((r) => JSON.stringify(r)), fc.string({ unit: 'binary', maxLength: 60 }), value.map((v) => JSON.stringify(v) ?? 'undefined')), { maxLength: 8 }),
  latin1: fc.boolean(),
});

const rawRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.oneof(
    fc.constantFrom('/graphql', '/ingest/%E0%A4%A', '/ingest/air-quality-hourly', '/ingest/../../etc/passwd', '/ingest/nope', '/nope', '/%', '/graphql?query=%7B__typename%7D', '/readyz', '/healthz'),
    fc.string({ maxLength: 20 }).map((s) => `/graphql?query=${encodeURIComponent(s)}`),
    fc.string({ maxLength: 20 }).map((s) => `/${encodeURIComponent(s)}`),
  ),
  contentType: fc.constantFrom('application/json', 'text/csv', 'application/x-ndjson', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', undefined),
  body: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), value.map((v) => JSON.stringify(v) ?? ''), fc.constant('{"query":')),
});

/** The heap still reachable after a full collection: what requests left behind, not what they churned through. */
function retainedHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** What no answer may contain: a stack frame, a module path, SQL or a PostgreSQL message. */
const INTERNALS = /\bat [^\s]+ \(|node_modules|\.ts:\d+|\bSELECT\b|\bINSERT INTO\b|violates|syntax error at|invalid byte sequence|relation "/;

describe('hostile input: fuzzed GraphQL, bulk files and raw HTTP', () => {
  let hub: TestHub;
  const keys: Record<string, string | null> = { none: null, garbage: 'lt_0000000000_nope' };
  let problems: string[] = [];
  let requests = 0;
  let heapBefore = 0;
  /** Answers by HTTP status, per test: the fuzz must mostly get past the door to mean anything. */
  let statuses = new Map<number, number>();

  beforeAll(async () => {
    // Limits out of the way: the fuzz must reach execution, not the rate limiter (its own tests are elsewhere).
    hub = await TestHub.start({
      RATE_LIMITS: 'PUBLISHER=1000000,READER=1000000,ADMIN=1000000', AUTH_FAILURES_PER_MINUTE: '1000000', INGEST_MAX_BATCH: '50',
    });
    keys.admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    keys.commandCenter = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    keys.ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    keys.housing = await hub.key(Department.HOUSING, Role.READER);
    await hub.data(keys.commandCenter!, `mutation { upsertRegions(input: [
      { code: "510000", name: "四川省", level: PROVINCE },
      { code: "510100", name: "成都市", level: CITY, parentCode: "510000" },
      { code: "510104", name: "锦江区", level: COUNTY, parentCode: "510100" }]) { accepted } }`);
    await hub.data(keys.ecology!, `mutation { upsertAirStations(input: [
      { code: "1003A", name: "东四", regionCode: "510104", controlLevel: NATIONAL }]) { accepted } }`);
    heapBefore = retainedHeap();
  });
  afterAll(() => hub.stop());
  beforeEach(() => {
    problems = [];
    statuses = new Map();
  });
  const share = (status: number) => (statuses.get(status) ?? 0) / [...statuses.values()].reduce((a, b) => a + b, 0);

  /** Sends one request and notes every way its answer breaks the rules. */
  async function check(label: string, send: () => Promise<Response>): Promise<void> {
    requests++;
    const response = await send();
    const text = await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const where = `${label} → ${response.status} ${text.slice(0, 300)}`;
    if (response.status === 204 && !text) return;
    if (response.status >= 500) problems.push(`5xx: ${where}`);
    if (!/json/.test(response.headers.get('content-type') ?? '')) problems.push(`not JSON: ${where}`);
    if (INTERNALS.test(text)) problems.push(`internals leaked: ${where}`);
    let body: { accepted?: number; errors?: { code?: unknown; extensions?: { code?: unknown } }[] };
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`unparsable: ${where}`);
      return;
    }
    for (const error of body.errors ?? []) {
      // A bulk load's answer lists rejected rows, each with its own code; every other error is a GraphQL error.
      const code = body.accepted === undefined ? error.extensions?.code : error.code;
      if (typeof code !== 'string') problems.push(`error without a code: ${where}`);
      else if (code === 'INTERNAL_SERVER_ERROR') problems.push(`internal error: ${where}`);
    }
  }

  const bodyText = (payload: unknown) => JSON.stringify(payload).replaceAll(`"${HUGE}"`, '1e999').replaceAll(`"-${HUGE}"`, '-1e999');

  test('GraphQL operations with hostile variables, documents and names (1,200 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(graphqlRequest, async (r) => {
        const key = keys[r.key];
        await check(`graphql ${JSON.stringify(r).slice(0, 200)}`, () =>
          fetch(`${hub.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(r.accept ? { accept: r.accept } : {}), ...(key ? { authorization: `Bearer ${key}` } : {}) },
            body: bodyText({ query: r.query, variables: r.variables, operationName: r.operationName }),
          }),
        );
      }),
      { seed: SEED, numRuns: 1200 },
    );
    expect(problems).toEqual([]);
    expect(share(429)).toBe(0);
    expect(share(401)).toBeLessThan(0.4);
  }, 240_000);

  test('bulk CSV and NDJSON files with hostile headers, cells, lines and encodings (500 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(bulkRequest, async (r) => {
        const csv = () => [r.header.join(','), ...r.cells.map((c) => c.join(','))].join('\n');
        const text = r.format === 'csv' ? csv() : r.lines.join('\n').replaceAll(`"${HUGE}"`, '1e999');
        const body = r.latin1 ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
        await check(`bulk ${JSON.stringify(r).slice(0, 200)}`, () =>
          fetch(`${hub.url}/ingest/air-quality-hourly`, {
            method: 'POST',
            headers: { 'content-type': r.format === 'csv' ? 'text/csv' : 'application/x-ndjson', authorization: `Bearer ${keys.ecology}` },
            body,
          }),
        );
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(problems).toEqual([]);
    expect(share(200) + share(400)).toBeGreaterThan(0.9);
  }, 240_000);

  test('raw HTTP: any method, path, media type and body (300 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(rawRequest, async (r) => {
        if (r.method === 'GET' && r.path === '/') {
          // The command-center page: the one HTML answer, static, whatever the request carries.
          const page = await fetch(`${hub.url}/`, { headers: r.contentType ? { 'content-type': r.contentType } : {} });
          const text = await page.text();
          if (page.status !== 200 || !page.headers.get('content-type')?.startsWith('text/html') || INTERNALS.test(text)) {
            problems.push(`page: GET / → ${page.status} ${text.slice(0, 300)}`);
          }
          return;
        }
        await check(`raw ${JSON.stringify(r).slice(0, 200)}`, () =>
          fetch(`${hub.url}${r.path}`, {
            method: r.method,
            headers: { ...(r.contentType ? { 'content-type': r.contentType } : {}), authorization: `Bearer ${keys.admin}` },
            body: r.method === 'GET' || r.method === 'OPTIONS' ? undefined : r.body,
          }),
        );
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(problems).toEqual([]);
  }, 240_000);

  test('nothing refused was stored, and what was stored is clean; the audit log grew by a bounded amount', async () => {
    const [bad] = await hub.db.query(`SELECT
      (SELECT count(*)::int FROM air_quality_hourly WHERE observed_at < '1970-01-01') AS ancient_hours,
      (SELECT count(*)::int FROM regions WHERE name ~ '[[:cntrl:]\u202A-\u202E\u2066-\u2069]' OR length(name) > 200) AS dirty_regions,
      (SELECT count(*)::int FROM air_stations WHERE name ~ '[[:cntrl:]\u202A-\u202E\u2066-\u2069]' OR length(name) > 200) AS dirty_stations,
      (SELECT count(*)::int FROM api_keys WHERE length(coalesce(name, '')) > 200) AS long_key_names,
      (SELECT count(*)::int FROM air_quality_hourly WHERE greatest(pm25, pm10, so2, no2, o3, co) > 100000) AS absurd_values`);
    expect(bad).toEqual({ ancient_hours: 0, dirty_regions: 0, dirty_stations: 0, long_key_names: 0, absurd_values: 0 });
    await hub.flushAudit();
    const [{ bytes }] = await hub.db.query(`SELECT pg_total_relation_size('audit_log')::float8 AS bytes`);
    expect(bytes / requests).toBeLessThan(4096);
    // The hub runs in this process: 2,000 hostile requests (70 kB strings, 1e999, bombs) leave nothing behind in it.
    const grownMb = (retainedHeap() - heapBefore) / 2 ** 20;
    expect(grownMb).toBeLessThan(32);
  });
});
