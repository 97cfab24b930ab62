import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

/**
 * The names renamed for one vocabulary (docs/architecture.md, Naming) answer for one more release under their former
 * names, deprecated: a client written against them keeps working, reads the same rows and sees the deprecation.
 */
describe('former names, kept one release as deprecated aliases', () => {
  let hub: TestHub;
  let reader: string;
  let meteorology: string;
  const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    hub = await TestHub.start();
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    meteorology = await hub.key(Department.METEOROLOGY, Role.PUBLISHER);
    await hub.data(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), `mutation { upsertRegions(input: [
      { code: "510000", name: "四川省", level: PROVINCE },
      { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true }]) { accepted } }`);
  });
  afterAll(() => hub.stop());

  test('weather: a station published as id and its hours as stationId read back under both names', async () => {
    const stations = await hub.data(meteorology, 'mutation($i: [WeatherStationInput!]!) { upsertWeatherStations(input: $i) { accepted errors { field code } } }', {
      i: [{ id: '56294', name: '成都', regionCode: '510100' }, { code: '56295', id: '56295', name: '温江', regionCode: '510100' }, { name: '无码', regionCode: '510100' }],
    });
    expect(stations.upsertWeatherStations).toEqual({ accepted: 2, errors: [{ field: 'code', code: 'REQUIRED' }] });

    const hours = [
      { stationId: '56294', observedAt: '2025-01-10T08:00:00+08:00', temperature: 3 },
      { stationCode: '56294', observedAt: '2025-01-10T09:00:00+08:00', temperature: 4 },
      { stationCode: '56295', stationId: '56295', observedAt: '2025-01-10T08:00:00+08:00', temperature: 5 },
      { stationId: 'NOPE', observedAt: '2025-01-10T08:00:00+08:00', temperature: 5 },
    ];
    const { ingestWeather } = await hub.data(meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted errors { index field code } } }', { i: hours });
    // A row is checked under the current name, whichever name it came under.
    expect(ingestWeather).toEqual({ accepted: 3, errors: [{ index: 3, field: 'stationCode', code: 'UNKNOWN_REFERENCE' }] });

    const { weatherObservations } = await hub.data(
      reader,
      `{ weatherObservations(stationId: "56294", where: { stationId: { in: ["56294", "56295"] } }, orderBy: [{ field: STATION_ID }, { field: OBSERVED_AT, direction: DESC }]) {
        totalCount edges { node { stationId stationCode temperature station { id code } } } } }`,
    );
    expect(weatherObservations).toEqual({
      totalCount: 2,
      edges: [
        { node: { stationId: '56294', stationCode: '56294', temperature: 4, station: { id: '56294', code: '56294' } } },
        { node: { stationId: '56294', stationCode: '56294', temperature: 3, station: { id: '56294', code: '56294' } } },
      ],
    });
    const same = await hub.data(reader, '{ weatherObservations(stationId: "56295", stationCode: "56295") { totalCount } }');
    expect(same.weatherObservations.totalCount).toBe(1);
    const { weatherStations } = await hub.data(reader, '{ weatherStations(where: { id: { eq: "56295" } }, orderBy: [{ field: ID }]) { edges { node { id code } } } }');
    expect(weatherStations.edges).toEqual([{ node: { id: '56295', code: '56295' } }]);
  });

  test('both names with different values: BAD_USER_INPUT, and nothing is stored', async () => {
    const rows = [
      { stationCode: '56294', observedAt: '2025-01-10T10:00:00+08:00', temperature: 6 },
      { stationCode: '56294', stationId: '56295', observedAt: '2025-01-10T11:00:00+08:00', temperature: 7 },
    ];
    const publish = await hub.gql(meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted } }', { i: rows });
    expect(publish.errors![0]).toMatchObject({
      message: 'input[1]: stationId (the deprecated former name of stationCode) and stationCode differ; give stationCode alone',
      extensions: { code: 'BAD_USER_INPUT', field: 'stationCode' },
    });
    const stored = await hub.db.query("SELECT count(*)::int AS n FROM weather_hourly WHERE observed_at >= '2025-01-10T10:00:00+08:00'");
    expect(stored).toEqual([{ n: 0 }]);
    const list = await hub.gql(reader, '{ weatherObservations(stationId: "56294", stationCode: "56295") { totalCount } }');
    expect(code(list)).toBe('BAD_USER_INPUT');
    expect(list.errors![0].message).toBe('weatherObservations: stationId (the deprecated former name of stationCode) and stationCode differ; give stationCode alone');
    const twice = await hub.gql(reader, '{ weatherObservations(orderBy: [{ field: STATION_ID }, { field: STATION_CODE }]) { totalCount } }');
    expect(code(twice)).toBe('BAD_USER_INPUT');
  });

  test('a bulk file may still name the former column', async () => {
    const csv = 'stationId,observedAt,temperature\n56295,2025-01-10T12:00:00+08:00,8\n';
    const response = await fetch(`${hub.url}/ingest/weather-hourly`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${meteorology}` },
      body: csv,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: 0 });
    const conflicting = 'stationCode,stationId,observedAt,temperature\n56295,56294,2025-01-10T13:00:00+08:00,9\n';
    const refused = await fetch(`${hub.url}/ingest/weather-hourly`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${meteorology}` },
      body: conflicting,
    });
    expect(await refused.json()).toMatchObject({ accepted: 0, rejected: 1, errors: [{ field: 'stationCode', code: 'INCONSISTENT' }] });
    const { weatherObservations } = await hub.data(reader, '{ weatherObservations(stationCode: "56295", from: "2025-01-10T12:00:00+08:00") { edges { node { temperature } } } }');
    expect(weatherObservations.edges).toEqual([{ node: { temperature: 8 } }]);
  });

  test('planned burns: plannedStart and plannedEnd, in and out', async () => {
    const forestry = await hub.key(Department.FORESTRY, Role.PUBLISHER);
    const { ingestPlannedBurns } = await hub.data(forestry, `mutation { ingestPlannedBurns(input: [
      { id: "PB-1", regionCode: "510100", plannedStart: "2025-01-05T09:00:00+08:00", plannedEnd: "2025-01-05T15:00:00+08:00", status: COMPLETED },
      { id: "PB-2", regionCode: "510100", startsAt: "2025-01-06T09:00:00+08:00", endsAt: "2025-01-06T08:00:00+08:00", status: COMPLETED }]) {
      accepted errors { index field code } } }`);
    expect(ingestPlannedBurns).toEqual({ accepted: 1, errors: [{ index: 1, field: 'endsAt', code: 'INCONSISTENT' }] });
    const { plannedBurns } = await hub.data(
      reader,
      '{ plannedBurns(where: { plannedStart: { lt: "2025-01-06T00:00:00+08:00" } }, orderBy: [{ field: PLANNED_START, direction: DESC }]) { edges { node { id plannedStart plannedEnd startsAt endsAt } } } }',
    );
    expect(plannedBurns.edges).toEqual([
      { node: { id: 'PB-1', plannedStart: '2025-01-05T09:00:00+08:00', plannedEnd: '2025-01-05T15:00:00+08:00', startsAt: '2025-01-05T09:00:00+08:00', endsAt: '2025-01-05T15:00:00+08:00' } },
    ]);
  });

  test('municipalVehicles, constructionMachinery and their publish mutations answer as their new names do', async () => {
    const housing = await hub.key(Department.HOUSING, Role.PUBLISHER);
    const vehicles = await hub.data(housing, `mutation { ingestMunicipalVehicles(input: [
      { regionCode: "510100", date: "2025-01-10", vehicleType: MUCK_TRUCK, vehiclesActive: 12 }]) { accepted } }`);
    expect(vehicles.ingestMunicipalVehicles.accepted).toBe(1);
    const { municipalVehicles, municipalVehicleActivity } = await hub.data(reader, `{
      municipalVehicles { edges { node { vehiclesActive } } } municipalVehicleActivity { edges { node { vehiclesActive } } } }`);
    expect(municipalVehicles).toEqual({ edges: [{ node: { vehiclesActive: 12 } }] });
    expect(municipalVehicleActivity).toEqual(municipalVehicles);

    await hub.data(housing, 'mutation { upsertConstructionSites(input: [{ id: "S1", name: "工地", regionCode: "510100", status: ACTIVE, dustMonitor: false, video: false }]) { accepted } }');
    const machinery = await hub.data(housing, `mutation { ingestConstructionMachinery(input: [
      { siteId: "S1", date: "2025-01-10", emissionStage: CHINA_IV, machinesInUse: 3 }]) { accepted } }`);
    expect(machinery.ingestConstructionMachinery.accepted).toBe(1);
    const { constructionMachinery, constructionMachineryUse } = await hub.data(reader, `{
      constructionMachinery { totalCount edges { node { machinesInUse } } } constructionMachineryUse { totalCount edges { node { machinesInUse } } } }`);
    expect(constructionMachinery).toEqual({ totalCount: 1, edges: [{ node: { machinesInUse: 3 } }] });
    expect(constructionMachineryUse).toEqual(constructionMachinery);
  });

  test("a region's evaluation stations under their former name", async () => {
    await hub.data(await hub.key(Department.ECOLOGY, Role.PUBLISHER), `mutation { upsertAirStations(input: [
      { code: "1431A", name: "金泉两河", regionCode: "510100", controlLevel: NATIONAL }]) { accepted } }`);
    const { cityDailyAqi, cityPeriodIndicators } = await hub.data(reader, `{
      cityDailyAqi(regionCode: "510100", from: "2025-01-10", to: "2025-01-10") { explain { evaluationStations evaluationStationCodes } }
      cityPeriodIndicators(regionCode: "510100", from: "2025-01-10", to: "2025-01-10") { evaluationStations evaluationStationCodes } }`);
    expect(cityDailyAqi).toEqual([{ explain: { evaluationStations: ['1431A'], evaluationStationCodes: ['1431A'] } }]);
    expect(cityPeriodIndicators).toEqual({ evaluationStations: ['1431A'], evaluationStationCodes: ['1431A'] });
  });

  test('introspection marks each former name deprecated, naming its replacement', async () => {
    const { __type: row } = await hub.data(reader, '{ __type(name: "WeatherObservation") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }');
    expect(row.fields.filter((f: any) => f.name.startsWith('station'))).toEqual([
      { name: 'stationCode', isDeprecated: false, deprecationReason: null },
      { name: 'stationId', isDeprecated: true, deprecationReason: 'Use stationCode; removed in the next release.' },
      { name: 'station', isDeprecated: false, deprecationReason: null },
    ]);
    const { __type: input } = await hub.data(reader, '{ __type(name: "WeatherInput") { inputFields(includeDeprecated: true) { name type { name kind } isDeprecated } } }');
    expect(input.inputFields.slice(0, 2)).toEqual([
      { name: 'stationCode', type: { name: 'String', kind: 'SCALAR' }, isDeprecated: false },
      { name: 'stationId', type: { name: 'String', kind: 'SCALAR' }, isDeprecated: true },
    ]);
    const { __schema } = await hub.data(reader, '{ __schema { queryType { fields { name } } } }');
    expect(__schema.queryType.fields.map((f: any) => f.name)).not.toContain('municipalVehicles');
  });
});
