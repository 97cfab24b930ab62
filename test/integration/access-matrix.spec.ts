import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

/**
 * Who may read and write what: every department × role × dataset, for reads and writes, before and after sharing
 * grants; then region-limited grants inside and outside their region, through every path to the data.
 */
const DEPARTMENTS = Object.values(Department);
const ROLES = Object.values(Role);

const DATASETS = {
  regions: {
    owner: Department.COMMAND_CENTER,
    read: '{ regions(first: 1) { totalCount } }',
    write: `mutation { upsertRegions(input: [{ code: "510000", name: "四川省", level: PROVINCE }]) { accepted } }`,
  },
  'air-stations': {
    owner: Department.ECOLOGY,
    read: '{ airStations(first: 1) { totalCount } }',
    write: `mutation { upsertAirStations(input: [{ code: "1431A", name: "金泉两河", regionCode: "510100", controlLevel: NATIONAL }]) { accepted } }`,
  },
  'air-quality-hourly': {
    owner: Department.ECOLOGY,
    read: '{ airQualityObservations(first: 1) { totalCount } }',
    write: `mutation { ingestAirQuality(input: [{ stationCode: "1431A", observedAt: "2025-01-10T08:00:00+08:00", pm25: 80 }]) { accepted } }`,
  },
  'city-targets': {
    owner: Department.COMMAND_CENTER,
    read: '{ cityTargets(first: 1) { totalCount } }',
    write: `mutation { upsertCityTargets(input: [{ regionCode: "510100", periodKind: YEAR, period: "2025", pm25Target: 35 }]) { accepted } }`,
  },
} as const;
type DatasetId = keyof typeof DATASETS;

/** Chengdu (with its Jinjiang district) and Zigong, a national station in each, one hour of PM2.5 at both. */
async function publishTwoCities(hub: TestHub, commandCenter: string, ecology: string): Promise<void> {
  await hub.data(commandCenter, `mutation { upsertRegions(input: [
    { code: "510000", name: "四川省", level: PROVINCE },
    { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true },
    { code: "510104", name: "锦江区", level: COUNTY, parentCode: "510100" },
    { code: "510300", name: "自贡市", level: CITY, parentCode: "510000", keyCity: true }]) { accepted } }`);
  await hub.data(ecology, `mutation { upsertAirStations(input: [
    { code: "1431A", name: "金泉两河", regionCode: "510104", controlLevel: NATIONAL },
    { code: "1441A", name: "自贡大塘山", regionCode: "510300", controlLevel: NATIONAL }]) { accepted } }`);
  await hub.data(ecology, `mutation { ingestAirQuality(input: [
    { stationCode: "1431A", observedAt: "2025-01-10T08:00:00+08:00", pm25: 80 },
    { stationCode: "1441A", observedAt: "2025-01-10T08:00:00+08:00", pm25: 60 }]) { accepted } }`);
}

describe('dataset access: the matrix', () => {
  let hub: TestHub;
  const keys = new Map<string, string>();
  const key = (d: Department, r: Role) => keys.get(`${d}/${r}`)!;

  beforeAll(async () => {
    hub = await TestHub.start({ RATE_LIMITS: 'PUBLISHER=100000,READER=100000,ADMIN=100000' });
    for (const d of DEPARTMENTS) for (const r of ROLES) keys.set(`${d}/${r}`, await hub.key(d, r));
    const cc = key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const eco = key(Department.ECOLOGY, Role.PUBLISHER);
    await publishTwoCities(hub, cc, eco);
    await hub.data(cc, `mutation { upsertCityTargets(input: [{ regionCode: "510300", periodKind: YEAR, period: "2025", pm25Target: 40 }]) { accepted } }`);
  });
  afterAll(() => hub.stop());

  /** What the rules say: reads without a grant for the command center, the owner and open data, whatever the role. */
  const mayRead = (d: Department, id: DatasetId, granted: boolean) =>
    granted || d === Department.COMMAND_CENTER || d === DATASETS[id].owner || id === 'regions';
  const mayWrite = (d: Department, r: Role, id: DatasetId) => d === DATASETS[id].owner && r === Role.PUBLISHER;

  async function outcome(k: string, query: string): Promise<string> {
    const result = await hub.gql(k, query);
    return result.errors?.length ? String(result.errors[0].extensions?.code) : 'OK';
  }

  async function matrix(granted: (d: Department, id: DatasetId) => boolean) {
    const mismatches: string[] = [];
    for (const d of DEPARTMENTS) {
      for (const r of ROLES) {
        const { datasets } = await hub.data(key(d, r), '{ datasets { id myAccess } }');
        for (const id of Object.keys(DATASETS) as DatasetId[]) {
          const myAccess = datasets.find((x: { id: string }) => x.id === id).myAccess;
          const expectedAccess = mayWrite(d, r, id) ? 'PUBLISH' : mayRead(d, id, granted(d, id)) ? 'READ' : 'NONE';
          if (myAccess !== expectedAccess) mismatches.push(`${d} ${r} myAccess ${id}: ${myAccess}, expected ${expectedAccess}`);
          const read = await outcome(key(d, r), DATASETS[id].read);
          const expectedRead = mayRead(d, id, granted(d, id)) ? 'OK' : 'FORBIDDEN';
          if (read !== expectedRead) mismatches.push(`${d} ${r} read ${id}: ${read}, expected ${expectedRead}`);
          const write = await outcome(key(d, r), DATASETS[id].write);
          const expectedWrite = mayWrite(d, r, id) ? 'OK' : 'FORBIDDEN';
          if (write !== expectedWrite) mismatches.push(`${d} ${r} write ${id}: ${write}, expected ${expectedWrite}`);
        }
      }
    }
    return mismatches;
  }

  test('without grants: 7 departments × 3 roles × 4 datasets × catalog/read/write', async () => {
    expect(await matrix(() => false)).toEqual([]);
  });

  test('a refused read names the dataset', async () => {
    const result = await hub.gql(key(Department.FORESTRY, Role.READER), DATASETS['air-quality-hourly'].read);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', dataset: 'air-quality-hourly' } });
    expect(result.errors?.[0].message).toContain('air-quality-hourly');
  });

  test("a department's ADMIN key reads what its READER keys read: nothing of another department's without a grant", async () => {
    const housingAdmin = key(Department.HOUSING, Role.ADMIN);
    const airQuality = async () => {
      const { datasets } = await hub.data(housingAdmin, '{ datasets { id myAccess } }');
      const read = await hub.gql(housingAdmin, '{ airQualityObservations(first: 10) { edges { node { stationCode pm25 } } } }');
      return { myAccess: datasets.find((d: { id: string }) => d.id === 'air-quality-hourly').myAccess, read };
    };
    const before = await airQuality();
    expect(before.myAccess).toBe('NONE');
    expect(before.read.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'air-quality-hourly' });
    expect((await hub.gql(housingAdmin, '{ datasetAccessLog(dataset: "air-quality-hourly") { totalCount } }')).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );

    const { grantDatasetAccess } = await hub.data(
      key(Department.ECOLOGY, Role.ADMIN),
      `mutation { grantDatasetAccess(input: { dataset: "air-quality-hourly", department: HOUSING, reason: "dust control" }) { id } }`,
    );
    const granted = await airQuality();
    expect(granted.myAccess).toBe('READ');
    expect(granted.read.data.airQualityObservations.edges.map((e: any) => e.node)).toEqual([
      { stationCode: '1431A', pm25: 80 },
      { stationCode: '1441A', pm25: 60 },
    ]);

    await hub.data(key(Department.ECOLOGY, Role.ADMIN), `mutation { revokeDatasetAccess(id: "${grantDatasetAccess.id}") { active } }`);
    expect((await airQuality()).myAccess).toBe('NONE');
  });

  test('with a grant to every other department on every dataset, reads open and writes stay with the owner', async () => {
    for (const id of ['air-stations', 'air-quality-hourly', 'city-targets'] as DatasetId[]) {
      const owner = DATASETS[id].owner;
      for (const d of DEPARTMENTS.filter((x) => x !== owner)) {
        await hub.data(key(owner, Role.ADMIN), `mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }`, {
          i: { dataset: id, department: d, reason: 'joint control, Section 9' },
        });
      }
    }
    expect(await matrix(() => true)).toEqual([]);
  });
});

describe('region-limited, expiring and revoked grants', () => {
  let hub: TestHub;
  let ecologyAdmin: string;
  let housing: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const eco = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    ecologyAdmin = await hub.key(Department.ECOLOGY, Role.ADMIN);
    housing = await hub.key(Department.HOUSING, Role.READER);
    await publishTwoCities(hub, cc, eco);
    for (const dataset of ['air-stations', 'air-quality-hourly']) {
      await hub.data(ecologyAdmin, `mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }`, {
        i: { dataset, department: 'HOUSING', regionCodes: ['510100'], reason: 'dust control around Chengdu sites' },
      });
    }
  });
  afterAll(() => hub.stop());

  const code = async (query: string) => (await hub.gql(housing, query)).errors?.[0]?.extensions?.code ?? 'OK';

  test('a grant for 510100 covers its districts and nothing else', async () => {
    expect(await code('{ airStations(regionCode: "510104") { totalCount } }')).toBe('OK');
    expect(await code('{ airStations(regionCode: "510300") { totalCount } }')).toBe('FORBIDDEN');
    expect(await code('{ cityDailyAqi(regionCode: "510100", from: "2025-01-10", to: "2025-01-10") { aqi } }')).toBe('OK');
    expect(await code('{ cityDailyAqi(regionCode: "510300", from: "2025-01-10", to: "2025-01-10") { aqi } }')).toBe('FORBIDDEN');
    expect(await code('{ cityHourlyAqi(regionCode: "510000", from: "2025-01-10T08:00:00+08:00", to: "2025-01-10T08:00:00+08:00") { aqi } }')).toBe('FORBIDDEN');
    expect(await code('{ cityPeriodIndicators(regionCode: "510100", from: "2025-01-10", to: "2025-01-10") { pm25 } }')).toBe('OK');
    expect(await code('{ cityPeriodIndicators(regionCode: "510300", from: "2025-01-10", to: "2025-01-10") { pm25 } }')).toBe('FORBIDDEN');
    // No such region is said as such, under a limited grant too, before a range that is wrong as well.
    expect(await code('{ cityPeriodIndicators(regionCode: "519999", from: "2025-01-10", to: "2025-01-10") { pm25 } }')).toBe('NOT_FOUND');
    expect(await code('{ cityPeriodIndicators(regionCode: "519999", from: "2025-01-11", to: "2025-01-10") { pm25 } }')).toBe('NOT_FOUND');
    expect(await code('{ cityPeriodIndicators(regionCode: "510300", from: "2025-01-11", to: "2025-01-10") { pm25 } }')).toBe('BAD_USER_INPUT');
  });

  test('unfiltered lists return only the granted regions\' rows', async () => {
    const { airStations, airQualityObservations } = await hub.data(housing, `{
      airStations { edges { node { code } } }
      airQualityObservations { edges { node { stationCode pm25 } } } }`);
    expect(airStations.edges.map((e: any) => e.node.code)).toEqual(['1431A']);
    expect(airQualityObservations.edges.map((e: any) => e.node)).toEqual([{ stationCode: '1431A', pm25: 80 }]);
  });

  test('nested fields and federation references are checked too', async () => {
    const nested = await hub.gql(housing, '{ region(code: "510300") { airStations { totalCount } } }');
    expect(nested.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'air-stations' });
    const entities = await hub.gql(housing, `{ _entities(representations: [{ __typename: "AirStation", code: "1441A" }]) { ... on AirStation { name } } }`);
    expect(entities.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'air-stations' });
    const allowed = await hub.data(housing, `{ _entities(representations: [{ __typename: "AirStation", code: "1431A" }]) { ... on AirStation { name } } }`);
    expect(allowed._entities).toEqual([{ name: '金泉两河' }]);
    const stationAqi = await hub.gql(housing, '{ stationAqi(stationCode: "1441A", from: "2025-01-10T08:00:00+08:00", to: "2025-01-10T08:00:00+08:00") { aqi } }');
    expect(stationAqi.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('under a region-limited grant, a key outside it and a key that does not exist get the same answer', async () => {
    const answer = async (k: string, query: string) => {
      const result = await hub.gql(k, query);
      return { data: result.data, errors: result.errors?.map((e) => ({ code: e.extensions?.code, dataset: e.extensions?.dataset, regionCodes: e.extensions?.regionCodes })) };
    };
    const stationAqi = (code: string) => `{ stationAqi(stationCode: "${code}", from: "2025-01-10T08:00:00+08:00", to: "2025-01-10T08:00:00+08:00") { aqi } }`;
    const station = (code: string) => `{ _entities(representations: [{ __typename: "AirStation", code: "${code}" }]) { ... on AirStation { name } } }`;
    const refused = { code: 'FORBIDDEN', dataset: 'air-stations', regionCodes: ['510100'] };

    // 1441A exists, in Zigong, outside HOUSING's grant for Chengdu; 9999A does not exist at all.
    expect(await answer(housing, stationAqi('1441A'))).toEqual({ data: null, errors: [refused] });
    expect(await answer(housing, stationAqi('9999A'))).toEqual({ data: null, errors: [refused] });
    expect(await answer(housing, station('1441A'))).toEqual({ data: { _entities: [null] }, errors: [refused] });
    expect(await answer(housing, station('9999A'))).toEqual({ data: { _entities: [null] }, errors: [refused] });
    const message = (await hub.gql(housing, stationAqi('9999A'))).errors?.[0].message;
    expect(message).toBe('air station 9999A is not among the rows of dataset air-stations that HOUSING may read: its grant covers regions 510100 only');
    expect((await hub.gql(housing, stationAqi('1431A'))).data).toEqual({ stationAqi: [{ aqi: 107 }] });

    // Whoever reads the whole dataset learns nothing it could not list anyway: a missing station is missing.
    const ecology = await hub.key(Department.ECOLOGY, Role.READER);
    expect((await hub.gql(ecology, stationAqi('9999A'))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await answer(ecology, station('9999A'))).toEqual({ data: { _entities: [null] }, errors: undefined });

    // The same for a declared dataset's entities: HOUSING's construction sites, granted to ECOLOGY for Chengdu.
    await hub.data(await hub.key(Department.HOUSING, Role.PUBLISHER), `mutation { upsertConstructionSites(input: [
      { id: "CD-1", name: "锦江工地", regionCode: "510104", status: ACTIVE, dustMonitor: true, video: true },
      { id: "ZG-1", name: "自贡工地", regionCode: "510300", status: ACTIVE, dustMonitor: true, video: false }]) { accepted } }`);
    await hub.data(await hub.key(Department.HOUSING, Role.ADMIN), `mutation { grantDatasetAccess(input: {
      dataset: "construction-sites", department: ECOLOGY, regionCodes: ["510100"], reason: "dust around Chengdu sites" }) { id } }`);
    const site = (id: string) => `{ _entities(representations: [{ __typename: "ConstructionSite", id: "${id}" }]) { ... on ConstructionSite { name } } }`;
    const siteRefused = { code: 'FORBIDDEN', dataset: 'construction-sites', regionCodes: ['510100'] };
    expect(await answer(ecology, site('CD-1'))).toEqual({ data: { _entities: [{ name: '锦江工地' }] }, errors: undefined });
    expect(await answer(ecology, site('ZG-1'))).toEqual({ data: { _entities: [null] }, errors: [siteRefused] });
    expect(await answer(ecology, site('NO-SUCH'))).toEqual({ data: { _entities: [null] }, errors: [siteRefused] });
    expect((await hub.gql(ecology, site('ZG-1'))).errors?.[0].message).toBe(
      'ConstructionSite id ZG-1 is not among the rows of dataset construction-sites that ECOLOGY may read: its grant covers regions 510100 only',
    );
  });

  test('a revoked or expired grant gives nothing', async () => {
    const { grantDatasetAccess } = await hub.data(ecologyAdmin, `mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id active } }`, {
      i: { dataset: 'air-quality-hourly', department: 'FORESTRY', reason: 'fire influence', expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(grantDatasetAccess.active).toBe(true);
    const forestry = await hub.key(Department.FORESTRY, Role.READER);
    expect((await hub.gql(forestry, '{ airQualityObservations { totalCount } }')).errors).toBeUndefined();
    await hub.data(ecologyAdmin, `mutation { revokeDatasetAccess(id: "${grantDatasetAccess.id}") { active } }`);
    expect((await hub.gql(forestry, '{ airQualityObservations { totalCount } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    await hub.db.query(
      `INSERT INTO sharing_grants (id, dataset, grantee, reason, expires_at, granted_by) SELECT gen_random_uuid(), 'air-quality-hourly', 'FORESTRY', 'old', now() - interval '1 day', key_id FROM ingest_batches LIMIT 1`,
    );
    expect((await hub.gql(forestry, '{ airQualityObservations { totalCount } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('only the owner (ADMIN, PUBLISHER) and the command center ADMIN manage grants; grants are validated', async () => {
    const grant = (k: string, i: object) => hub.gql(k, `mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }`, { i });
    const base = { dataset: 'air-quality-hourly', department: 'ECONOMY', reason: 'energy anomalies' };
    expect((await grant(await hub.key(Department.HOUSING, Role.ADMIN), base)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await grant(await hub.key(Department.ECOLOGY, Role.READER), base)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await grant(await hub.key(Department.ECOLOGY, Role.PUBLISHER), base)).errors).toBeUndefined();
    expect((await grant(await hub.key(Department.COMMAND_CENTER, Role.ADMIN), base)).errors).toBeUndefined();
    const bad = [
      { ...base, dataset: 'nope' },
      { ...base, department: 'ECOLOGY' },
      { ...base, reason: '  ' },
      { ...base, regionCodes: ['999999'] },
      { ...base, expiresAt: '2020-01-01T00:00:00Z' },
    ];
    for (const i of bad) expect([i, (await grant(ecologyAdmin, i)).errors?.[0].extensions?.code]).toEqual([i, 'BAD_USER_INPUT']);
    // Open reference data needs no grant; asked by its owner's ADMIN, that is an input error, not a permission one.
    const commandCenterAdmin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    expect((await grant(commandCenterAdmin, { ...base, dataset: 'regions' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('what an ADMIN key sees of others: the audit log and the grants', () => {
  let hub: TestHub;
  const admins = new Map<Department, string>();
  const keyIds = new Map<string, Department>();
  const OWNED: Partial<Record<Department, string[]>> = {
    [Department.ECOLOGY]: ['air-stations', 'air-quality-hourly'],
    [Department.HOUSING]: ['construction-sites'],
  };

  /** A key whose public id is remembered with its department. */
  async function keyOf(department: Department, role: Role): Promise<string> {
    const token = await hub.key(department, role);
    keyIds.set(token.slice(3, 15), department);
    return token;
  }

  beforeAll(async () => {
    hub = await TestHub.start();
    for (const d of [Department.ECOLOGY, Department.HOUSING, Department.ECONOMY, Department.COMMAND_CENTER]) admins.set(d, await keyOf(d, Role.ADMIN));
    const ecology = await keyOf(Department.ECOLOGY, Role.PUBLISHER);
    const housing = await keyOf(Department.HOUSING, Role.PUBLISHER);
    const economy = await keyOf(Department.ECONOMY, Role.READER);
    await publishTwoCities(hub, await keyOf(Department.COMMAND_CENTER, Role.PUBLISHER), ecology);
    for (const department of ['HOUSING', 'ECONOMY']) {
      await hub.data(admins.get(Department.ECOLOGY)!, `mutation EcologyGrants($d: Department!) {
        grantDatasetAccess(input: { dataset: "air-stations", department: $d, reason: "joint control" }) { id } }`, { d: department });
    }
    await hub.data(housing, `mutation HousingPublishesSites { upsertConstructionSites(input: [
      { id: "CD-1", name: "锦江工地", regionCode: "510104", status: ACTIVE, dustMonitor: true, video: true }]) { accepted } }`);
    // One request reading two departments' datasets: ECOLOGY's stations (granted) and HOUSING's own sites.
    await hub.data(housing, 'query HousingReadsStationsAndSites { airStations { totalCount edges { node { code } } } constructionSites { edges { node { id } } } }');
    await hub.data(economy, 'query EconomyReadsStations { airStations(first: 1) { edges { node { code } } } }');
    await hub.gql(null, 'query NoKey { me { keyId } }');
    await auditHolds(['EcologyGrants', 'HousingPublishesSites', 'HousingReadsStationsAndSites', 'EconomyReadsStations', 'NoKey']);
  });

  /**
   * Flushes the audit log until it holds these operations: a request is recorded when its response has been sent,
   * which may come just after the client has read it.
   */
  async function auditHolds(operations: string[]): Promise<void> {
    for (;;) {
      await hub.flushAudit();
      const [{ n }] = await hub.db.query('SELECT count(DISTINCT operation)::int AS n FROM audit_log WHERE operation = ANY($1)', [operations]);
      if (n === operations.length) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  afterAll(() => hub.stop());

  const ENTRY = 'keyId department operation operationType batchId datasetsRead datasetsWritten rowsRead rowsAccepted rowsRejected';
  async function entries(admin: string, filter = '{}') {
    const { auditLog } = await hub.data(admin, `query Look($f: AuditLogFilter) { auditLog(first: 1000, filter: $f) { totalCount edges { node { ${ENTRY} } } } }`, {
      f: JSON.parse(filter),
    });
    expect(auditLog.totalCount).toBe(auditLog.edges.length);
    return auditLog.edges.map((e: any) => e.node);
  }
  /** Request entries by operation name (the own entries of writes and of key or grant changes are looked at apart). */
  const named = (nodes: any[]) =>
    new Map(nodes.filter((n) => n.operation && n.operation !== 'Look' && !['batch', 'change'].includes(n.operationType)).map((n) => [n.operation, n]));

  test("a department's ADMIN sees its own keys' entries and the reads of its datasets, through its datasets only", async () => {
    const outOfPlace: string[] = [];
    for (const department of [Department.ECOLOGY, Department.HOUSING, Department.ECONOMY]) {
      const owned = OWNED[department] ?? [];
      for (const node of await entries(admins.get(department)!)) {
        const datasets: string[] = [...node.datasetsRead, ...node.datasetsWritten];
        if (node.department === department) {
          if (keyIds.get(node.keyId) !== department) outOfPlace.push(`${department} sees key ${node.keyId} as its own`);
        } else if (!datasets.length || datasets.some((d) => !owned.includes(d))) {
          // Another department's request is shown only for the datasets this department owns, and through those only.
          outOfPlace.push(`${department} sees ${node.department}'s ${node.operation} with datasets [${datasets.join(', ')}]`);
        }
      }
    }
    expect(outOfPlace).toEqual([]);

    const ecologyChanges = (await entries(admins.get(Department.ECOLOGY)!)).filter((n: any) => n.operationType === 'change');
    expect(ecologyChanges.map((n: any) => n.operation.replace(/ [0-9a-f-]{36} /, ' <id> ')).sort()).toEqual([
      'grantDatasetAccess <id> air-stations to ECONOMY',
      'grantDatasetAccess <id> air-stations to HOUSING',
    ]);
    const ecology = named(await entries(admins.get(Department.ECOLOGY)!));
    expect([...ecology.keys()].sort()).toEqual(['EcologyGrants', 'EconomyReadsStations', 'HousingReadsStationsAndSites']);
    expect(ecology.get('HousingReadsStationsAndSites')).toMatchObject({ department: 'HOUSING', datasetsRead: ['air-stations'], rowsRead: 2 });
    expect(ecology.get('EconomyReadsStations')).toMatchObject({ department: 'ECONOMY', datasetsRead: ['air-stations'], rowsRead: 1 });

    const housing = named(await entries(admins.get(Department.HOUSING)!));
    expect([...housing.keys()].sort()).toEqual(['HousingPublishesSites', 'HousingReadsStationsAndSites']);
    const whole = housing.get('HousingReadsStationsAndSites');
    expect([...whole.datasetsRead].sort()).toEqual(['air-stations', 'construction-sites']);
    expect(whole.rowsRead).toBe(3);
    expect(housing.get('HousingPublishesSites')).toMatchObject({ datasetsWritten: ['construction-sites'], rowsAccepted: 1, rowsRejected: 0 });
    // The write's own entry, stored with its rows, is its department's too.
    const housingBatches = (await entries(admins.get(Department.HOUSING)!)).filter((n: any) => n.operationType === 'batch');
    expect(housingBatches).toEqual([
      expect.objectContaining({ department: 'HOUSING', datasetsWritten: ['construction-sites'], rowsAccepted: 1, batchId: expect.any(String) }),
    ]);

    const economy = named(await entries(admins.get(Department.ECONOMY)!));
    expect([...economy.keys()]).toEqual(['EconomyReadsStations']);
  });

  test("filters apply to what the ADMIN may see: another department's datasets find nothing of others' requests", async () => {
    const ecologyAdmin = admins.get(Department.ECOLOGY)!;
    expect(named(await entries(ecologyAdmin, '{"dataset":"construction-sites"}')).size).toBe(0);
    expect([...named(await entries(ecologyAdmin, '{"department":"HOUSING"}')).keys()]).toEqual(['HousingReadsStationsAndSites']);
    expect([...named(await entries(admins.get(Department.HOUSING)!, '{"dataset":"air-stations"}')).keys()]).toEqual(['HousingReadsStationsAndSites']);
  });

  test("the command center's ADMIN sees every entry whole, anonymous ones too; other keys see none", async () => {
    const all = named(await entries(admins.get(Department.COMMAND_CENTER)!));
    for (const op of ['EcologyGrants', 'HousingPublishesSites', 'HousingReadsStationsAndSites', 'EconomyReadsStations', 'NoKey']) expect(all.has(op)).toBe(true);
    expect([...all.get('HousingReadsStationsAndSites').datasetsRead].sort()).toEqual(['air-stations', 'construction-sites']);
    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    expect((await hub.gql(reader, '{ auditLog { totalCount } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test("sharingGrants: a department's ADMIN sees the grants of its datasets and those given to it, not grants between others", async () => {
    const grants = async (k: string) =>
      (await hub.data(k, '{ sharingGrants { dataset department } }')).sharingGrants.map((g: any) => `${g.dataset} → ${g.department}`).sort();
    const both = ['air-stations → ECONOMY', 'air-stations → HOUSING'];
    expect(await grants(admins.get(Department.ECOLOGY)!)).toEqual(both);
    expect(await grants(admins.get(Department.HOUSING)!)).toEqual(['air-stations → HOUSING']);
    expect(await grants(admins.get(Department.ECONOMY)!)).toEqual(['air-stations → ECONOMY']);
    expect(await grants(await hub.key(Department.FORESTRY, Role.ADMIN))).toEqual([]);
    expect(await grants(await hub.key(Department.COMMAND_CENTER, Role.READER))).toEqual(both);
  });
});
