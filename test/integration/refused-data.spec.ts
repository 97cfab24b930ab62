import { Department, Role } from '../../src/platform/enums';
import { ApiKeyService } from '../../src/admin/api-key.service';
import { TestHub } from '../support/hub';

/**
 * Bad data is refused, never stored: names and labels with control or bidirectional-control characters or over
 * their length, and times before 1970. A bad row is rejected with its code and nothing of it is stored; the other
 * rows of its batch or file are. A bad argument (a key's name, a grant's reason) is BAD_USER_INPUT.
 */
const REPORT = '{ accepted rejected errors { index field code message } }';
const errorsOf = (report: { errors: { index: number; field: string | null; code: string }[] }) => report.errors.map((e) => [e.index, e.field, e.code]);

describe('bad data is refused, the rest of its batch stored', () => {
  let hub: TestHub;
  let cc: string;
  let admin: string;
  let ecology: string;
  let housing: string;

  const count = async (sql: string, params: unknown[] = []) => Number((await hub.db.query(sql, params))[0].n);

  beforeAll(async () => {
    hub = await TestHub.start();
    cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    housing = await hub.key(Department.HOUSING, Role.PUBLISHER);
    await hub.data(cc, `mutation { upsertRegions(input: [
      { code: "510000", name: "四川省", level: PROVINCE },
      { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true },
      { code: "510104", name: "锦江区", level: COUNTY, parentCode: "510100" }]) { accepted } }`);
  });
  afterAll(() => hub.stop());

  test('region and station names: no bidi override, no line break, no control character, at most 100 characters', async () => {
    const { upsertRegions } = await hub.data(cc, `mutation($i: [RegionInput!]!) { upsertRegions(input: $i) ${REPORT} }`, {
      i: [
        { code: '510105', name: '青羊区', level: 'COUNTY', parentCode: '510100' },
        { code: '510106', name: '金牛\u202E区', level: 'COUNTY', parentCode: '510100' },
        { code: '510107', name: '武侯区\n（新）', level: 'COUNTY', parentCode: '510100' },
        { code: '510108', name: '成华\u0007区', level: 'COUNTY', parentCode: '510100' },
        { code: '510112', name: '龙泉驿区'.repeat(26), level: 'COUNTY', parentCode: '510100' },
        { code: '510113', name: '\u2067青白江区\u2069', level: 'COUNTY', parentCode: '510100' },
      ],
    });
    expect(upsertRegions.accepted).toBe(1);
    expect(errorsOf(upsertRegions)).toEqual([
      [1, 'name', 'CONTROL_CHARACTER'],
      [2, 'name', 'CONTROL_CHARACTER'],
      [3, 'name', 'CONTROL_CHARACTER'],
      [4, 'name', 'TOO_LONG'],
      [5, 'name', 'CONTROL_CHARACTER'],
    ]);
    expect(upsertRegions.errors[0].message).toBe(
      'name contains U+202E at position 2: names and labels hold no control, line-break or bidirectional-control characters',
    );
    expect(upsertRegions.errors[3].message).toBe('name is 104 characters long, more than the 100 allowed');
    expect(await count("SELECT count(*) AS n FROM regions WHERE code LIKE '5101__' AND code NOT IN ('510100', '510104')")).toBe(1);

    const { upsertAirStations } = await hub.data(ecology, `mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) ${REPORT} }`, {
      i: [
        { code: '2880A', name: '金泉两河', regionCode: '510104', controlLevel: 'NATIONAL' },
        { code: '2881A', name: '十里店\u202Dx', regionCode: '510104', controlLevel: 'NATIONAL' },
        { code: '2882A', name: '三瓦窑\r\n', regionCode: '510104', controlLevel: 'NATIONAL' },
      ],
    });
    // A trailing line break is trimmed away like any surrounding blank; one inside the name is not.
    expect(errorsOf(upsertAirStations)).toEqual([[1, 'name', 'CONTROL_CHARACTER']]);
    expect(await hub.db.query("SELECT code, name FROM air_stations ORDER BY code")).toEqual([
      { code: '2880A', name: '金泉两河' },
      { code: '2882A', name: '三瓦窑' },
    ]);
  });

  test('declared datasets: every text field, and a planned day or time before 1970', async () => {
    const site = { regionCode: '510104', status: 'ACTIVE', dustMonitor: true, video: true };
    const { upsertConstructionSites } = await hub.data(housing, `mutation($i: [ConstructionSiteInput!]!) { upsertConstructionSites(input: $i) ${REPORT} }`, {
      i: [
        { ...site, id: 'CD-1', name: '天府大道项目', startDate: '2024-03-01', endDate: '2027-06-30' },
        { ...site, id: 'CD-2', name: '天府\u202E大道' },
        { ...site, id: 'CD-3', name: '第一期\t第二期' },
        { ...site, id: 'CD-4', name: '项'.repeat(201) },
        { ...site, id: 'CD-5', name: '老厂房', startDate: '0001-01-01' },
        { ...site, id: 'CD-6', name: '新厂房', endDate: '1900-01-01' },
        { ...site, id: 'CD-7', name: '仓库\u0000' },
      ],
    });
    expect(upsertConstructionSites.accepted).toBe(1);
    expect(errorsOf(upsertConstructionSites)).toEqual([
      [1, 'name', 'CONTROL_CHARACTER'],
      [2, 'name', 'CONTROL_CHARACTER'],
      [3, 'name', 'TOO_LONG'],
      [4, 'startDate', 'OUT_OF_RANGE'],
      [5, 'endDate', 'OUT_OF_RANGE'],
      [6, 'name', 'CONTROL_CHARACTER'],
    ]);
    expect(await hub.db.query('SELECT id FROM construction_sites')).toEqual([{ id: 'CD-1' }]);

    const { ingestMunicipalVehicleActivity } = await hub.data(housing, `mutation { ingestMunicipalVehicleActivity(input: [
      { regionCode: "510104", date: "2025-01-10", vehicleType: MUCK_TRUCK, vehiclesActive: 12 },
      { regionCode: "510104", date: "1900-01-01", vehicleType: MUCK_TRUCK, vehiclesActive: 12 },
      { regionCode: "510104", date: "1969-12-31", vehicleType: SANITATION, vehiclesActive: 3 }]) ${REPORT} }`);
    expect(errorsOf(ingestMunicipalVehicleActivity)).toEqual([
      [1, 'date', 'OUT_OF_RANGE'],
      [2, 'date', 'OUT_OF_RANGE'],
    ]);
    const { ingestDustFall } = await hub.data(ecology, `mutation { ingestDustFall(input: [
      { regionCode: "510104", month: "1970-01", dustFall: 4.2 },
      { regionCode: "510104", month: "1969-12", dustFall: 4.2 }]) ${REPORT} }`);
    expect(errorsOf(ingestDustFall)).toEqual([[1, 'month', 'OUT_OF_RANGE']]);
    const { ingestPlannedBurns } = await hub.data(await hub.key(Department.FORESTRY, Role.PUBLISHER), `mutation { ingestPlannedBurns(input: [
      { id: "PB-1", regionCode: "510104", startsAt: "2099-12-01T09:00:00+08:00", endsAt: "2099-12-01T17:00:00+08:00", status: PLANNED },
      { id: "PB-2", regionCode: "510104", startsAt: "1900-12-01T09:00:00+08:00", endsAt: "2099-12-01T17:00:00+08:00", status: PLANNED }]) ${REPORT} }`);
    expect(errorsOf(ingestPlannedBurns)).toEqual([[1, 'startsAt', 'OUT_OF_RANGE']]);
    expect(await count("SELECT count(*) AS n FROM municipal_vehicles_daily WHERE date < '1970-01-01'")).toBe(0);
  });

  test('observations dated 0001-01-01 and 1900 are OUT_OF_RANGE; nothing before 1970 is stored', async () => {
    const { ingestAirQuality } = await hub.data(ecology, `mutation { ingestAirQuality(input: [
      { stationCode: "2880A", observedAt: "2025-01-10T08:00:00+08:00", pm25: 80 },
      { stationCode: "2880A", observedAt: "0001-01-01T08:00:00+08:00", pm25: 80 },
      { stationCode: "2880A", observedAt: "1900-01-01T08:00:00+08:00", pm25: 80 },
      { regionCode: "510104", observedAt: "1969-12-31T23:00:00+08:00", pm25: 80 }]) ${REPORT} }`);
    expect(ingestAirQuality.accepted).toBe(1);
    expect(errorsOf(ingestAirQuality)).toEqual([
      [1, 'observedAt', 'OUT_OF_RANGE'],
      [2, 'observedAt', 'OUT_OF_RANGE'],
      [3, 'observedAt', 'OUT_OF_RANGE'],
    ]);
    expect(ingestAirQuality.errors[1].message).toBe(
      'observedAt 1900-01-01T08:00:00+08:00 is before 1970-01-01 (China Standard Time): no data the hub keeps is that old',
    );
    expect(await count("SELECT count(*) AS n FROM air_quality_hourly WHERE observed_at < '1970-01-01T00:00:00+08:00'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM region_days WHERE day < '1970-01-01'")).toBe(0);
  });

  test('a bulk file is held to the same rules, row by row', async () => {
    const post = (key: string, dataset: string, body: string) =>
      fetch(`${hub.url}/ingest/${dataset}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${key}` }, body }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as any }),
      );
    const regions = await post(cc, 'regions', 'code,name,level,parentCode\n510114,新都区,COUNTY,510100\n510115,"温江\u202E区",COUNTY,510100\n510116,"双流\n区",COUNTY,510100\n');
    expect(regions.status).toBe(200);
    expect(regions.body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(regions.body.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([
      [3, 'name', 'CONTROL_CHARACTER'],
      [4, 'name', 'CONTROL_CHARACTER'],
    ]);
    const hours = await post(ecology, 'air-quality-hourly', 'stationCode,observedAt,pm25\n2880A,2025-01-10T09:00:00+08:00,70\n2880A,1900-01-01T09:00:00+08:00,70\n');
    expect(hours.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(hours.body.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([[3, 'observedAt', 'OUT_OF_RANGE']]);
    expect(await hub.db.query("SELECT code FROM regions WHERE code IN ('510114', '510115', '510116')")).toEqual([{ code: '510114' }]);
  });

  test('an API key name is a label: at most 200 characters, no control or bidi character (GraphQL and the CLI alike)', async () => {
    const keys = () => count('SELECT count(*) AS n FROM api_keys');
    const before = await keys();
    const create = (name: string) => hub.gql(admin, 'mutation($n: String) { createApiKey(department: ECOLOGY, role: READER, name: $n) { key { name } } }', { n: name });
    for (const [name, problem] of [
      ['x'.repeat(1_000_000), 'TOO_LONG'],
      ['x'.repeat(201), 'TOO_LONG'],
      ['ops\u202Etxt.exe', 'CONTROL_CHARACTER'],
      ['line one\nline two', 'CONTROL_CHARACTER'],
    ]) {
      const r = await create(name);
      expect({ status: r.status, extensions: r.errors?.[0].extensions }).toEqual({
        status: 200,
        extensions: { code: 'BAD_USER_INPUT', argument: 'name', problem },
      });
    }
    expect(await keys()).toBe(before);
    expect((await hub.data(admin, 'mutation { createApiKey(department: ECOLOGY, role: READER, name: "  夜间值班  ") { key { name } } }')).createApiKey.key.name).toBe('夜间值班');
    expect((await create('k'.repeat(200))).errors).toBeUndefined();
    await expect(new ApiKeyService(hub.db).create(Department.ECOLOGY, Role.READER, 'cli\u2066key')).rejects.toThrow(/U\+2066/);
    expect(await keys()).toBe(before + 2);
  });

  test('a grant reason: at most 500 characters, no control or bidi character', async () => {
    const grant = (reason: string) =>
      hub.gql(admin, 'mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { reason } }', {
        i: { dataset: 'air-quality-hourly', department: 'HOUSING', reason },
      });
    for (const [reason, problem] of [
      ['r'.repeat(501), 'TOO_LONG'],
      ['construction dust\naround sites', 'CONTROL_CHARACTER'],
      ['\u202Eetis tsud', 'CONTROL_CHARACTER'],
    ]) {
      expect((await grant(reason)).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.reason', problem });
    }
    expect(await count('SELECT count(*) AS n FROM sharing_grants')).toBe(0);
    expect((await grant('construction-dust control around Chengdu sites')).data).toEqual({
      grantDatasetAccess: { reason: 'construction-dust control around Chengdu sites' },
    });
  });
});
