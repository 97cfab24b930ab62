import { getIntrospectionQuery } from 'graphql';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

const SETUP_REGIONS = `mutation { upsertRegions(input: [
  { code: "510000", name: "四川省", level: PROVINCE },
  { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true }]) { accepted } }`;

describe('the audit log', () => {
  let hub: TestHub;
  let ecology: string;
  let housing: string;
  let admin: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    housing = await hub.key(Department.HOUSING, Role.READER);
    admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    await hub.data(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), SETUP_REGIONS);
    await hub.data(ecology, `mutation Stations { upsertAirStations(input: [
      { code: "1431A", name: "金泉两河", regionCode: "510100", controlLevel: NATIONAL },
      { code: "1432A", name: "君平街", regionCode: "510100", controlLevel: NATIONAL },
      { code: "X", name: "bad", regionCode: "999999", controlLevel: LOCAL }]) { accepted } }`);
    await hub.data(ecology, `mutation { grantDatasetAccess(input: { dataset: "air-stations", department: HOUSING, reason: "site dust" }) { id } }`);
    await hub.data(housing, 'query HousingReadsStations { airStations { edges { node { code } } } }');
    await hub.gql(housing, 'query Refused { airQualityObservations { totalCount } }');
    await hub.gql(null, 'query NoKey { me { keyId } }');
    await hub.flushAudit();
  });
  afterAll(() => hub.stop());

  test('every request is an entry: who, what, which datasets, how many rows, how it ended', async () => {
    const { auditLog } = await hub.data(admin, `{ auditLog(first: 20) { totalCount edges { node {
      keyId department role operation operationType datasetsRead datasetsWritten rowsRead rowsAccepted rowsRejected outcome errorCode httpStatus durationMs } } } }`);
    const byOperation = (op: string) => auditLog.edges.map((e: any) => e.node).find((n: any) => n.operation === op);
    expect(byOperation('Stations')).toMatchObject({
      keyId: ecology.slice(3, 15), department: 'ECOLOGY', role: 'PUBLISHER', operationType: 'mutation',
      datasetsWritten: ['air-stations'], rowsAccepted: 2, rowsRejected: 1, outcome: 'OK', httpStatus: 200,
    });
    expect(byOperation('HousingReadsStations')).toMatchObject({ department: 'HOUSING', datasetsRead: ['air-stations'], rowsRead: 2, outcome: 'OK' });
    expect(byOperation('Refused')).toMatchObject({ department: 'HOUSING', outcome: 'ERROR', errorCode: 'FORBIDDEN', rowsRead: 0 });
    expect(byOperation('NoKey')).toMatchObject({ keyId: null, outcome: 'ERROR', errorCode: 'UNAUTHENTICATED', httpStatus: 401 });
    expect(byOperation('Stations').durationMs).toBeGreaterThan(0);
  });

  test('the owner sees who read its data; others may not look', async () => {
    const { datasetAccessLog } = await hub.data(ecology, '{ datasetAccessLog(dataset: "air-stations") { edges { node { department keyId operation rows } } } }');
    expect(datasetAccessLog.edges.map((e: any) => e.node)).toContainEqual({
      department: 'HOUSING', keyId: housing.slice(3, 15), operation: 'HousingReadsStations', rows: 2,
    });
    const other = await hub.gql(housing, '{ datasetAccessLog(dataset: "air-stations") { totalCount } }');
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const notAdmin = await hub.gql(ecology, '{ auditLog { totalCount } }');
    expect(notAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('the log is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(hub.db.query(`UPDATE audit_log SET outcome = 'OK'`)).rejects.toThrow(/append-only/);
    await expect(hub.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(hub.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('abuse limits', () => {
  let hub: TestHub;
  let reader: string;

  beforeAll(async () => {
    hub = await TestHub.start({ RATE_LIMITS: 'READER=5,PUBLISHER=1000,ADMIN=1000', REQUEST_BODY_LIMIT: '2kb', MAX_QUERY_DEPTH: '8', MAX_QUERY_ALIASES: '5' });
    reader = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    await hub.data(reader, SETUP_REGIONS);
  });
  afterAll(() => hub.stop());

  test('depth, aliases and cost are refused before execution, each with its code', async () => {
    const deep = await hub.gql(reader, '{ region(code: "510100") { parent { children { parent { children { parent { children { parent { code } } } } } } } } }');
    expect(deep.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
    const aliases = await hub.gql(reader, `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: me { keyId }`).join(' ')} }`);
    expect(aliases.errors?.[0].extensions?.code).toBe('TOO_MANY_ALIASES');
    // 1,000 regions × 1,000 stations each: weighted by page size, far over 100,000.
    const costly = await hub.gql(reader, '{ regions(first: 1000) { edges { node { airStations(first: 1000) { edges { node { code } } } } } } }');
    expect(costly.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 100000 });
    expect(costly.errors?.[0].extensions?.cost).toBeGreaterThan(1_000_000);
    const fine = await hub.gql(reader, '{ regions(first: 10) { edges { node { airStations(first: 10) { totalCount } } } } }');
    expect(fine.errors).toBeUndefined();
  });

  test('introspection stays available to a valid key', async () => {
    const result = await hub.gql(reader, getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    expect(result.data.__schema.queryType.name).toBe('Query');
  });

  test('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const result = await hub.gql(reader, `{ me { keyId } } # ${'x'.repeat(3000)}`);
    expect(result.status).toBe(413);
    expect(result.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a key over its rate is 429 RATE_LIMITED with retryAfter; other keys are unaffected', async () => {
    const limited = await hub.key(Department.HOUSING, Role.READER);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) codes.push((await hub.gql(limited, '{ me { keyId } }')).errors?.[0]?.extensions?.code);
    expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, 'RATE_LIMITED']);
    const refused = await hub.gql(limited, '{ me { keyId } }');
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0].extensions?.retryAfter).toBeGreaterThanOrEqual(1);
    expect((await hub.gql(reader, '{ me { keyId } }')).errors).toBeUndefined();
  });

  test('bulk files go through the same door: the same bucket, the same 429', async () => {
    const limited = await hub.key(Department.HOUSING, Role.READER);
    const post = () =>
      fetch(`${hub.url}/ingest/air-quality-hourly`, {
        method: 'POST',
        headers: { authorization: `Bearer ${limited}`, 'content-type': 'text/csv' },
        body: 'stationCode,observedAt,pm25\n',
      });
    for (let i = 0; i < 5; i++) expect((await hub.gql(limited, '{ me { keyId } }')).errors).toBeUndefined();
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await fetch(`${hub.url}/ingest/air-quality-hourly`, { method: 'POST', body: 'x' })).status).toBe(401);
  });
});

describe('keys and the catalog', () => {
  let hub: TestHub;
  let ccAdmin: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    ccAdmin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
  });
  afterAll(() => hub.stop());

  test('create, rotate with a grace period, revoke; an ADMIN manages only its own department', async () => {
    const { createApiKey } = await hub.data(ccAdmin, 'mutation { createApiKey(department: ECOLOGY, role: ADMIN, name: "eco admin") { token key { id department role name } } }');
    expect(createApiKey.key).toMatchObject({ department: 'ECOLOGY', role: 'ADMIN', name: 'eco admin' });
    const ecoAdmin = createApiKey.token;
    const housingKey = await hub.key(Department.HOUSING, Role.READER);
    const housingId = housingKey.slice(3, 15);
    expect((await hub.gql(ecoAdmin, `mutation { revokeApiKey(id: "${housingId}") { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.gql(housingKey, '{ apiKeys { id } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const { createApiKey: created } = await hub.data(ecoAdmin, 'mutation { createApiKey(department: ECOLOGY, role: PUBLISHER) { token key { id } } }');
    const { rotateApiKey } = await hub.data(ecoAdmin, `mutation { rotateApiKey(id: "${created.key.id}", graceMinutes: 30) { token key { previousValidUntil } } }`);
    expect(rotateApiKey.token).not.toBe(created.token);
    expect((await hub.gql(created.token, '{ me { keyId } }')).errors).toBeUndefined(); // old secret, within the grace period
    expect((await hub.gql(rotateApiKey.token, '{ me { keyId } }')).errors).toBeUndefined();
    const { rotateApiKey: again } = await hub.data(ecoAdmin, `mutation { rotateApiKey(id: "${created.key.id}", graceMinutes: 0) { token } }`);
    expect((await hub.gql(rotateApiKey.token, '{ me { keyId } }')).status).toBe(401); // no grace this time
    expect((await hub.gql(again.token, '{ me { keyId } }')).errors).toBeUndefined();

    await hub.data(ecoAdmin, `mutation { revokeApiKey(id: "${created.key.id}") { revokedAt } }`);
    expect((await hub.gql(again.token, '{ me { keyId } }')).status).toBe(401);
    const { apiKeys } = await hub.data(ecoAdmin, '{ apiKeys { department } }');
    expect(new Set(apiKeys.map((k: any) => k.department))).toEqual(new Set(['ECOLOGY']));
    // Only hashes are stored: no secret appears anywhere in the table.
    const stored = JSON.stringify(await hub.db.query('SELECT * FROM api_keys'));
    expect(stored).not.toContain(again.token.slice(16));
  });

  test('the catalog lists every dataset with fields, units, freshness, size and the caller\'s access', async () => {
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const eco = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(cc, SETUP_REGIONS);
    await hub.data(eco, 'mutation { upsertAirStations(input: [{ code: "1431A", name: "金泉两河", regionCode: "510100", controlLevel: NATIONAL }]) { accepted } }');
    await hub.data(eco, 'mutation { ingestAirQuality(input: [{ stationCode: "1431A", observedAt: "2025-01-10T08:00:00+08:00", pm25: 80 }]) { accepted } }');
    const housing = await hub.key(Department.HOUSING, Role.READER);
    const { datasets } = await hub.data(housing, '{ datasets { id owner cadence rowCount latestObservedAt lastPublishedAt myAccess fields { name unit } } }');
    const byId = Object.fromEntries(datasets.map((d: any) => [d.id, d]));
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(['regions', 'air-stations', 'air-quality-hourly', 'city-targets']));
    expect(byId['air-quality-hourly']).toMatchObject({ owner: 'ECOLOGY', cadence: 'PT1H', rowCount: 1, latestObservedAt: '2025-01-10T08:00:00+08:00', myAccess: 'NONE' });
    expect(byId['air-quality-hourly'].fields).toContainEqual({ name: 'co', unit: 'mg/m³' });
    expect(byId['air-quality-hourly'].fields).toContainEqual({ name: 'pm25', unit: 'µg/m³' });
    expect(byId.regions).toMatchObject({ rowCount: 2, myAccess: 'READ', latestObservedAt: null });
    const ecoView = await hub.data(eco, '{ datasets { id myAccess } }');
    expect(ecoView.datasets.find((d: any) => d.id === 'air-quality-hourly').myAccess).toBe('PUBLISH');
  });
});
