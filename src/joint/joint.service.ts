import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { requireDataset } from '../catalog/registry';
import { ErrorCode, badUserInput, hubError } from '../platform/errors';
import { cstIso } from '../platform/cst';
import { regionLevel, unknownRegion, citiesOfProvince, subtreeChildren } from '../regions/region.queries';
import { IndicatorService, MAX_DAILY_RANGE_DAYS, checkDateRange, checkIndicatorInstant } from '../indicators/indicator.service';
import { AqiLevel } from '../indicators/indicator.types';
import { aqiLevel } from '../indicators/math/levels';
import { addDays, cstDate, startOfCstDay } from '../indicators/math/time';
import { EnterpriseUse, anomalyWindows, energyAnomalies } from '../indicators/math/joint/energy-anomalies';
import {
  AlertLevel,
  REQUIRED_CUT_PERCENT,
  alertDayCount,
  alertDays,
  alertDaysWithin,
  baselineDays,
  baselineLookBack,
  complianceTotals,
  enterpriseCompliance,
  muckTruckDays,
  sitesWithMachinery,
} from '../indicators/math/joint/emergency-compliance';
import { boundingBox, cityFireInfluence } from '../indicators/math/joint/fire-influence';
import { dispersionDays } from '../indicators/math/joint/dispersion';
import { decemberBefore, vehicleStructure } from '../indicators/math/joint/vehicle-structure';
import { constructionDustDays } from '../indicators/math/joint/construction-dust';
import { controlledEnterprises, dailyElectricity, electricityByWindow } from '../feeds/economy/electricity.queries';
import { alertByKey, earlierAlerts } from '../feeds/ecology/alert.queries';
import { evaluationStationPositions } from '../feeds/ecology/air-station.queries';
import { activeSiteMachinery, muckTrucks, siteHours, sitesInRegions } from '../feeds/housing/construction.queries';
import { hotspotsInBox, latestHotspot } from '../feeds/forestry/hotspot.queries';
import { weatherHours } from '../feeds/meteorology/weather.queries';
import { fleetRows } from '../feeds/public-security/fleet.queries';
import { vehicleTarget } from '../feeds/command-center/vehicle-target.queries';
import {
  CityFireInfluence,
  ComplianceStatus,
  ConstructionDustDay,
  DispersionDay,
  EmergencyCompliance,
  EnergyAnomalies,
  SourceFreshness,
  VehicleStructure,
} from './joint.types';

/** The most days an alert's compliance walks (an open alert asked far ahead, or one left open for years). */
const MAX_ALERT_DAYS = 366;
export const MAX_RADIUS_KM = 500;

/**
 * The cross-department indicators (docs/indicators.md §5): each checks the caller may read every dataset it uses over
 * the region asked, gathers the rows through their owners' statements (a fixed number, whatever the number of
 * enterprises, sites, stations or cities), hands them to the pure math and says which datasets it used and how
 * fresh they were.
 */
export class JointControlService {
  constructor(
    private readonly db: DataSource,
    private readonly indicators: IndicatorService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  now(): Date {
    return this.clock();
  }

  /** §5.1 */
  async energyAnomalies(
    access: Access,
    args: { regionCode: string; from: string; to: string; thresholdPercent: number; onlyFlagged: boolean },
  ): Promise<EnergyAnomalies> {
    const { regionCode, from, to } = args;
    checkDateRange(from, to, MAX_DAILY_RANGE_DAYS);
    if (!Number.isFinite(args.thresholdPercent) || args.thresholdPercent < 0) badArgument('thresholdPercent must be a number ≥ 0');
    await this.region(regionCode, 'regionCode');
    const datasets = ['enterprises', 'enterprise-electricity-daily'];
    await assertReadable(access, datasets, regionCode);

    const windows = anomalyWindows(from, to);
    const used = await electricityByWindow(this.db, [regionCode], [windows.current, windows.yearAgo, windows.preceding]);
    const rows = energyAnomalies({ windows, enterprises: enterpriseUses(used), thresholdPercent: args.thresholdPercent, onlyFlagged: args.onlyFlagged });
    access.recordRead('enterprises', new Set(used.map((u) => u.creditCode)).size);
    access.recordRead('enterprise-electricity-daily', used.reduce((n, u) => n + u.reportedDays, 0));
    return { rows, sources: await this.sources(datasets, regionCode) };
  }

  /** §5.2: the alert with this key, its controlled enterprises, sites and muck trucks on its days up to `asOf`. */
  async emergencyCompliance(access: Access, regionCode: string, startsAt: Date, asOf: Date = this.clock()): Promise<EmergencyCompliance> {
    const datasets = [
      'heavy-pollution-alerts',
      'enterprises',
      'enterprise-electricity-daily',
      'construction-sites',
      'construction-machinery-daily',
      'municipal-vehicles-daily',
    ];
    checkIndicatorInstant('asOf', asOf);
    await this.region(regionCode, 'regionCode');
    await assertReadable(access, datasets, regionCode);
    const alert = await alertByKey(this.db, regionCode, startsAt);
    if (!alert) throw hubError(ErrorCode.NOT_FOUND, `no heavy-pollution alert of region ${regionCode} starts at ${cstIso(startsAt)}`, { regionCode });
    const dayCount = alertDayCount(alert, asOf);
    if (dayCount > MAX_ALERT_DAYS) badArgument(`the alert spans ${dayCount} days up to asOf; at most ${MAX_ALERT_DAYS}`);
    const days = alertDays(alert, asOf);
    const firstDay = cstDate(alert.startsAt);
    const earlier = await earlierAlerts(this.db, regionCode, alert.startsAt);
    const baseline = baselineDays(firstDay, alertDaysWithin(earlier, asOf, baselineLookBack(firstDay)));
    const lastDay = days.length ? days[days.length - 1] : firstDay;

    const enterprises = await controlledEnterprises(this.db, regionCode);
    const use = await dailyElectricity(this.db, enterprises.map((e) => e.creditCode), baseline[0] ?? firstDay, lastDay);
    const kwh = new Map<string, Map<string, number>>(enterprises.map((e) => [e.creditCode, new Map()]));
    for (const u of use) kwh.get(u.creditCode)!.set(u.date, u.kwh);
    const requiredCutPercent = REQUIRED_CUT_PERCENT[alert.level as AlertLevel];
    const rows = enterprises.map((e) => ({
      creditCode: e.creditCode,
      grade: e.performanceGrade,
      ...enterpriseCompliance({ baselineDays: baseline, alertDays: days, kwhByDate: kwh.get(e.creditCode)!, requiredCutPercent }),
    }));
    const machinery = days.length ? await activeSiteMachinery(this.db, regionCode, days[0], lastDay) : [];
    const trucks = days.length ? await muckTrucks(this.db, regionCode, days[0], lastDay) : [];
    const sites = sitesWithMachinery(machinery, days, new Set(machinery.map((m) => m.siteId)));

    access.recordRead('heavy-pollution-alerts', 1 + earlier.length);
    access.recordRead('enterprises', enterprises.length);
    access.recordRead('enterprise-electricity-daily', use.length);
    access.recordRead('construction-sites', new Set(machinery.map((m) => m.siteId)).size);
    access.recordRead('construction-machinery-daily', machinery.length);
    access.recordRead('municipal-vehicles-daily', trucks.length);
    return {
      alert,
      requiredCutPercent,
      alertDays: days,
      baselineDays: baseline,
      enterprises: rows.map((r) => ({ ...r, status: r.status as ComplianceStatus })),
      ...complianceTotals(rows.map((r) => r.status)),
      sitesWithMachinery: sites,
      muckTrucks: muckTruckDays(days, trucks),
      sources: await this.sources(datasets, regionCode),
    };
  }

  /** §5.3: a CITY, or every CITY of a PROVINCE. */
  async fireInfluence(access: Access, args: { regionCode: string; from: string; to: string; radiusKm: number }): Promise<CityFireInfluence[]> {
    const { regionCode, from, to, radiusKm } = args;
    checkDateRange(from, to, MAX_DAILY_RANGE_DAYS);
    if (!(radiusKm > 0 && radiusKm <= MAX_RADIUS_KM)) badArgument(`radiusKm must be above 0 and at most ${MAX_RADIUS_KM}; got ${radiusKm}`);
    const level = await this.region(regionCode, 'regionCode', ['CITY', 'PROVINCE']);
    const datasets = ['fire-hotspots', 'air-stations', 'air-quality-hourly'];
    await assertReadable(access, datasets, regionCode);
    const cities = level === 'CITY' ? [regionCode] : await citiesOfProvince(this.db, regionCode);

    const stations = await evaluationStationPositions(this.db, cities);
    const box = boundingBox([...stations.values()].flat(), radiusKm);
    // Detected on D − 1 or D for a day D of the range; the math applies the exact date rule.
    const hotspots = box ? await hotspotsInBox(this.db, box, startOfCstDay(addDays(from, -1)), startOfCstDay(addDays(to, 1))) : [];
    const dailyAqi = await this.indicators.storedDailyAqi(cities, from, to);
    const [latestHotspotAt, cityFreshness] = await Promise.all([
      latestHotspot(this.db),
      Promise.all(['air-stations', 'air-quality-hourly'].map((id) => requireDataset(id).latestIn(this.db, cities))),
    ]);
    access.recordRead('fire-hotspots', hotspots.length);
    access.recordRead('air-stations', [...stations.values()].flat().length);
    access.recordRead('air-quality-hourly', [...dailyAqi.values()].reduce((n, days) => n + days.size, 0));
    return cities.map((city) => {
      const result = cityFireInfluence({ from, to, radiusKm, stations: stations.get(city)!, hotspots, dailyAqi: dailyAqi.get(city)! });
      return {
        regionCode: city,
        ...result,
        days: result.days.map((d) => ({ ...d, level: levelOf(d.aqi) })),
        sources: [
          { dataset: 'fire-hotspots', latestObservedAt: latestHotspotAt },
          { dataset: 'air-stations', latestObservedAt: cityFreshness[0].get(city) ?? null },
          { dataset: 'air-quality-hourly', latestObservedAt: cityFreshness[1].get(city) ?? null },
        ],
      };
    });
  }

  /** §5.4: a CITY or COUNTY. */
  async dispersion(access: Access, args: { regionCode: string; from: string; to: string }): Promise<DispersionDay[]> {
    const { regionCode, from, to } = args;
    checkDateRange(from, to, MAX_DAILY_RANGE_DAYS);
    await this.region(regionCode, 'regionCode', ['CITY', 'COUNTY']);
    const datasets = ['weather-stations', 'weather-hourly', 'air-quality-hourly'];
    await assertReadable(access, datasets, regionCode);
    const hours = await weatherHours(this.db, regionCode, startOfCstDay(from), startOfCstDay(addDays(to, 1)));
    const dailyAqi = (await this.indicators.storedDailyAqi([regionCode], from, to)).get(regionCode)!;
    access.recordRead('weather-stations', new Set(hours.flatMap((h) => h.stations)).size);
    access.recordRead('weather-hourly', hours.reduce((n, h) => n + h.stations.length, 0));
    access.recordRead('air-quality-hourly', dailyAqi.size);
    const sources = await this.sources(datasets, regionCode);
    return dispersionDays(from, to, hours).map((d) => {
      const aqi = dailyAqi.get(d.date) ?? null;
      return { ...d, aqi, level: levelOf(aqi), sources };
    });
  }

  /** §5.5 */
  async vehicleStructure(access: Access, regionCode: string, month: string): Promise<VehicleStructure> {
    await this.region(regionCode, 'regionCode');
    const datasets = ['vehicle-fleet-monthly', 'vehicle-targets'];
    await assertReadable(access, datasets, regionCode);
    const rows = await fleetRows(this.db, regionCode, [month, decemberBefore(month)]);
    const childrenOf = await subtreeChildren(this.db, regionCode);
    const target = (await vehicleTarget(this.db, regionCode, Number(month.slice(0, 4)))) ?? null;
    access.recordRead('vehicle-fleet-monthly', rows.length);
    access.recordRead('vehicle-targets', target ? 1 : 0);
    return {
      regionCode,
      month,
      ...vehicleStructure({ regionCode, month, rows, childrenOf, target }),
      sources: await this.sources(datasets, regionCode),
    };
  }

  /** §5.6 */
  async constructionDust(access: Access, args: { regionCode: string; from: string; to: string; pm10Threshold: number }): Promise<ConstructionDustDay[]> {
    const { regionCode, from, to, pm10Threshold } = args;
    checkDateRange(from, to, MAX_DAILY_RANGE_DAYS);
    if (!Number.isFinite(pm10Threshold) || pm10Threshold < 0) badArgument(`pm10Threshold must be a number ≥ 0; got ${pm10Threshold}`);
    await this.region(regionCode, 'regionCode');
    const datasets = ['construction-sites', 'site-dust-readings'];
    await assertReadable(access, datasets, regionCode);
    const sites = await sitesInRegions(this.db, [regionCode]);
    const hours = await siteHours(this.db, regionCode, startOfCstDay(from), startOfCstDay(addDays(to, 1)));
    access.recordRead('construction-sites', sites.length);
    access.recordRead('site-dust-readings', hours.length);
    const sources = await this.sources(datasets, regionCode);
    return constructionDustDays({ from, to, pm10Threshold, sites, siteHours: hours }).map((d) => ({ ...d, sources }));
  }

  /** NOT_FOUND for no such region; BAD_USER_INPUT for a level the indicator does not take. */
  async region(code: string, argument: string, levels?: string[]): Promise<string> {
    const region = await regionLevel(this.db, code);
    if (!region) throw unknownRegion(argument, code);
    if (levels && !levels.includes(region.level)) badArgument(`${argument} ${code} is a ${region.level}; this indicator takes a ${levels.join(' or ')}`);
    return region.level;
  }

  /** Each dataset with the time of its latest row in the region. */
  private async sources(datasetIds: readonly string[], regionCode: string): Promise<SourceFreshness[]> {
    const latest = await Promise.all(datasetIds.map((id) => requireDataset(id).latestIn(this.db, [regionCode])));
    return datasetIds.map((dataset, i) => ({ dataset, latestObservedAt: latest[i].get(regionCode) ?? null }));
  }
}

/** FORBIDDEN naming the first dataset the caller may not read over the region (in the order the indicator uses them). */
export async function assertReadable(access: Access, datasetIds: readonly string[], regionCode: string): Promise<void> {
  for (const id of datasetIds) await access.assertRegion(requireDataset(id), regionCode);
}

/** Electricity sums by enterprise, window 0 (current), 1 (a year ago), 2 (preceding). */
export function enterpriseUses(used: readonly { creditCode: string; window: number; reportedDays: number; kwh: number }[]): EnterpriseUse[] {
  const byEnterprise = new Map<string, EnterpriseUse>();
  const none = () => ({ reportedDays: 0, kwh: 0 });
  for (const u of used) {
    const e = byEnterprise.get(u.creditCode) ?? { creditCode: u.creditCode, current: none(), yearAgo: none(), preceding: none() };
    e[(['current', 'yearAgo', 'preceding'] as const)[u.window]] = { reportedDays: u.reportedDays, kwh: u.kwh };
    byEnterprise.set(u.creditCode, e);
  }
  return [...byEnterprise.values()];
}

export const levelOf = (aqi: number | null): AqiLevel | null => (aqi === null ? null : (aqiLevel(aqi) as AqiLevel));

function badArgument(message: string): never {
  throw badUserInput(message);
}

declare module '../platform/context.type' {
  interface Services {
    joint: JointControlService;
  }
}
