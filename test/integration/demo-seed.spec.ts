import { Department, Role } from '../../src/platform/enums';
import { seedDemo } from '../../src/app/demo/seed';
import { createServices } from '../../src/app/context';
import { DATASETS } from '../../src/catalog/registry';
import { TestHub } from '../support/hub';

describe('lantian seed --demo', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await TestHub.start();
  });
  afterAll(() => hub.stop());

  test('loads real Beijing December 2016 and the synthetic slice, every row accepted, and twice changes nothing', async () => {
    const services = createServices(hub.db, { ingestMaxBatch: 10_000 });
    const first = await seedDemo(hub.db, services, 10_000);
    expect(first.filter((r) => r.rejected > 0)).toEqual([]);
    // Every dataset of the hub has demo rows.
    expect(DATASETS.filter((d) => !first.some((r) => r.dataset === d.id && r.accepted > 0)).map((d) => d.id)).toEqual([]);
    const aq = first.find((r) => r.dataset === 'air-quality-hourly')!;
    expect(aq.accepted).toBeGreaterThan(8_500); // 12 stations × 745 hours, less the hours with no value at all
    await seedDemo(hub.db, services, 10_000);
    const [{ n }] = await hub.db.query(`SELECT count(*)::int AS n FROM air_quality_hourly`);
    expect(n).toBe(aq.accepted);

    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    // 16–21 December 2016: Beijing's red-alert episode. The city's daily AQI passes 300 (SEVERELY_POLLUTED).
    const { cityDailyAqi } = await hub.data(reader, '{ cityDailyAqi(regionCode: "110100", from: "2016-12-16", to: "2016-12-21") { date aqi level } }');
    expect(cityDailyAqi.some((d: any) => d.level === 'SEVERELY_POLLUTED')).toBe(true);
    const { weatherObservations } = await hub.data(reader, '{ weatherObservations(stationCode: "M1003A", first: 1) { totalCount edges { node { temperature relativeHumidity windDirection } } } }');
    expect(weatherObservations.totalCount).toBeGreaterThan(700);
    expect(weatherObservations.edges[0].node.relativeHumidity).toBeLessThanOrEqual(100);
  });

  test('the joint-control tour has something to show: a mixed alert response, stagnant air, fires near polluted days', async () => {
    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const { emergencyCompliance, dispersion, fireInfluence } = await hub.data(reader, `{
      emergencyCompliance(regionCode: "510100", startsAt: "2016-12-16T00:00:00+08:00") {
        compliant nonCompliant enterprises { grade status } sitesWithMachinery { siteId days { date machinesInUse } } }
      dispersion(regionCode: "110100", from: "2016-12-16", to: "2016-12-22") { date unfavourable }
      fireInfluence(regionCode: "110100", from: "2016-12-16", to: "2016-12-20") { pollutedDaysWithHotspots } }`);
    expect(emergencyCompliance.enterprises).toEqual([
      { grade: 'B', status: 'COMPLIANT' },
      { grade: 'C', status: 'NON_COMPLIANT' },
    ]);
    expect(emergencyCompliance.sitesWithMachinery).toEqual([{ siteId: 'CD-SITE-001', days: [{ date: '2016-12-18', machinesInUse: 2 }] }]);
    // Real Beijing weather: the 20th of December 2016 had 17 hours of light wind and high humidity.
    expect(dispersion.filter((d: any) => d.unfavourable).map((d: any) => d.date)).toEqual(['2016-12-20']);
    expect(fireInfluence[0].pollutedDaysWithHotspots).toBe(3);
  });
});
