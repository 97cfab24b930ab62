import { countReadStatements } from '../support/statements';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

/** Feeds declared with defineDataset: publish, validate, read back with filters and relations, no N+1. */
describe('Section 9 feeds: weather and enterprises', () => {
  let hub: TestHub;
  let meteorology: string;
  let economy: string;
  let reader: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    meteorology = await hub.key(Department.METEOROLOGY, Role.PUBLISHER);
    economy = await hub.key(Department.ECONOMY, Role.PUBLISHER);
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    await hub.data(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), `mutation { upsertRegions(input: [
      { code: "510000", name: "四川省", level: PROVINCE },
      { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true },
      { code: "510300", name: "自贡市", level: CITY, parentCode: "510000", keyCity: true }]) { accepted } }`);
  });
  afterAll(() => hub.stop());

  test('weather stations and hours: physical limits, hour stamps, unknown stations', async () => {
    const { upsertWeatherStations } = await hub.data(meteorology, `mutation { upsertWeatherStations(input: [
      { code: "56294", name: "成都", regionCode: "510100", latitude: 30.67, longitude: 104.02, elevation: 506 },
      { code: "56396", name: "自贡", regionCode: "510300", latitude: 29.35, longitude: 104.77 },
      { code: "X1", name: "outside China", regionCode: "510100", latitude: 48.86, longitude: 2.35 },
      { code: "X2", name: "half a location", regionCode: "510100", latitude: 30.1 }]) { accepted errors { index field code } } }`);
    expect(upsertWeatherStations.accepted).toBe(2);
    expect(upsertWeatherStations.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [2, 'longitude', 'OUT_OF_RANGE'],
      [3, 'longitude', 'INCONSISTENT'],
    ]);

    const hours = [
      { stationCode: '56294', observedAt: '2025-01-10T08:00:00+08:00', temperature: 3.5, relativeHumidity: 92, windSpeed: 1.2, windDirection: 45, pressure: 960.1, precipitation: 0, visibility: 2.5 },
      { stationCode: '56294', observedAt: '2025-01-10T09:00:00+08:00', temperature: 4.1, relativeHumidity: 88, windSpeed: 1.6 },
      { stationCode: '56396', observedAt: '2025-01-10T08:00:00+08:00', temperature: 5, relativeHumidity: 101 }, // 2 RH > 100 %
      { stationCode: '56396', observedAt: '2025-01-10T09:00:00+08:00', windSpeed: 80 }, // 3 wind > 75 m/s
      { stationCode: '56396', observedAt: '2025-01-10T09:30:00+08:00', temperature: 5 }, // 4 not on the hour
      { stationCode: '56396', observedAt: '2025-01-10T10:00:00+08:00', temperature: -61 }, // 5 below −60 °C
      { stationCode: 'NOPE', observedAt: '2025-01-10T10:00:00+08:00', temperature: 1 }, // 6 unknown station
    ];
    const { ingestWeather } = await hub.data(meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted errors { index field code } } }', { i: hours });
    expect(ingestWeather.accepted).toBe(2);
    expect(ingestWeather.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [2, 'relativeHumidity', 'OUT_OF_RANGE'],
      [3, 'windSpeed', 'OUT_OF_RANGE'],
      [4, 'observedAt', 'NOT_ON_THE_HOUR'],
      [5, 'temperature', 'OUT_OF_RANGE'],
      [6, 'stationCode', 'UNKNOWN_REFERENCE'],
    ]);

    const { weatherObservations } = await hub.data(reader, `{ weatherObservations(regionCode: "510100", from: "2025-01-10T08:00:00+08:00", to: "2025-01-10T08:00:00+08:00") {
      totalCount edges { node { stationCode temperature relativeHumidity station { name region { name } } } } } }`);
    expect(weatherObservations).toEqual({
      totalCount: 1,
      edges: [{ node: { stationCode: '56294', temperature: 3.5, relativeHumidity: 92, station: { name: '成都', region: { name: '成都市' } } } }],
    });
  });

  test('enterprises: the credit code check character (GB 32100), enumerations, federation', async () => {
    const { upsertEnterprises } = await hub.data(economy, `mutation { upsertEnterprises(input: [
      { creditCode: "91330100716105852F", name: "甲钢铁公司", regionCode: "510100", industry: STEEL, keyIndustry: true, performanceGrade: B, onEmergencyControlList: true },
      { creditCode: "91330100716105852A", name: "wrong check", regionCode: "510100", industry: STEEL, keyIndustry: true, performanceGrade: A, onEmergencyControlList: false },
      { creditCode: "9133010071610585", name: "too short", regionCode: "510100", industry: OTHER, keyIndustry: false, performanceGrade: A, onEmergencyControlList: false }
    ]) { accepted errors { index field code } } }`);
    expect(upsertEnterprises.accepted).toBe(1);
    expect(upsertEnterprises.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [1, 'creditCode', 'CHECK_DIGIT'],
      [2, 'creditCode', 'INVALID_FORMAT'],
    ]);
    const { ingestEnterpriseElectricity } = await hub.data(economy, `mutation { ingestEnterpriseElectricity(input: [
      { creditCode: "91330100716105852F", date: "2025-01-10", electricity: 125000.5 },
      { creditCode: "91330100716105852F", date: "2099-01-01", electricity: 1 },
      { creditCode: "91330100716105852F", date: "2025-01-11", electricity: -3 }]) { accepted errors { index field code } } }`);
    expect(ingestEnterpriseElectricity.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [1, 'date', 'IN_FUTURE'],
      [2, 'electricity', 'OUT_OF_RANGE'],
    ]);
    const { enterpriseElectricity } = await hub.data(reader, `{ enterpriseElectricity(regionCode: "510000") {
      edges { node { date electricity enterprise { name industry performanceGrade } } } } }`);
    expect(enterpriseElectricity.edges).toEqual([{ node: { date: '2025-01-10', electricity: 125000.5, enterprise: { name: '甲钢铁公司', industry: 'STEEL', performanceGrade: 'B' } } }]);
    const { enterprises } = await hub.data(reader, '{ enterprises(industry: STEEL, onEmergencyControlList: true) { totalCount } }');
    expect(enterprises.totalCount).toBe(1);
    const { _entities } = await hub.data(reader, '{ _entities(representations: [{ __typename: "Enterprise", creditCode: "91330100716105852F" }]) { ... on Enterprise { name } } }');
    expect(_entities).toEqual([{ name: '甲钢铁公司' }]);
  });

  test('a page of 100 rows with nested relations costs as many SQL statements as a page of 10', async () => {
    const stations = Array.from({ length: 100 }, (_, i) => ({ code: `S${String(i).padStart(3, '0')}`, name: `站${i}`, regionCode: i % 2 ? '510100' : '510300' }));
    await hub.data(meteorology, 'mutation($i: [WeatherStationInput!]!) { upsertWeatherStations(input: $i) { accepted } }', { i: stations });
    const hours = stations.map((s) => ({ stationCode: s.code, observedAt: '2025-01-11T08:00:00+08:00', temperature: 2 }));
    await hub.data(meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted } }', { i: hours });

    const statements = async (first: number) => {
      const query = `{ weatherObservations(first: ${first}, from: "2025-01-11T08:00:00+08:00") {
        edges { node { temperature provenance { department } station { name region { name parent { name } } } } } } }`;
      const result = await hub.data(reader, query); // warm: the key is verified once, outside the count
      expect(result.weatherObservations.edges).toHaveLength(first);
      return countReadStatements(() => hub.data(reader, query));
    };
    const ten = await statements(10);
    const hundred = await statements(100);
    expect(hundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(8);
  });
});
