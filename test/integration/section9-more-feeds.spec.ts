import { builtDataset } from '../../src/datasets/dataset-spec';
import { Department, Role } from '../../src/platform/enums';
import { RowValidator } from '../../src/catalog/row-validator';
import { TestHub } from '../support/hub';
import { cstIso } from '../../src/platform/cst';

/**
 * The rest of the Section 9 feeds, declared with defineDataset: each is published by its owner, read back with its
 * filters, pagination and relations, and refuses what is impossible with a stable RowError code.
 */
const errorsOf = (report: { errors: { index: number; field: string | null; code: string }[] }) => report.errors.map((e) => [e.index, e.field, e.code]);
const REPORT = '{ accepted errors { index field code } }';

/** An hour stamp two days ahead (an alert issued in advance, a planned burn). */
const AHEAD = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 86_400_000).toISOString();
const AHEAD_LATER = new Date(Date.parse(AHEAD) + 6 * 3_600_000).toISOString();

describe('Section 9 feeds: ecology, economy, housing, public security, forestry, command center', () => {
  let hub: TestHub;
  const publisher = new Map<Department, string>();
  const pub = (d: Department) => publisher.get(d)!;
  let reader: string;

  beforeAll(async () => {
    hub = await TestHub.start({ RATE_LIMITS: 'PUBLISHER=100000,READER=100000,ADMIN=100000' });
    for (const d of Object.values(Department)) publisher.set(d, await hub.key(d, Role.PUBLISHER));
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    await hub.data(pub(Department.COMMAND_CENTER), `mutation { upsertRegions(input: [
      { code: "510000", name: "四川省", level: PROVINCE },
      { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true },
      { code: "510104", name: "锦江区", level: COUNTY, parentCode: "510100" },
      { code: "510300", name: "自贡市", level: CITY, parentCode: "510000", keyCity: true }]) { accepted } }`);
  });
  afterAll(() => hub.stop());

  test('heavy-pollution alerts: levels, an open end, a start ahead, an end before its start', async () => {
    const alerts = [
      { regionCode: '510100', startsAt: '2025-01-10T20:00:00+08:00', level: 'ORANGE', issuedAt: '2025-01-10T16:00:00+08:00', endsAt: '2025-01-13T00:00:00+08:00' },
      { regionCode: '510300', startsAt: AHEAD, level: 'YELLOW', issuedAt: '2025-01-10T16:00:00+08:00' }, // issued ahead, still open
      { regionCode: '510104', startsAt: '2025-01-10T20:00:00+08:00', level: 'RED', issuedAt: '2025-01-10T16:00:00+08:00', endsAt: '2025-01-10T19:00:00+08:00' }, // 2 ends before it starts
      { regionCode: '510104', startsAt: '2025-01-11T20:00:00+08:00', level: 'RED', issuedAt: '2099-01-01T00:00:00+08:00' }, // 3 issued in the future
      { regionCode: '520000', startsAt: '2025-01-10T20:00:00+08:00', level: 'RED', issuedAt: '2025-01-10T16:00:00+08:00' }, // 4 unknown region
    ];
    const { ingestHeavyPollutionAlerts } = await hub.data(pub(Department.ECOLOGY), `mutation($i: [HeavyPollutionAlertInput!]!) { ingestHeavyPollutionAlerts(input: $i) ${REPORT} }`, { i: alerts });
    expect(ingestHeavyPollutionAlerts.accepted).toBe(2);
    expect(errorsOf(ingestHeavyPollutionAlerts)).toEqual([
      [2, 'endsAt', 'INCONSISTENT'],
      [3, 'issuedAt', 'IN_FUTURE'],
      [4, 'regionCode', 'UNKNOWN_REFERENCE'],
    ]);

    const { heavyPollutionAlerts } = await hub.data(reader, `{ heavyPollutionAlerts(regionCode: "510000", level: ORANGE, from: "2025-01-10T00:00:00+08:00", to: "2025-01-11T00:00:00+08:00") {
      totalCount edges { node { level startsAt endsAt region { name } } } } }`);
    expect(heavyPollutionAlerts).toEqual({
      totalCount: 1,
      edges: [{ node: { level: 'ORANGE', startsAt: '2025-01-10T20:00:00+08:00', endsAt: '2025-01-13T00:00:00+08:00', region: { name: '成都市' } } }],
    });
    const open = await hub.data(reader, '{ heavyPollutionAlerts(regionCode: "510300") { edges { node { level startsAt endsAt } } } }');
    expect(open.heavyPollutionAlerts.edges).toEqual([{ node: { level: 'YELLOW', startsAt: cstIso(new Date(AHEAD)), endsAt: null } }]);

    // Re-publishing its region and start updates the alert: raised to RED, then lifted.
    await hub.data(pub(Department.ECOLOGY), `mutation { ingestHeavyPollutionAlerts(input: [{ regionCode: "510300", startsAt: "${AHEAD}", level: RED, issuedAt: "2025-01-10T18:00:00+08:00", endsAt: "${AHEAD_LATER}" }]) { accepted } }`);
    const raised = await hub.data(reader, '{ heavyPollutionAlerts(regionCode: "510300") { totalCount edges { node { level endsAt } } } }');
    expect(raised.heavyPollutionAlerts).toEqual({ totalCount: 1, edges: [{ node: { level: 'RED', endsAt: cstIso(new Date(AHEAD_LATER)) } }] });
  });

  test('dust fall: t/(km²·month) within physical limits, no future month', async () => {
    const { ingestDustFall } = await hub.data(pub(Department.ECOLOGY), `mutation { ingestDustFall(input: [
      { regionCode: "510100", month: "2025-01", dustFall: 4.2 },
      { regionCode: "510300", month: "2025-01", dustFall: 3.1 },
      { regionCode: "510100", month: "2025-02", dustFall: 1001 },
      { regionCode: "510100", month: "2025-03", dustFall: -0.1 },
      { regionCode: "510100", month: "2099-01", dustFall: 2 }]) ${REPORT} }`);
    expect(ingestDustFall.accepted).toBe(2);
    expect(errorsOf(ingestDustFall)).toEqual([
      [2, 'dustFall', 'OUT_OF_RANGE'],
      [3, 'dustFall', 'OUT_OF_RANGE'],
      [4, 'month', 'IN_FUTURE'],
    ]);
    const first = await hub.data(reader, '{ dustFall(first: 1, from: "2025-01", to: "2025-01") { totalCount pageInfo { hasNextPage endCursor } edges { node { regionCode dustFall } } } }');
    expect(first.dustFall.totalCount).toBe(2);
    expect(first.dustFall.pageInfo.hasNextPage).toBe(true);
    expect(first.dustFall.edges).toEqual([{ node: { regionCode: '510100', dustFall: 4.2 } }]);
    const second = await hub.data(reader, `{ dustFall(first: 1, from: "2025-01", to: "2025-01", after: "${first.dustFall.pageInfo.endCursor}") {
      pageInfo { hasNextPage } edges { node { regionCode dustFall region { name } } } } }`);
    expect(second.dustFall).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: { regionCode: '510300', dustFall: 3.1, region: { name: '自贡市' } } }] });
  });

  test('industry energy: by industry (the Industry enum of enterprises), one figure at least, no negatives', async () => {
    const { ingestIndustryEnergy } = await hub.data(pub(Department.ECONOMY), `mutation { ingestIndustryEnergy(input: [
      { regionCode: "510100", industry: STEEL, month: "2025-01", totalEnergy: 350000, electricity: 42000.5 },
      { regionCode: "510300", industry: STEEL, month: "2025-01", electricity: 8000 },
      { regionCode: "510100", industry: BUILDING_MATERIALS, month: "2025-01", totalEnergy: 120000 },
      { regionCode: "510100", industry: POWER, month: "2025-01" },
      { regionCode: "510100", industry: CHEMICAL, month: "2025-01", electricity: -1 },
      { regionCode: "510100", industry: FURNITURE, month: "2099-12", totalEnergy: 1 }]) ${REPORT} }`);
    expect(ingestIndustryEnergy.accepted).toBe(3);
    expect(errorsOf(ingestIndustryEnergy)).toEqual([
      [3, null, 'EMPTY_ROW'],
      [4, 'electricity', 'OUT_OF_RANGE'],
      [5, 'month', 'IN_FUTURE'],
    ]);
    const { industryEnergy } = await hub.data(reader, '{ industryEnergy(regionCode: "510000", industry: STEEL, from: "2025-01", to: "2025-01") { totalCount edges { node { regionCode totalEnergy electricity } } } }');
    expect(industryEnergy).toEqual({
      totalCount: 2,
      edges: [{ node: { regionCode: '510100', totalEnergy: 350000, electricity: 42000.5 } }, { node: { regionCode: '510300', totalEnergy: null, electricity: 8000 } }],
    });
  });

  test("industrial output: product, output and capacity in the product's unit", async () => {
    const { ingestIndustrialOutput } = await hub.data(pub(Department.ECONOMY), `mutation { ingestIndustrialOutput(input: [
      { regionCode: "510100", product: CRUDE_STEEL, month: "2025-01", unit: "10⁴ t", output: 85.2, capacity: 1200 },
      { regionCode: "510100", product: FLAT_GLASS, month: "2025-01", unit: "10⁴ weight cases", output: 310 },
      { regionCode: "510300", product: CEMENT_CLINKER, month: "2025-01", unit: "10⁴ t", output: -3 },
      { regionCode: "510300", product: COKE, month: "2025-01", unit: "", output: 12 }]) ${REPORT} }`);
    expect(ingestIndustrialOutput.accepted).toBe(2);
    expect(errorsOf(ingestIndustrialOutput)).toEqual([
      [2, 'output', 'OUT_OF_RANGE'],
      [3, 'unit', 'REQUIRED'],
    ]);
    const { industrialOutput } = await hub.data(reader, '{ industrialOutput(product: CRUDE_STEEL, regionCode: "510100") { totalCount edges { node { product unit output capacity } } } }');
    expect(industrialOutput).toEqual({ totalCount: 1, edges: [{ node: { product: 'CRUDE_STEEL', unit: '10⁴ t', output: 85.2, capacity: 1200 } }] });

    // GraphQL refuses an unknown enum value or a missing required field itself; the bulk path's validation reports them.
    const { feed } = builtDataset('industrial-output-monthly');
    const check = new RowValidator(0);
    feed.validate({ regionCode: '510100', product: 'NICKEL', month: '2025-01', unit: '10⁴ t' }, check, new Date());
    expect(check.errors.map((e) => [e.field, e.code])).toEqual([
      ['product', 'INVALID_FORMAT'],
      ['output', 'REQUIRED'],
    ]);
  });

  test('fuel facilities: counts that are never negative', async () => {
    const { ingestFuelFacilities } = await hub.data(pub(Department.ECONOMY), `mutation { ingestFuelFacilities(input: [
      { regionCode: "510100", month: "2025-01", gasStations: 812, oilDepots: 14 },
      { regionCode: "510300", month: "2025-01", gasStations: 156, oilDepots: 0 },
      { regionCode: "510104", month: "2025-01", gasStations: -1, oilDepots: 2 }]) ${REPORT} }`);
    expect(ingestFuelFacilities.accepted).toBe(2);
    expect(errorsOf(ingestFuelFacilities)).toEqual([[2, 'gasStations', 'OUT_OF_RANGE']]);
    const { fuelFacilities } = await hub.data(reader, '{ fuelFacilities(regionCode: "510300", from: "2025-01") { edges { node { month gasStations oilDepots } } } }');
    expect(fuelFacilities.edges).toEqual([{ node: { month: '2025-01', gasStations: 156, oilDepots: 0 } }]);
  });

  test('construction sites, their dust readings (15-minute step) and machinery, muck trucks and sanitation vehicles', async () => {
    const housing = pub(Department.HOUSING);
    const { upsertConstructionSites } = await hub.data(housing, `mutation { upsertConstructionSites(input: [
      { id: "CD-2024-001", name: "天府大道项目", regionCode: "510104", latitude: 30.65, longitude: 104.08, floorArea: 125000, status: ACTIVE, startDate: "2024-03-01", endDate: "2027-06-30", dustMonitor: true, video: true },
      { id: "ZG-2023-007", name: "自贡东站片区", regionCode: "510300", status: SUSPENDED, startDate: "2023-05-10", dustMonitor: false, video: true },
      { id: "CD-2024-002", name: "end before start", regionCode: "510100", status: ACTIVE, startDate: "2024-03-01", endDate: "2024-02-28", dustMonitor: true, video: true },
      { id: "CD-2099-001", name: "starts in the future", regionCode: "510100", status: ACTIVE, startDate: "2099-01-01", dustMonitor: true, video: true },
      { id: "CD 2024 003", name: "bad id", regionCode: "510100", status: ACTIVE, dustMonitor: true, video: false },
      { id: "CD-2024-004", name: "negative area", regionCode: "510100", floorArea: -5, status: COMPLETED, dustMonitor: true, video: false }]) ${REPORT} }`);
    expect(upsertConstructionSites.accepted).toBe(2);
    expect(errorsOf(upsertConstructionSites)).toEqual([
      [2, 'endDate', 'INCONSISTENT'],
      [3, 'startDate', 'IN_FUTURE'],
      [4, 'id', 'INVALID_FORMAT'],
      [5, 'floorArea', 'OUT_OF_RANGE'],
    ]);
    const { constructionSites } = await hub.data(reader, '{ constructionSites(regionCode: "510100", status: ACTIVE, dustMonitor: true) { totalCount edges { node { id name floorArea endDate region { name parent { name } } } } } }');
    expect(constructionSites).toEqual({
      totalCount: 1,
      edges: [{ node: { id: 'CD-2024-001', name: '天府大道项目', floorArea: 125000, endDate: '2027-06-30', region: { name: '锦江区', parent: { name: '成都市' } } } }],
    });
    const { _entities } = await hub.data(reader, '{ _entities(representations: [{ __typename: "ConstructionSite", id: "ZG-2023-007" }]) { ... on ConstructionSite { name status } } }');
    expect(_entities).toEqual([{ name: '自贡东站片区', status: 'SUSPENDED' }]);

    const readings = [
      { siteId: 'CD-2024-001', observedAt: '2025-01-10T10:15:00+08:00', pm10: 182, pm25: 95, tsp: 310 },
      { siteId: 'CD-2024-001', observedAt: '2025-01-10T10:30:00+08:00', pm10: 240 },
      { siteId: 'ZG-2023-007', observedAt: '2025-01-10T10:15:00+08:00', pm10: 90 },
      { siteId: 'CD-2024-001', observedAt: '2025-01-10T10:20:00+08:00', pm10: 200 }, // 3 not on a 15-minute step
      { siteId: 'CD-2024-001', observedAt: '2025-01-10T10:45:00+08:00', pm10: -1 }, // 4 negative
      { siteId: 'NO-SUCH-SITE', observedAt: '2025-01-10T10:45:00+08:00', pm10: 50 }, // 5 unknown site
      { siteId: 'CD-2024-001', observedAt: '2099-01-10T10:45:00+08:00', pm10: 50 }, // 6 future
    ];
    const { ingestSiteDustReadings } = await hub.data(housing, `mutation($i: [SiteDustReadingInput!]!) { ingestSiteDustReadings(input: $i) ${REPORT} }`, { i: readings });
    expect(ingestSiteDustReadings.accepted).toBe(3);
    expect(errorsOf(ingestSiteDustReadings)).toEqual([
      [3, 'observedAt', 'NOT_ON_THE_HOUR'],
      [4, 'pm10', 'OUT_OF_RANGE'],
      [5, 'siteId', 'UNKNOWN_REFERENCE'],
      [6, 'observedAt', 'IN_FUTURE'],
    ]);
    const page = `siteDustReadings(regionCode: "510100", from: "2025-01-10T10:00:00+08:00", to: "2025-01-10T11:00:00+08:00", first: 1`;
    const first = await hub.data(reader, `{ ${page}) { totalCount pageInfo { endCursor } edges { node { observedAt pm10 pm25 tsp site { name region { name } } } } } }`);
    expect(first.siteDustReadings).toMatchObject({
      totalCount: 2,
      edges: [{ node: { observedAt: '2025-01-10T10:15:00+08:00', pm10: 182, pm25: 95, tsp: 310, site: { name: '天府大道项目', region: { name: '锦江区' } } } }],
    });
    const second = await hub.data(reader, `{ ${page}, after: "${first.siteDustReadings.pageInfo.endCursor}") { pageInfo { hasNextPage } edges { node { observedAt pm10 pm25 } } } }`);
    expect(second.siteDustReadings).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: { observedAt: '2025-01-10T10:30:00+08:00', pm10: 240, pm25: null } }] });

    const { ingestConstructionMachineryUse } = await hub.data(housing, `mutation { ingestConstructionMachineryUse(input: [
      { siteId: "CD-2024-001", date: "2025-01-10", emissionStage: CHINA_III, machinesInUse: 6, operatingHours: 41.5 },
      { siteId: "CD-2024-001", date: "2025-01-10", emissionStage: CHINA_IV, machinesInUse: 2 },
      { siteId: "ZG-2023-007", date: "2025-01-10", emissionStage: CHINA_III, machinesInUse: 1, operatingHours: 8 },
      { siteId: "CD-2024-001", date: "2025-01-11", emissionStage: CHINA_II, machinesInUse: 2, operatingHours: 49 },
      { siteId: "CD-2024-001", date: "2025-01-11", emissionStage: PRE_CHINA_I, machinesInUse: -1 },
      { siteId: "NO-SUCH-SITE", date: "2025-01-11", emissionStage: CHINA_IV, machinesInUse: 1 }]) ${REPORT} }`);
    expect(ingestConstructionMachineryUse.accepted).toBe(3);
    expect(errorsOf(ingestConstructionMachineryUse)).toEqual([
      [3, 'operatingHours', 'INCONSISTENT'],
      [4, 'machinesInUse', 'OUT_OF_RANGE'],
      [5, 'siteId', 'UNKNOWN_REFERENCE'],
    ]);
    const { constructionMachineryUse } = await hub.data(reader, '{ constructionMachineryUse(regionCode: "510100", emissionStage: CHINA_III) { totalCount edges { node { siteId date machinesInUse operatingHours site { name } } } } }');
    expect(constructionMachineryUse).toEqual({
      totalCount: 1,
      edges: [{ node: { siteId: 'CD-2024-001', date: '2025-01-10', machinesInUse: 6, operatingHours: 41.5, site: { name: '天府大道项目' } } }],
    });

    const { ingestMunicipalVehicleActivity } = await hub.data(housing, `mutation { ingestMunicipalVehicleActivity(input: [
      { regionCode: "510100", date: "2025-01-10", vehicleType: MUCK_TRUCK, vehiclesActive: 1450, trips: 5200, distance: 98000 },
      { regionCode: "510100", date: "2025-01-10", vehicleType: SANITATION, vehiclesActive: 3100, distance: 120000.5 },
      { regionCode: "510300", date: "2025-01-10", vehicleType: MUCK_TRUCK, vehiclesActive: 0, trips: 3 },
      { regionCode: "510300", date: "2025-01-10", vehicleType: SANITATION, vehiclesActive: 2, distance: 6000 },
      { regionCode: "510300", date: "2025-01-11", vehicleType: SANITATION, vehiclesActive: -2 },
      { regionCode: "510300", date: "2099-01-11", vehicleType: SANITATION, vehiclesActive: 2 }]) ${REPORT} }`);
    expect(ingestMunicipalVehicleActivity.accepted).toBe(2);
    expect(errorsOf(ingestMunicipalVehicleActivity)).toEqual([
      [2, 'trips', 'INCONSISTENT'],
      [3, 'distance', 'INCONSISTENT'],
      [4, 'vehiclesActive', 'OUT_OF_RANGE'],
      [5, 'date', 'IN_FUTURE'],
    ]);
    const { municipalVehicleActivity } = await hub.data(reader, '{ municipalVehicleActivity(vehicleType: MUCK_TRUCK, from: "2025-01-10", to: "2025-01-10") { totalCount edges { node { regionCode vehiclesActive trips distance } } } }');
    expect(municipalVehicleActivity).toEqual({ totalCount: 1, edges: [{ node: { regionCode: '510100', vehiclesActive: 1450, trips: 5200, distance: 98000 } }] });
  });

  test('vehicle fleet: class × fuel × emission standard; vehicles without exhaust have no standard', async () => {
    const { ingestVehicleFleet } = await hub.data(pub(Department.PUBLIC_SECURITY), `mutation { ingestVehicleFleet(input: [
      { regionCode: "510100", month: "2025-01", vehicleClass: HEAVY_TRUCK, fuel: DIESEL, emissionStandard: CHINA_3, registeredVehicles: 4100 },
      { regionCode: "510100", month: "2025-01", vehicleClass: HEAVY_TRUCK, fuel: DIESEL, emissionStandard: CHINA_6, registeredVehicles: 52000 },
      { regionCode: "510300", month: "2025-01", vehicleClass: HEAVY_TRUCK, fuel: DIESEL, emissionStandard: CHINA_3, registeredVehicles: 900 },
      { regionCode: "510100", month: "2025-01", vehicleClass: PASSENGER_CAR, fuel: BATTERY_ELECTRIC, emissionStandard: NOT_APPLICABLE, registeredVehicles: 610000 },
      { regionCode: "510100", month: "2025-01", vehicleClass: BUS, fuel: BATTERY_ELECTRIC, emissionStandard: CHINA_6, registeredVehicles: 9000 },
      { regionCode: "510100", month: "2025-01", vehicleClass: BUS, fuel: DIESEL, emissionStandard: NOT_APPLICABLE, registeredVehicles: 10 },
      { regionCode: "510100", month: "2025-01", vehicleClass: MOTORCYCLE, fuel: GASOLINE, emissionStandard: CHINA_4, registeredVehicles: -1 },
      { regionCode: "510100", month: "2099-01", vehicleClass: MOTORCYCLE, fuel: GASOLINE, emissionStandard: CHINA_4, registeredVehicles: 1 }]) ${REPORT} }`);
    expect(ingestVehicleFleet.accepted).toBe(4);
    expect(errorsOf(ingestVehicleFleet)).toEqual([
      [4, 'emissionStandard', 'INCONSISTENT'],
      [5, 'emissionStandard', 'INCONSISTENT'],
      [6, 'registeredVehicles', 'OUT_OF_RANGE'],
      [7, 'month', 'IN_FUTURE'],
    ]);
    const { vehicleFleet } = await hub.data(reader, '{ vehicleFleet(regionCode: "510000", fuel: DIESEL, emissionStandard: CHINA_3, from: "2025-01", to: "2025-01") { totalCount edges { node { regionCode vehicleClass registeredVehicles } } } }');
    expect(vehicleFleet).toEqual({
      totalCount: 2,
      edges: [{ node: { regionCode: '510100', vehicleClass: 'HEAVY_TRUCK', registeredVehicles: 4100 } }, { node: { regionCode: '510300', vehicleClass: 'HEAVY_TRUCK', registeredVehicles: 900 } }],
    });
  });

  test('road segments and their hourly traffic flow', async () => {
    const police = pub(Department.PUBLIC_SECURITY);
    const { upsertRoadSegments } = await hub.data(police, `mutation { upsertRoadSegments(input: [
      { id: "CD-RR2-017", name: "二环路东二段", regionCode: "510104", mainRoad: true },
      { id: "CD-LN-003", name: "东大街支路", regionCode: "510104", mainRoad: false },
      { id: "ZG-01", name: "汇川路", regionCode: "510300", mainRoad: true },
      { id: "X", name: "unknown region", regionCode: "999999", mainRoad: true }]) ${REPORT} }`);
    expect(upsertRoadSegments.accepted).toBe(3);
    expect(errorsOf(upsertRoadSegments)).toEqual([[3, 'regionCode', 'UNKNOWN_REFERENCE']]);
    const { roadSegments } = await hub.data(reader, '{ roadSegments(regionCode: "510100", mainRoad: true) { totalCount edges { node { id name } } } }');
    expect(roadSegments).toEqual({ totalCount: 1, edges: [{ node: { id: 'CD-RR2-017', name: '二环路东二段' } }] });

    const { ingestTrafficFlow } = await hub.data(police, `mutation { ingestTrafficFlow(input: [
      { segmentId: "CD-RR2-017", observedAt: "2025-01-10T08:00:00+08:00", vehiclesPerHour: 5400, heavyVehicleShare: 6.5, meanSpeed: 31.2 },
      { segmentId: "CD-RR2-017", observedAt: "2025-01-10T09:00:00+08:00", vehiclesPerHour: 6100 },
      { segmentId: "ZG-01", observedAt: "2025-01-10T08:00:00+08:00", vehiclesPerHour: 1800, heavyVehicleShare: 12 },
      { segmentId: "ZG-01", observedAt: "2025-01-10T09:00:00+08:00", vehiclesPerHour: 1700, heavyVehicleShare: 101 },
      { segmentId: "ZG-01", observedAt: "2025-01-10T09:30:00+08:00", vehiclesPerHour: 1700 },
      { segmentId: "ZG-01", observedAt: "2025-01-10T10:00:00+08:00", vehiclesPerHour: -5 },
      { segmentId: "NOPE", observedAt: "2025-01-10T10:00:00+08:00", vehiclesPerHour: 5 }]) ${REPORT} }`);
    expect(ingestTrafficFlow.accepted).toBe(3);
    expect(errorsOf(ingestTrafficFlow)).toEqual([
      [3, 'heavyVehicleShare', 'OUT_OF_RANGE'],
      [4, 'observedAt', 'NOT_ON_THE_HOUR'],
      [5, 'vehiclesPerHour', 'OUT_OF_RANGE'],
      [6, 'segmentId', 'UNKNOWN_REFERENCE'],
    ]);
    const { trafficFlow } = await hub.data(reader, `{ trafficFlow(regionCode: "510100", segmentId: "CD-RR2-017", from: "2025-01-10T08:00:00+08:00", to: "2025-01-10T08:00:00+08:00") {
      totalCount edges { node { vehiclesPerHour heavyVehicleShare meanSpeed segment { name mainRoad region { name } } } } } }`);
    expect(trafficFlow).toEqual({
      totalCount: 1,
      edges: [{ node: { vehiclesPerHour: 5400, heavyVehicleShare: 6.5, meanSpeed: 31.2, segment: { name: '二环路东二段', mainRoad: true, region: { name: '锦江区' } } } }],
    });
    const zigong = await hub.data(reader, '{ trafficFlow(regionCode: "510300") { totalCount } }');
    expect(zigong.trafficFlow.totalCount).toBe(1);
  });

  test('vehicle violations: a masked plate passes, a full plate is refused as personal data', async () => {
    const { ingestVehicleViolations } = await hub.data(pub(Department.PUBLIC_SECURITY), `mutation { ingestVehicleViolations(input: [
      { caseId: "510100-2025-000123", occurredAt: "2025-01-10T09:12:00+08:00", regionCode: "510104", violationType: EXCESS_EMISSION, penalty: 200, plate: "川A***45" },
      { caseId: "510100-2025-000124", occurredAt: "2025-01-10T23:40:00+08:00", regionCode: "510100", violationType: RESTRICTED_ZONE_DIESEL, penalty: 100, plate: "川A****45" },
      { caseId: "510100-2025-000125", occurredAt: "2025-01-10T10:00:00+08:00", regionCode: "510100", violationType: EXCESS_EMISSION, plate: "川A12345" },
      { caseId: "510100-2025-000126", occurredAt: "2025-01-10T10:00:00+08:00", regionCode: "510100", violationType: SPILLED_MUCK, plate: "not a plate" },
      { caseId: "510100-2025-000127", occurredAt: "2025-01-10T10:00:00+08:00", regionCode: "510100", violationType: OTHER, penalty: -50 },
      { caseId: "510100-2025-000128", occurredAt: "2099-01-10T10:00:00+08:00", regionCode: "510100", violationType: OTHER }]) ${REPORT} }`);
    expect(ingestVehicleViolations.accepted).toBe(2);
    expect(errorsOf(ingestVehicleViolations)).toEqual([
      [2, 'plate', 'PERSONAL_DATA'],
      [3, 'plate', 'INVALID_FORMAT'],
      [4, 'penalty', 'OUT_OF_RANGE'],
      [5, 'occurredAt', 'IN_FUTURE'],
    ]);
    const { vehicleViolations } = await hub.data(reader, '{ vehicleViolations(regionCode: "510100", violationType: EXCESS_EMISSION) { totalCount edges { node { caseId plate penalty region { name } } } } }');
    expect(vehicleViolations).toEqual({ totalCount: 1, edges: [{ node: { caseId: '510100-2025-000123', plate: '川A***45', penalty: 200, region: { name: '锦江区' } } }] });
    const [{ n }] = await hub.db.query(`SELECT count(*)::int AS n FROM vehicle_violations WHERE plate NOT LIKE '%*%'`);
    expect(n).toBe(0);
  });

  test('fire hot spots and planned burns: located (or only by region), verified, planned ahead with an end after the start', async () => {
    const forestry = pub(Department.FORESTRY);
    const { ingestFireHotspots } = await hub.data(forestry, `mutation { ingestFireHotspots(input: [
      { id: "HS-20250110-001", detectedAt: "2025-01-10T14:05:00+08:00", regionCode: "510300", latitude: 29.41, longitude: 104.62, source: SATELLITE, confidence: 85, kind: STRAW_BURNING, status: CONFIRMED },
      { id: "HS-20250110-002", detectedAt: "2025-01-10T15:30:00+08:00", regionCode: "510104", latitude: 30.6, longitude: 104.1, source: VIDEO, status: UNVERIFIED },
      { id: "HS-20250110-003", detectedAt: "2025-01-10T15:30:00+08:00", regionCode: "510104", source: PATROL, status: UNVERIFIED },
      { id: "HS-20250110-004", detectedAt: "2025-01-10T15:30:00+08:00", regionCode: "510104", latitude: 30.6, longitude: 104.1, source: SATELLITE, confidence: 101, status: UNVERIFIED },
      { id: "HS-20990110-001", detectedAt: "2099-01-10T15:30:00+08:00", regionCode: "510104", latitude: 30.6, longitude: 104.1, source: VIDEO, status: UNVERIFIED }]) ${REPORT} }`);
    // A patrol's report (row 2) may know only its region: accepted, left out of distance rules.
    expect(ingestFireHotspots.accepted).toBe(3);
    expect(errorsOf(ingestFireHotspots)).toEqual([
      [3, 'confidence', 'OUT_OF_RANGE'],
      [4, 'detectedAt', 'IN_FUTURE'],
    ]);
    const { fireHotspots } = await hub.data(reader, '{ fireHotspots(status: CONFIRMED, kind: STRAW_BURNING, from: "2025-01-10T00:00:00+08:00") { totalCount edges { node { id source confidence latitude region { name } } } } }');
    expect(fireHotspots).toEqual({ totalCount: 1, edges: [{ node: { id: 'HS-20250110-001', source: 'SATELLITE', confidence: 85, latitude: 29.41, region: { name: '自贡市' } } }] });

    const { ingestPlannedBurns } = await hub.data(forestry, `mutation { ingestPlannedBurns(input: [
      { id: "PB-2025-001", regionCode: "510300", latitude: 29.3, longitude: 104.7, startsAt: "${AHEAD}", endsAt: "${AHEAD_LATER}", area: 12.5, status: APPROVED },
      { id: "PB-2024-009", regionCode: "510104", startsAt: "2024-12-01T09:00:00+08:00", endsAt: "2024-12-01T17:00:00+08:00", area: 3, status: COMPLETED },
      { id: "PB-2025-002", regionCode: "510300", startsAt: "${AHEAD_LATER}", endsAt: "${AHEAD}", status: PLANNED },
      { id: "PB-2025-003", regionCode: "510300", startsAt: "${AHEAD}", endsAt: "${AHEAD_LATER}", area: -1, status: PLANNED }]) ${REPORT} }`);
    expect(ingestPlannedBurns.accepted).toBe(2);
    expect(errorsOf(ingestPlannedBurns)).toEqual([
      [2, 'endsAt', 'INCONSISTENT'],
      [3, 'area', 'OUT_OF_RANGE'],
    ]);
    const { plannedBurns } = await hub.data(reader, '{ plannedBurns(status: APPROVED, from: "2025-01-01T00:00:00+08:00") { totalCount edges { node { id area region { name } } } } }');
    expect(plannedBurns).toEqual({ totalCount: 1, edges: [{ node: { id: 'PB-2025-001', area: 12.5, region: { name: '自贡市' } } }] });

    // The catalog's latest observation is an observed time, never a planned one lying ahead.
    const { datasets } = await hub.data(reader, '{ datasets { id latestObservedAt rowCount } }');
    const byId = Object.fromEntries(datasets.map((d: any) => [d.id, d]));
    expect(byId['fire-hotspots']).toEqual({ id: 'fire-hotspots', latestObservedAt: '2025-01-10T15:30:00+08:00', rowCount: 3 });
    expect(byId['planned-burns']).toEqual({ id: 'planned-burns', latestObservedAt: null, rowCount: 2 });
  });

  test('vehicle targets: old vehicles to eliminate and new-energy vehicles to reach, by region and year', async () => {
    const { upsertVehicleTargets } = await hub.data(pub(Department.COMMAND_CENTER), `mutation { upsertVehicleTargets(input: [
      { regionCode: "510100", year: 2025, oldVehiclesToEliminate: 160000, newEnergyVehiclesTarget: 300000 },
      { regionCode: "510300", year: 2025, oldVehiclesToEliminate: 12000 },
      { regionCode: "510300", year: 2026 },
      { regionCode: "510300", year: 1999, oldVehiclesToEliminate: 1 },
      { regionCode: "510300", year: 2027, newEnergyVehiclesTarget: -1 }]) ${REPORT} }`);
    expect(upsertVehicleTargets.accepted).toBe(2);
    expect(errorsOf(upsertVehicleTargets)).toEqual([
      [2, null, 'EMPTY_ROW'],
      [3, 'year', 'OUT_OF_RANGE'],
      [4, 'newEnergyVehiclesTarget', 'OUT_OF_RANGE'],
    ]);
    const { vehicleTargets } = await hub.data(reader, '{ vehicleTargets(regionCode: "510100", from: 2025, to: 2025) { edges { node { year oldVehiclesToEliminate newEnergyVehiclesTarget region { name } } } } }');
    expect(vehicleTargets.edges).toEqual([{ node: { year: 2025, oldVehiclesToEliminate: 160000, newEnergyVehiclesTarget: 300000, region: { name: '成都市' } } }]);
  });

  test('a region-code argument covers sub-regions even on a dataset whose region field is a filter', async () => {
    await hub.data(pub(Department.METEOROLOGY), 'mutation { upsertWeatherStations(input: [{ code: "56294", name: "成都", regionCode: "510104" }]) { accepted } }');
    const { weatherStations } = await hub.data(reader, '{ weatherStations(regionCode: "510000") { totalCount } }');
    expect(weatherStations.totalCount).toBe(1);
  });

  test.each([
    [Department.ECOLOGY, Department.ECONOMY, 'ingestDustFall(input: [{ regionCode: "510100", month: "2025-01", dustFall: 1 }])'],
    [Department.ECONOMY, Department.HOUSING, 'ingestFuelFacilities(input: [{ regionCode: "510100", month: "2025-01", gasStations: 1, oilDepots: 1 }])'],
    [Department.HOUSING, Department.PUBLIC_SECURITY, 'upsertConstructionSites(input: [{ id: "S", name: "s", regionCode: "510100", status: ACTIVE, dustMonitor: true, video: true }])'],
    [Department.PUBLIC_SECURITY, Department.FORESTRY, 'upsertRoadSegments(input: [{ id: "R", name: "r", regionCode: "510100", mainRoad: true }])'],
    [Department.FORESTRY, Department.ECOLOGY, 'ingestFireHotspots(input: [{ id: "H", detectedAt: "2025-01-10T08:00:00+08:00", regionCode: "510100", latitude: 30.6, longitude: 104.1, source: PATROL, status: UNVERIFIED }])'],
    [Department.COMMAND_CENTER, Department.ECONOMY, 'upsertVehicleTargets(input: [{ regionCode: "510100", year: 2030, newEnergyVehiclesTarget: 1 }])'],
  ])('a %s dataset is FORBIDDEN to a %s publisher', async (_owner, other, mutation) => {
    const result = await hub.gql(pub(other), `mutation { ${mutation} { accepted } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
