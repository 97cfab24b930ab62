import { creditCodeCheckCharacter } from '../../src/datasets/credit-code';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';
import { requireDataset } from '../../src/catalog/registry';
import { countReadStatements, observeStatements } from '../support/statements';

/**
 * The cross-department indicators (docs/indicators.md §5) over a small province whose figures are worked out by hand
 * in the comments: each query answers per the spec, refuses a caller without every dataset it uses, and the
 * province overview costs as many statements for 21 cities as for 2.
 */
const code = (serial: number) => {
  const first17 = `91510100MA${String(serial).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
};
const [E1, E2, E3, E4, E5] = [1, 2, 3, 4, 5].map(code);
const jan = (day: number, year = 2025) => `${year}-01-${String(day).padStart(2, '0')}`;
const cst = (date: string, hour: number, minute = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + hour * 3_600_000 + minute * 60_000).toISOString();
/** 1° of latitude on the hub's sphere (R = 6371.0 km): 6371 · π / 180. */
const KM_PER_DEGREE = (6371.0 * Math.PI) / 180;

describe('joint control: indicators that join departments', () => {
  let hub: TestHub;
  const keys = new Map<string, string>();
  const key = (d: Department, r: Role = Role.PUBLISHER) => keys.get(`${d}/${r}`)!;
  let reader: string;
  const publish = (d: Department, mutation: string, type: string, rows: object[]) =>
    hub.data(key(d), `mutation($i: [${type}!]!) { ${mutation}(input: $i) { accepted errors { index field code message } } }`, { i: rows }).then((r) => {
      expect(r[mutation].errors).toEqual([]);
      return r[mutation];
    });

  beforeAll(async () => {
    hub = await TestHub.start({ RATE_LIMITS: 'PUBLISHER=100000,READER=100000,ADMIN=100000' });
    for (const d of Object.values(Department)) for (const r of Object.values(Role)) keys.set(`${d}/${r}`, await hub.key(d, r));
    reader = key(Department.COMMAND_CENTER, Role.READER);
    const CC = Department.COMMAND_CENTER;
    await publish(CC, 'upsertRegions', 'RegionInput', [
      { code: '510000', name: '四川省', level: 'PROVINCE' },
      { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000', keyCity: true },
      { code: '510104', name: '锦江区', level: 'COUNTY', parentCode: '510100' },
      { code: '510300', name: '自贡市', level: 'CITY', parentCode: '510000', keyCity: true },
      { code: '510302', name: '自流井区', level: 'COUNTY', parentCode: '510300' },
    ]);
    await publish(Department.ECOLOGY, 'upsertAirStations', 'AirStationInput', [
      { code: 'CD01', name: '成都一站', regionCode: '510104', controlLevel: 'NATIONAL', latitude: 30.0, longitude: 104.0 },
      { code: 'ZG01', name: '自贡一站', regionCode: '510302', controlLevel: 'NATIONAL', latitude: 29.35, longitude: 104.77 },
    ]);
    // Chengdu's PM2.5: 120 every hour of 10 January (IAQI 150 + 50·(120 − 115)/35 = 157.14 → AQI 158, a valid day
    // since > 100), 100 every hour of 11 January (100 + 50·25/40 = 131.25 → 132).
    const hours = [10, 11].flatMap((day) => Array.from({ length: 24 }, (_, h) => ({ stationCode: 'CD01', observedAt: cst(jan(day), h + 1), pm25: day === 10 ? 120 : 100 })));
    await publish(Department.ECOLOGY, 'ingestAirQuality', 'AirQualityInput', hours);

    await publish(Department.ECONOMY, 'upsertEnterprises', 'EnterpriseInput', [
      [E1, 'B', true],
      [E2, 'C', true],
      [E3, 'A', true],
      [E4, 'UNGRADED', true],
      [E5, 'B', false],
    ].map(([creditCode, performanceGrade, onEmergencyControlList], i) => ({
      creditCode, name: `企业${i + 1}`, regionCode: '510104', industry: 'STEEL', keyIndustry: true, performanceGrade, onEmergencyControlList,
    })));
    const kwh = (creditCode: string, dates: string[], electricity: number) => dates.map((date) => ({ creditCode, date, electricity }));
    const days = (from: number, to: number, year = 2025) => Array.from({ length: to - from + 1 }, (_, i) => jan(from + i, year));
    await publish(Department.ECONOMY, 'ingestEnterpriseElectricity', 'EnterpriseElectricityInput', [
      ...kwh(E1, days(3, 11), 1000), ...kwh(E1, days(12, 14), 600), ...kwh(E1, days(12, 14, 2024), 500),
      ...kwh(E2, days(3, 11), 1000), ...kwh(E2, days(12, 14), 900),
      ...kwh(E3, days(3, 11), 1000), ...kwh(E3, days(12, 14), 2000),
      ...kwh(E4, days(10, 12), 1000),
    ]);
    await publish(Department.ECOLOGY, 'ingestHeavyPollutionAlerts', 'HeavyPollutionAlertInput', [
      { regionCode: '510100', level: 'YELLOW', issuedAt: cst(jan(7), 17), startsAt: cst(jan(8), 0), endsAt: cst(jan(9), 6) },
      { regionCode: '510100', level: 'ORANGE', issuedAt: cst(jan(11), 17), startsAt: cst(jan(12), 0), endsAt: cst(jan(14), 12) },
    ]);
    await publish(Department.HOUSING, 'upsertConstructionSites', 'ConstructionSiteInput', [
      { id: 'S1', name: '工地一', regionCode: '510104', status: 'ACTIVE', startDate: '2024-06-01', dustMonitor: true, video: false },
      { id: 'S2', name: '工地二', regionCode: '510104', status: 'SUSPENDED', startDate: '2024-06-01', dustMonitor: true, video: false },
      { id: 'S3', name: '工地三', regionCode: '510104', status: 'ACTIVE', startDate: jan(13), dustMonitor: false, video: false },
    ]);
    await publish(Department.HOUSING, 'ingestConstructionMachineryUse', 'ConstructionMachineryUseInput', [
      { siteId: 'S1', date: jan(12), emissionStage: 'CHINA_III', machinesInUse: 0, operatingHours: 0 },
      { siteId: 'S1', date: jan(13), emissionStage: 'CHINA_III', machinesInUse: 2, operatingHours: 10 },
      { siteId: 'S1', date: jan(13), emissionStage: 'CHINA_IV', machinesInUse: 1 },
      { siteId: 'S2', date: jan(13), emissionStage: 'CHINA_III', machinesInUse: 5, operatingHours: 30 },
      { siteId: 'S1', date: jan(11), emissionStage: 'CHINA_III', machinesInUse: 4, operatingHours: 20 },
    ]);
    await publish(Department.HOUSING, 'ingestMunicipalVehicleActivity', 'MunicipalVehicleActivityInput', [
      { regionCode: '510104', date: jan(12), vehicleType: 'MUCK_TRUCK', vehiclesActive: 4, trips: 10 },
      { regionCode: '510104', date: jan(13), vehicleType: 'MUCK_TRUCK', vehiclesActive: 0 },
      { regionCode: '510100', date: jan(13), vehicleType: 'MUCK_TRUCK', vehiclesActive: 2, trips: 3 },
      { regionCode: '510104', date: jan(14), vehicleType: 'SANITATION', vehiclesActive: 9, trips: 9 },
    ]);
    // S1: hour 09:00 holds 140, 150, 160, 150 (mean exactly 150: not above), hour 10:00 holds 200 (exceeds).
    // S2 (suspended): 10:00 → 300 and the reading stamped 11 January 00:00, whose hour belongs to 10 January: 151.
    await publish(Department.HOUSING, 'ingestSiteDustReadings', 'SiteDustReadingInput', [
      ...[[8, 15, 140], [8, 30, 150], [8, 45, 160], [9, 0, 150], [9, 15, 200]].map(([h, m, pm10]) => ({ siteId: 'S1', observedAt: cst(jan(10), h, m), pm10 })),
      { siteId: 'S2', observedAt: cst(jan(10), 10), pm10: 300 },
      { siteId: 'S2', observedAt: cst(jan(11), 0), pm10: 151 },
    ]);
    await publish(Department.FORESTRY, 'ingestFireHotspots', 'FireHotspotInput', [
      // H1: 0.4° north of CD01 (44.48 km), detected 9 January: counts on the 9th and 10th.
      { id: 'H1', detectedAt: cst(jan(9), 22), regionCode: '510104', latitude: 30.4, longitude: 104.0, source: 'SATELLITE', status: 'UNVERIFIED' },
      // H2: 0.46° north (51.15 km): beyond 50 km.
      { id: 'H2', detectedAt: cst(jan(11), 10), regionCode: '510104', latitude: 30.46, longitude: 104.0, source: 'SATELLITE', status: 'CONFIRMED' },
      { id: 'H3', detectedAt: cst(jan(11), 10), regionCode: '510104', latitude: 30.1, longitude: 104.0, source: 'SATELLITE', status: 'FALSE_ALARM' },
      { id: 'H4', detectedAt: cst(jan(11), 10), regionCode: '510104', source: 'PATROL', status: 'CONFIRMED' },
      // H5: 0.2° (22.24 km), 11 January; H6: 0.05° (5.56 km), 10 January noon: counts on the 10th and 11th.
      { id: 'H5', detectedAt: cst(jan(11), 8), regionCode: '510104', latitude: 30.2, longitude: 104.0, source: 'VIDEO', status: 'CONFIRMED' },
      { id: 'H6', detectedAt: cst(jan(10), 12), regionCode: '510104', latitude: 30.05, longitude: 104.0, source: 'VIDEO', status: 'CONFIRMED' },
    ]);
    await publish(Department.METEOROLOGY, 'upsertWeatherStations', 'WeatherStationInput', [
      { code: 'W1', name: '气象一', regionCode: '510104' },
      { code: 'W2', name: '气象二', regionCode: '510104' },
    ]);
    // 10 January 01:00–12:00: winds 1.0 and 2.9 (mean 1.95 < 2.0), humidity 90 and 70 (mean exactly 80): stagnant.
    // 13:00 – 11 January 00:00: W1 alone, wind exactly 2.0: not stagnant. 11 January 01:00: wind without humidity.
    await publish(Department.METEOROLOGY, 'ingestWeather', 'WeatherInput', [
      ...Array.from({ length: 12 }, (_, h) => [
        { stationCode: 'W1', observedAt: cst(jan(10), h + 1), windSpeed: 1.0, relativeHumidity: 90 },
        { stationCode: 'W2', observedAt: cst(jan(10), h + 1), windSpeed: 2.9, relativeHumidity: 70 },
      ]).flat(),
      ...Array.from({ length: 12 }, (_, h) => ({ stationCode: 'W1', observedAt: cst(jan(10), h + 13), windSpeed: 2.0, relativeHumidity: 90 })),
      { stationCode: 'W1', observedAt: cst(jan(11), 1), windSpeed: 1.0 },
    ]);
    const fleet = (regionCode: string, month: string, vehicleClass: string, fuel: string, emissionStandard: string, registeredVehicles: number) =>
      ({ regionCode, month, vehicleClass, fuel, emissionStandard, registeredVehicles });
    await publish(Department.PUBLIC_SECURITY, 'ingestVehicleFleet', 'VehicleFleetInput', [
      fleet('510100', '2025-03', 'PASSENGER_CAR', 'GASOLINE', 'CHINA_6', 1000),
      fleet('510100', '2025-03', 'PASSENGER_CAR', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 200),
      fleet('510100', '2025-03', 'HEAVY_TRUCK', 'DIESEL', 'CHINA_3', 50),
      fleet('510104', '2025-03', 'PASSENGER_CAR', 'GASOLINE', 'CHINA_6', 999),
      fleet('510104', '2024-12', 'PASSENGER_CAR', 'GASOLINE', 'CHINA_6', 900),
      fleet('510104', '2024-12', 'PASSENGER_CAR', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 100),
      fleet('510104', '2024-12', 'HEAVY_TRUCK', 'DIESEL', 'CHINA_3', 80),
      fleet('510104', '2024-12', 'PASSENGER_CAR', 'GASOLINE', 'CHINA_2', 20),
    ]);
    await publish(CC, 'upsertVehicleTargets', 'VehicleTargetInput', [{ regionCode: '510100', year: 2025, oldVehiclesToEliminate: 100, newEnergyVehiclesTarget: 400 }]);
  });
  afterAll(() => hub.stop());

  test('energyAnomalies: windows, validity, threshold and order (§5.1)', async () => {
    const query = (onlyFlagged: boolean) => `{ energyAnomalies(regionCode: "510100", from: "2025-01-12", to: "2025-01-14", onlyFlagged: ${onlyFlagged}) {
      rows { creditCode enterprise { name } currentMean yearAgoMean precedingMean currentDays yearAgoDays precedingDays changeVsYearAgo changeVsPreceding flagged }
      sources { dataset latestObservedAt } } }`;
    const all = (await hub.data(reader, query(false))).energyAnomalies;
    // E3 +100 % (2000 vs 1000), E1 −40 % vs preceding and +20 % vs a year ago, E2 −10 %, E4 1 of 3 days: no mean.
    expect(all.rows.map((r: any) => [r.creditCode, r.changeVsPreceding, r.changeVsYearAgo, r.flagged])).toEqual([
      [E3, 100, null, true],
      [E1, -40, 20, true],
      [E2, -10, null, false],
      [E4, null, null, false],
    ]);
    expect(all.rows[1]).toMatchObject({ enterprise: { name: '企业1' }, currentMean: 600, yearAgoMean: 500, precedingMean: 1000, currentDays: 3, yearAgoDays: 3, precedingDays: 3 });
    expect(all.rows[3]).toMatchObject({ currentMean: null, currentDays: 1, precedingDays: 2, precedingMean: null });
    expect(all.sources).toEqual([
      { dataset: 'enterprises', latestObservedAt: expect.any(String) },
      // A daily row stands for the end of its day: 14 January → 15 January 00:00.
      { dataset: 'enterprise-electricity-daily', latestObservedAt: '2025-01-15T00:00:00+08:00' },
    ]);
    const flagged = (await hub.data(reader, query(true))).energyAnomalies;
    expect(flagged.rows.map((r: any) => r.creditCode)).toEqual([E3, E1]);
  });

  test('emergencyCompliance and HeavyPollutionAlert.compliance: cuts against the baseline, machinery and muck trucks (§5.2)', async () => {
    const { emergencyCompliance: c } = await hub.data(reader, `{ emergencyCompliance(regionCode: "510100", startsAt: "2025-01-12T00:00:00+08:00") {
      alert { level } requiredCutPercent alertDays baselineDays compliant nonCompliant unknown
      enterprises { creditCode grade baselineMean baselineDays duringMean duringDays achievedCutPercent status enterprise { name } }
      sitesWithMachinery { siteId site { name } days { date machinesInUse operatingHours } }
      muckTrucks { date vehiclesActive trips } sources { dataset } } }`);
    expect(c.alert).toEqual({ level: 'ORANGE' });
    expect(c.requiredCutPercent).toBe(20);
    expect(c.alertDays).toEqual([jan(12), jan(13), jan(14)]);
    // Walking back from the 11th, the 9th and 8th are days of the earlier YELLOW alert.
    expect(c.baselineDays).toEqual([jan(3), jan(4), jan(5), jan(6), jan(7), jan(10), jan(11)]);
    expect(c.enterprises.map((e: any) => [e.creditCode, e.grade, e.baselineMean, e.baselineDays, e.duringMean, e.duringDays, e.achievedCutPercent, e.status])).toEqual([
      [E1, 'B', 1000, 7, 600, 3, 40, 'COMPLIANT'],
      [E2, 'C', 1000, 7, 900, 3, 10, 'NON_COMPLIANT'],
      [E4, 'UNGRADED', null, 2, null, 1, null, 'UNKNOWN'], // 2 baseline days (< 5); 1 of 3 alert days (1 × 2 < 3)
    ]);
    expect([c.compliant, c.nonCompliant, c.unknown]).toEqual([1, 1, 1]);
    expect(c.sitesWithMachinery).toEqual([{ siteId: 'S1', site: { name: '工地一' }, days: [{ date: jan(13), machinesInUse: 3, operatingHours: 10 }] }]);
    expect(c.muckTrucks).toEqual([
      { date: jan(12), vehiclesActive: 4, trips: 10 },
      { date: jan(13), vehiclesActive: 2, trips: 3 },
      { date: jan(14), vehiclesActive: null, trips: null },
    ]);
    expect(c.sources.map((s: any) => s.dataset)).toEqual([
      'heavy-pollution-alerts', 'enterprises', 'enterprise-electricity-daily', 'construction-sites', 'construction-machinery-daily', 'municipal-vehicles-daily',
    ]);

    const { heavyPollutionAlerts } = await hub.data(reader, '{ heavyPollutionAlerts(regionCode: "510100", level: ORANGE) { edges { node { compliance { compliant nonCompliant unknown } } } } }');
    expect(heavyPollutionAlerts.edges).toEqual([{ node: { compliance: { compliant: 1, nonCompliant: 1, unknown: 1 } } }]);

    const missing = await hub.gql(reader, '{ emergencyCompliance(regionCode: "510100", startsAt: "2025-01-12T01:00:00+08:00") { compliant } }');
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  test('fireInfluence: hot spots within 50 km on the day or the day before, beside the daily AQI (§5.3)', async () => {
    const { fireInfluence } = await hub.data(reader, `{ fireInfluence(regionCode: "510000", from: "2025-01-10", to: "2025-01-11") {
      regionCode region { name } daysWithHotspots pollutedDays pollutedDaysWithHotspots
      days { date hotspots nearestKm aqi level pollutedWithFire } sources { dataset latestObservedAt } } }`);
    const [chengdu, zigong] = fireInfluence;
    expect(chengdu.region).toEqual({ name: '成都市' });
    // 10th: H1 (detected the 9th) and H6; 11th: H6 (the 10th) and H5. H2 is beyond 50 km, H3 a false alarm, H4 unplaced.
    expect(chengdu.days).toEqual([
      { date: jan(10), hotspots: 2, nearestKm: expect.closeTo(0.05 * KM_PER_DEGREE, 9), aqi: 158, level: 'MODERATELY_POLLUTED', pollutedWithFire: true },
      { date: jan(11), hotspots: 2, nearestKm: expect.closeTo(0.05 * KM_PER_DEGREE, 9), aqi: 132, level: 'LIGHTLY_POLLUTED', pollutedWithFire: false },
    ]);
    expect([chengdu.daysWithHotspots, chengdu.pollutedDays, chengdu.pollutedDaysWithHotspots]).toEqual([2, 1, 1]);
    expect(zigong).toMatchObject({ regionCode: '510300', daysWithHotspots: 0, pollutedDays: 0 });
    expect(chengdu.sources).toEqual([
      { dataset: 'fire-hotspots', latestObservedAt: '2025-01-11T10:00:00+08:00' },
      { dataset: 'air-stations', latestObservedAt: expect.any(String) },
      { dataset: 'air-quality-hourly', latestObservedAt: '2025-01-12T00:00:00+08:00' },
    ]);
    const near = await hub.data(reader, '{ fireInfluence(regionCode: "510100", from: "2025-01-11", to: "2025-01-11", radiusKm: 51.2) { days { hotspots } } }');
    expect(near.fireInfluence[0].days).toEqual([{ hotspots: 3 }]); // H2 at 51.15 km now counts
    const county = await hub.gql(reader, '{ fireInfluence(regionCode: "510104", from: "2025-01-11", to: "2025-01-11") { regionCode } }');
    expect(county.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('dispersion: stagnant hours from the mean wind and humidity over the weather stations (§5.4)', async () => {
    const { dispersion } = await hub.data(reader, '{ dispersion(regionCode: "510100", from: "2025-01-10", to: "2025-01-11") { date hoursWithData stagnantHours unfavourable aqi level sources { dataset } } }');
    expect(dispersion.map(({ sources: _sources, ...d }: any) => d)).toEqual([
      { date: jan(10), hoursWithData: 24, stagnantHours: 12, unfavourable: true, aqi: 158, level: 'MODERATELY_POLLUTED' },
      { date: jan(11), hoursWithData: 0, stagnantHours: 0, unfavourable: false, aqi: 132, level: 'LIGHTLY_POLLUTED' },
    ]);
    expect(dispersion[0].sources.map((s: any) => s.dataset)).toEqual(['weather-stations', 'weather-hourly', 'air-quality-hourly']);
  });

  test("vehicleStructure: the city's own rows, else its counties', since December and against the target (§5.5)", async () => {
    const { vehicleStructure: v } = await hub.data(reader, `{ vehicleStructure(regionCode: "510100", month: "2025-03") {
      regionCode month vehicles newEnergy newEnergyShare chinaIIIAndBelow startOfYear { vehicles newEnergy chinaIIIAndBelow }
      vehiclesChange newEnergyChange chinaIIIAndBelowChange
      target { year eliminated oldVehiclesToEliminate eliminatedPercent newEnergy newEnergyVehiclesTarget newEnergyPercent } sources { dataset latestObservedAt } } }`);
    expect(v).toEqual({
      regionCode: '510100',
      month: '2025-03',
      vehicles: 1250, // the city's own rows; its county's 999 are not added
      newEnergy: 200,
      newEnergyShare: 16,
      chinaIIIAndBelow: 50,
      startOfYear: { vehicles: 1100, newEnergy: 100, chinaIIIAndBelow: 100 }, // December: only the county published
      vehiclesChange: 150,
      newEnergyChange: 100,
      chinaIIIAndBelowChange: -50,
      target: { year: 2025, eliminated: 50, oldVehiclesToEliminate: 100, eliminatedPercent: 50, newEnergy: 200, newEnergyVehiclesTarget: 400, newEnergyPercent: 50 },
      sources: [
        { dataset: 'vehicle-fleet-monthly', latestObservedAt: '2025-04-01T00:00:00+08:00' },
        { dataset: 'vehicle-targets', latestObservedAt: expect.any(String) },
      ],
    });
    const none = await hub.data(reader, '{ vehicleStructure(regionCode: "510300", month: "2025-03") { vehicles startOfYear { vehicles } target { year } } }');
    expect(none.vehicleStructure).toEqual({ vehicles: null, startOfYear: null, target: null });
  });

  test('constructionDust: active sites, site-hours above the threshold, the worst site (§5.6)', async () => {
    const { constructionDust } = await hub.data(reader, `{ constructionDust(regionCode: "510100", from: "2025-01-10", to: "2025-01-13") {
      date activeSites activeSitesWithMonitor sitesReporting exceedingSites exceedingHours worstSiteId } }`);
    expect(constructionDust).toEqual([
      { date: jan(10), activeSites: 1, activeSitesWithMonitor: 1, sitesReporting: 2, exceedingSites: 2, exceedingHours: 3, worstSiteId: 'S2' },
      { date: jan(11), activeSites: 1, activeSitesWithMonitor: 1, sitesReporting: 0, exceedingSites: 0, exceedingHours: 0, worstSiteId: null },
      { date: jan(12), activeSites: 1, activeSitesWithMonitor: 1, sitesReporting: 0, exceedingSites: 0, exceedingHours: 0, worstSiteId: null },
      { date: jan(13), activeSites: 2, activeSitesWithMonitor: 1, sitesReporting: 0, exceedingSites: 0, exceedingHours: 0, worstSiteId: null },
    ]);
    const lower = await hub.data(reader, '{ constructionDust(regionCode: "510100", from: "2025-01-10", to: "2025-01-10", pm10Threshold: 149.9) { exceedingHours } }');
    expect(lower.constructionDust).toEqual([{ exceedingHours: 4 }]); // S1's 09:00 hour (mean 150) now exceeds
  });

  test('provinceOverview: every city at a glance (§5.7)', async () => {
    const overview = async (at: string) =>
      (await hub.data(reader, `{ provinceOverview(provinceCode: "510000", at: "${at}") { provinceCode at cities {
        regionCode region { name } latestHour { observedAt aqi level } yesterday { date aqi } monthToDate { regionCode validDays }
        activeAlert { level startsAt } activeSites hotspots24h energyAnomalies freshness { dataset latestObservedAt stale } } } }`)).provinceOverview;
    const night = await overview('2025-01-11T00:30:00+08:00');
    expect(night.at).toBe('2025-01-11T00:30:00+08:00');
    const [chengdu, zigong] = night.cities;
    expect(chengdu).toMatchObject({
      regionCode: '510100',
      region: { name: '成都市' },
      latestHour: { observedAt: '2025-01-11T00:00:00+08:00', aqi: 158, level: 'MODERATELY_POLLUTED' },
      yesterday: { date: jan(10), aqi: 158 },
      monthToDate: { regionCode: '510100', validDays: 1 },
      activeAlert: null,
      activeSites: 1,
      hotspots24h: 1, // H6 (10 January noon); H1 is older than 24 h, H5 comes later
      energyAnomalies: 0,
    });
    const freshness = Object.fromEntries(chengdu.freshness.map((f: any) => [f.dataset, f]));
    // As of `at`: the hour stamped 11 January 00:00, not the later ones stored since.
    expect(freshness['air-quality-hourly']).toEqual({ dataset: 'air-quality-hourly', latestObservedAt: '2025-01-11T00:00:00+08:00', stale: false });
    // Electricity rows run to 14 January; as of 11 January 00:30 the latest ended is 10 January's (ends 11 January 00:00).
    expect(freshness['enterprise-electricity-daily']).toEqual({ dataset: 'enterprise-electricity-daily', latestObservedAt: '2025-01-11T00:00:00+08:00', stale: false });
    expect(freshness['regions'].stale).toBe(false);
    expect(freshness['traffic-flow-hourly']).toEqual({ dataset: 'traffic-flow-hourly', latestObservedAt: null, stale: true });
    expect(zigong).toMatchObject({ regionCode: '510300', latestHour: null, yesterday: null, activeAlert: null, activeSites: 0, hotspots24h: 0 });

    const during = await overview('2025-01-12T08:00:00+08:00');
    expect(during.cities[0].activeAlert).toEqual({ level: 'ORANGE', startsAt: '2025-01-12T00:00:00+08:00' });
    expect(during.cities[0].latestHour).toBeNull();
  });

  test("reference data and planned times are as fresh as the dataset's latest publication into the city", async () => {
    const alertsIn = async (at?: string) => {
      const { provinceOverview } = await hub.data(reader, `{ provinceOverview(provinceCode: "510000"${at ? `, at: "${at}"` : ''}) { cities { regionCode freshness { dataset latestObservedAt } } } }`);
      return Object.fromEntries(
        provinceOverview.cities.map((c: any) => [c.regionCode, c.freshness.find((f: any) => f.dataset === 'heavy-pollution-alerts').latestObservedAt]),
      );
    };
    const publishedAt = async (regionCode: string) =>
      (await hub.db.query(
        `SELECT max(b.received_at) AS at FROM heavy_pollution_alerts t JOIN ingest_batches b ON b.id = t.batch_id WHERE t.region_code LIKE $1`,
        [`${regionCode.slice(0, 4)}%`],
      ))[0].at as Date;
    const before = await alertsIn();
    const chengdu = await publishedAt('510100');
    expect(new Date(before['510100']).getTime()).toBe(chengdu.getTime());
    // A later publication into Zigong leaves Chengdu's as it was.
    await publish(Department.ECOLOGY, 'ingestHeavyPollutionAlerts', 'HeavyPollutionAlertInput', [
      { regionCode: '510300', level: 'YELLOW', issuedAt: cst('2024-03-01', 17), startsAt: cst('2024-03-02', 0), endsAt: cst('2024-03-03', 0) },
    ]);
    const after = await alertsIn();
    expect(after['510100']).toBe(before['510100']);
    expect(new Date(after['510300']).getTime()).toBe((await publishedAt('510300')).getTime());
    expect(new Date(after['510300']).getTime()).toBeGreaterThan(chengdu.getTime());
    // As of a time before any publication, nothing had been published.
    expect((await alertsIn('2025-01-11T00:30:00+08:00'))['510100']).toBeNull();
  });

  test("a city's freshness reads one row per region of its subtree, however many hot spots or publications each holds", async () => {
    const at = new Date('2025-01-20T00:00:00+08:00');
    /**
     * Rows the plans of `run`'s freshness statements read from `table` (EXPLAIN ANALYZE: rows × loops of its scans): one
     * per region of the subtree, and one telling the table (or the dataset's publications) is not empty.
     */
    const rowsRead = async (table: string, run: () => Promise<unknown>) => {
      const statements: { text: string; values: unknown[] | undefined }[] = [];
      await observeStatements(run, (text, values) => {
        if (text.includes('FROM unnest($1::text[]) AS r (code)')) statements.push({ text, values });
      });
      let rows = 0;
      const walk = (node: any) => {
        if (node['Relation Name'] === table) rows += node['Actual Rows'] * node['Actual Loops'];
        for (const child of node.Plans ?? []) walk(child);
      };
      for (const { text, values } of statements) walk((await hub.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values))[0]['QUERY PLAN'][0].Plan);
      expect(statements.length).toBeGreaterThan(0);
      return rows;
    };
    // Chengdu's subtree is itself and Jinjiang (510104), where the hot spots lie; alerts were published into both.
    const [{ hotspots }] = await hub.db.query(`SELECT count(*)::int AS hotspots FROM fire_hotspots WHERE region_code IN ('510100', '510104') AND detected_at <= $1`, [at]);
    expect(hotspots).toBeGreaterThan(3);
    expect(await rowsRead('fire_hotspots', () => requireDataset('fire-hotspots').latestIn(hub.db, ['510100'], at))).toBeLessThanOrEqual(3);
    for (const day of ['2019-06-02', '2019-07-02', '2019-08-02', '2019-09-02']) {
      await publish(Department.ECOLOGY, 'ingestHeavyPollutionAlerts', 'HeavyPollutionAlertInput', [
        { regionCode: '510104', level: 'YELLOW', issuedAt: cst(day, -7), startsAt: cst(day, 0), endsAt: cst(day, 24) },
      ]);
    }
    const [{ publications }] = await hub.db.query(`SELECT count(*)::int AS publications FROM batch_regions WHERE dataset = 'heavy-pollution-alerts' AND region_code IN ('510100', '510104')`);
    expect(publications).toBeGreaterThan(3);
    expect(await rowsRead('batch_regions', () => requireDataset('heavy-pollution-alerts').latestIn(hub.db, ['510100']))).toBeLessThanOrEqual(3);
  });

  test("an at or asOf outside the indicators' days is refused as bad input, never an internal error", async () => {
    for (const at of ['0001-01-01T00:00:00Z', '9999-12-31T20:00:00Z']) {
      const overview = await hub.gql(reader, `{ provinceOverview(provinceCode: "510000", at: "${at}") { provinceCode } }`);
      expect([at, overview.errors?.[0].extensions?.code]).toEqual([at, 'BAD_USER_INPUT']);
    }
    // The CST date of this asOf would be in the year 10000.
    const compliance = await hub.gql(reader, '{ emergencyCompliance(regionCode: "510100", startsAt: "2025-01-12T00:00:00+08:00", asOf: "9999-12-31T20:00:00Z") { alertDays } }');
    expect(compliance.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('an alert left open for years, asked as of a far date, is answered or refused at once', async () => {
    // Zigong's district: an alert never closed since 2020, then a closed one; asOf at the end of the calendar.
    await publish(Department.ECOLOGY, 'ingestHeavyPollutionAlerts', 'HeavyPollutionAlertInput', [
      { regionCode: '510302', level: 'YELLOW', issuedAt: cst('2019-12-31', 17), startsAt: cst('2020-01-01', 0) },
      { regionCode: '510302', level: 'RED', issuedAt: cst('2025-01-31', 17), startsAt: cst('2025-02-01', 0), endsAt: cst('2025-02-02', 12) },
    ]);
    const asOf = '9999-12-30T12:00:00+08:00';
    const started = Date.now();
    const { emergencyCompliance: closed } = await hub.data(reader, `{ emergencyCompliance(regionCode: "510302", startsAt: "${cst('2025-02-01', 0)}", asOf: "${asOf}") { alertDays baselineDays } }`);
    // The open alert's days cover every day the baseline could walk back to.
    expect(closed).toEqual({ alertDays: ['2025-02-01', '2025-02-02'], baselineDays: [] });
    const open = await hub.gql(reader, `{ emergencyCompliance(regionCode: "510302", startsAt: "${cst('2020-01-01', 0)}", asOf: "${asOf}") { alertDays } }`);
    expect(open.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Enumerating the ~2.9 million days to asOf took seconds of CPU per request.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a caller needs read access to every dataset an indicator uses, over the region asked', async () => {
    const ecology = key(Department.ECOLOGY, Role.READER);
    const refused = await hub.gql(ecology, '{ energyAnomalies(regionCode: "510100", from: "2025-01-12", to: "2025-01-14") { rows { creditCode } } }');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'enterprises' });

    const housingAdmin = key(Department.HOUSING, Role.ADMIN);
    for (const dataset of ['construction-sites', 'site-dust-readings']) {
      await hub.data(housingAdmin, `mutation { grantDatasetAccess(input: { dataset: "${dataset}", department: PUBLIC_SECURITY, regionCodes: ["510300"], reason: "dust and traffic" }) { id } }`);
    }
    const police = key(Department.PUBLIC_SECURITY, Role.READER);
    const outside = await hub.gql(police, '{ constructionDust(regionCode: "510100", from: "2025-01-10", to: "2025-01-10") { activeSites } }');
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'construction-sites', regionCode: '510100' });
    const inside = await hub.data(police, '{ constructionDust(regionCode: "510300", from: "2025-01-10", to: "2025-01-10") { activeSites } }');
    expect(inside.constructionDust).toEqual([{ activeSites: 0 }]);

    // The overview lists only the datasets the caller may read: air quality and the others it needs are ECOLOGY's.
    const overviewRefused = await hub.gql(police, '{ provinceOverview(provinceCode: "510000") { provinceCode } }');
    expect(overviewRefused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'air-quality-hourly' });
  });

  test('the reads of each dataset are audited', async () => {
    const analyst = key(Department.COMMAND_CENTER, Role.ADMIN);
    await hub.data(analyst, 'query StagnantDays { dispersion(regionCode: "510100", from: "2025-01-10", to: "2025-01-10") { date } }');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { auditLog } = await hub.data(analyst, '{ auditLog(first: 5, filter: { operation: "StagnantDays" }) { edges { node { operation datasetsRead } } } }');
    expect(auditLog.edges[0].node.datasetsRead).toEqual(expect.arrayContaining(['weather-stations', 'weather-hourly', 'air-quality-hourly']));

    // On the 1st of a month the overview has no month-to-date score: its other figures still read air quality.
    await hub.data(analyst, 'query Glance { provinceOverview(provinceCode: "510000", at: "2025-02-01T09:00:00+08:00") { cities { regionCode } } }');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const glance = await hub.data(analyst, '{ auditLog(first: 5, filter: { operation: "Glance" }) { edges { node { datasetsRead } } } }');
    expect([...glance.auditLog.edges[0].node.datasetsRead].sort()).toEqual(
      ['air-quality-hourly', 'air-stations', 'construction-sites', 'enterprise-electricity-daily', 'enterprises', 'fire-hotspots', 'heavy-pollution-alerts'],
    );
  });

  test('provinceOverview costs as many SQL statements for 21 cities as for 2', async () => {
    const query = '{ provinceOverview(provinceCode: "510000", at: "2025-01-11T00:30:00+08:00") { cities { regionCode activeSites hotspots24h energyAnomalies freshness { stale } latestHour { aqi } } } }';
    const statements = async () => {
      const cities = (await hub.data(reader, query)).provinceOverview.cities.length; // warm: the key is verified once, outside the count
      return { cities, count: await countReadStatements(() => hub.data(reader, query)) };
    };
    const two = await statements();
    const more = Array.from({ length: 19 }, (_, i) => ({ code: String(510400 + i * 100), name: `市${i}`, level: 'CITY', parentCode: '510000' }));
    await publish(Department.COMMAND_CENTER, 'upsertRegions', 'RegionInput', more);
    const many = await statements();
    expect([two.cities, many.cities]).toEqual([2, 21]);
    expect(many.count).toBe(two.count);
  });
});
