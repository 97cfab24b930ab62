import { Department, Role } from '../../src/core/enums';
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

  /** What the rules say: reads without a grant for the command center, ADMIN keys, the owner and open data. */
  const mayRead = (d: Department, r: Role, id: DatasetId, granted: boolean) =>
    granted || d === Department.COMMAND_CENTER || r === Role.ADMIN || d === DATASETS[id].owner || id === 'regions';
  const mayWrite = (d: Department, r: Role, id: DatasetId) => d === DATASETS[id].owner && r === Role.PUBLISHER;

  async function outcome(k: string, query: string): Promise<string> {
    const result = await hub.gql(k, query);
    return result.errors?.length ? String(result.errors[0].extensions?.code) : 'OK';
  }

  async function matrix(granted: (d: Department, id: DatasetId) => boolean) {
    const mismatches: string[] = [];
    for (const d of DEPARTMENTS) {
      for (const r of ROLES) {
        for (const id of Object.keys(DATASETS) as DatasetId[]) {
          const read = await outcome(key(d, r), DATASETS[id].read);
          const expectedRead = mayRead(d, r, id, granted(d, id)) ? 'OK' : 'FORBIDDEN';
          if (read !== expectedRead) mismatches.push(`${d} ${r} read ${id}: ${read}, expected ${expectedRead}`);
          const write = await outcome(key(d, r), DATASETS[id].write);
          const expectedWrite = mayWrite(d, r, id) ? 'OK' : 'FORBIDDEN';
          if (write !== expectedWrite) mismatches.push(`${d} ${r} write ${id}: ${write}, expected ${expectedWrite}`);
        }
      }
    }
    return mismatches;
  }

  test('without grants: 7 departments × 3 roles × 4 datasets × read/write', async () => {
    expect(await matrix(() => false)).toEqual([]);
  });

  test('a refused read names the dataset', async () => {
    const result = await hub.gql(key(Department.FORESTRY, Role.READER), DATASETS['air-quality-hourly'].read);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', dataset: 'air-quality-hourly' } });
    expect(result.errors?.[0].message).toContain('air-quality-hourly');
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
