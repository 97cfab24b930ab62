import { DataSource } from 'typeorm';
import { Access, DatasetAccess } from '../access/access';
import { DATASETS } from '../catalog/registry';
import { DatasetDefinition } from '../catalog/dataset';
import { citiesOfProvince } from '../regions/region.queries';
import { IndicatorService, checkIndicatorInstant, dailyAqiSeries } from '../indicators/indicator.service';
import { latestHourDays, latestHourlyAqi } from '../indicators/aqi-levels';
import { MonthlyScoreService } from '../indicators/monthly-score.service';
import { CityMonthlyScore } from '../indicators/monthly-score.types';
import { DAY_MS, addDays, cstDate } from '../indicators/math/time';
import { DEFAULT_ANOMALY_THRESHOLD_PERCENT, anomalyWindows, energyAnomalies } from '../indicators/math/joint/energy-anomalies';
import { DEFAULT_RADIUS_KM, boundingBox, hotspotsWithin24h } from '../indicators/math/joint/fire-influence';
import { siteActiveOn } from '../indicators/math/joint/construction-dust';
import { Cadence, isStale } from '../indicators/math/joint/freshness';
import { electricityByWindow } from '../feeds/economy/electricity.queries';
import { activeAlerts } from '../feeds/ecology/alert.queries';
import { evaluationStationPositions } from '../feeds/ecology/air-station.queries';
import { sitesInRegions } from '../feeds/housing/construction.queries';
import { hotspotsInBox } from '../feeds/forestry/hotspot.queries';
import { JointControlService, assertReadable, enterpriseUses } from './joint.service';
import { CityOverview, DatasetFreshness, ProvinceOverview } from './joint.types';

/** The overview's energy anomalies: the 7 days up to yesterday, at the default threshold (§5.1). */
const ANOMALY_DAYS = 7;

/** The datasets the overview's figures read; the caller needs each over the province. */
const OVERVIEW_DATASETS = ['air-quality-hourly', 'heavy-pollution-alerts', 'construction-sites', 'fire-hotspots', 'air-stations', 'enterprises', 'enterprise-electricity-daily'];

/** The catalog's cadence as the staleness rule takes it: events and reference data have none. */
export const cadenceOf = (d: DatasetDefinition): Cadence => (d.cadence === 'on change' ? null : d.cadence);

/**
 * §5.7: every CITY of a province at a glance, in a number of statements that does not grow with the cities: each
 * figure is gathered for all of them at once.
 */
export class ProvinceOverviewService {
  constructor(
    private readonly db: DataSource,
    private readonly joint: JointControlService,
    private readonly indicators: IndicatorService,
    private readonly scores: MonthlyScoreService,
  ) {}

  async overview(access: Access, provinceCode: string, at: Date = this.joint.now()): Promise<ProvinceOverview> {
    checkIndicatorInstant('at', at);
    await this.joint.region(provinceCode, 'provinceCode', ['PROVINCE']);
    await assertReadable(access, OVERVIEW_DATASETS, provinceCode);
    const cities = await citiesOfProvince(this.db, provinceCode);
    const today = cstDate(at);
    const yesterday = addDays(today, -1);

    const [latestHours, yesterdays, monthToDate, alerts, activeSites, hotspots, anomalies, freshness] = await Promise.all([
      this.latestHours(access, cities, at),
      this.yesterdays(access, cities, yesterday),
      yesterday.slice(0, 7) === today.slice(0, 7) ? this.scores.monthlyScores(access, provinceCode, today.slice(0, 7), yesterday) : Promise.resolve([]),
      activeAlerts(this.db, cities, at),
      this.activeSites(cities, today),
      this.hotspots24h(access, cities, at),
      this.flaggedEnergyAnomalies(access, cities, yesterday),
      this.freshness(access, cities, at),
    ]);
    access.recordRead('heavy-pollution-alerts', alerts.length);
    access.recordRead('construction-sites', [...activeSites.values()].reduce((n, c) => n + c, 0));
    const scoreByCity = new Map<string, CityMonthlyScore>(monthToDate.map((s) => [s.regionCode, s]));
    const alertByCity = new Map(alerts.map((a) => [a.regionCode, a]));
    return {
      provinceCode,
      at,
      cities: cities.map(
        (city): CityOverview => ({
          regionCode: city,
          latestHour: latestHours.get(city) ?? null,
          yesterday: yesterdays.get(city) ?? null,
          monthToDate: scoreByCity.get(city) ?? null,
          activeAlert: alertByCity.get(city) ?? null,
          activeSites: activeSites.get(city) ?? 0,
          hotspots24h: hotspots.get(city) ?? 0,
          energyAnomalies: anomalies.get(city) ?? 0,
          freshness: freshness.get(city) ?? [],
        }),
      ),
    };
  }

  /** Each city's latest hourly AQI stamped in (at − 3 h, at], from its region-day rows (with the SO2 24 h window). */
  private async latestHours(access: Access, cities: string[], at: Date) {
    const { from, to } = latestHourDays(at);
    const days = await this.indicators.regionDays(cities, from, to);
    access.recordRead('air-quality-hourly', dayCount(days));
    return new Map(cities.map((city) => [city, latestHourlyAqi(days.get(city)!, at)]));
  }

  private async yesterdays(access: Access, cities: string[], yesterday: string) {
    const [days, stations] = await Promise.all([this.indicators.regionDays(cities, yesterday, yesterday), this.indicators.evaluationStations(cities)]);
    access.recordRead('air-quality-hourly', dayCount(days));
    return new Map(
      cities
        .filter((city) => days.get(city)!.has(yesterday))
        .map((city) => [city, dailyAqiSeries(days.get(city)!, yesterday, yesterday, stations.get(city) ?? [])[0]]),
    );
  }

  private async activeSites(cities: string[], today: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const site of await sitesInRegions(this.db, cities)) {
      if (siteActiveOn(site, today)) counts.set(site.region, (counts.get(site.region) ?? 0) + 1);
    }
    return counts;
  }

  private async hotspots24h(access: Access, cities: string[], at: Date): Promise<Map<string, number>> {
    const stations = await evaluationStationPositions(this.db, cities);
    const box = boundingBox([...stations.values()].flat(), DEFAULT_RADIUS_KM);
    const hotspots = box ? await hotspotsInBox(this.db, box, new Date(at.getTime() - DAY_MS), at) : [];
    access.recordRead('air-stations', [...stations.values()].flat().length);
    access.recordRead('fire-hotspots', hotspots.length);
    return new Map(cities.map((city) => [city, hotspotsWithin24h(at, DEFAULT_RADIUS_KM, stations.get(city)!, hotspots)]));
  }

  private async flaggedEnergyAnomalies(access: Access, cities: string[], yesterday: string): Promise<Map<string, number>> {
    const windows = anomalyWindows(addDays(yesterday, -(ANOMALY_DAYS - 1)), yesterday);
    const used = await electricityByWindow(this.db, cities, [windows.current, windows.yearAgo, windows.preceding]);
    access.recordRead('enterprises', new Set(used.map((u) => u.creditCode)).size);
    access.recordRead('enterprise-electricity-daily', used.reduce((n, u) => n + u.reportedDays, 0));
    return new Map(
      cities.map((city) => [
        city,
        energyAnomalies({ windows, enterprises: enterpriseUses(used.filter((u) => u.region === city)), thresholdPercent: DEFAULT_ANOMALY_THRESHOLD_PERCENT, onlyFlagged: true }).length,
      ]),
    );
  }

  /** Every dataset over each city the caller may read it for: one statement per dataset for all the cities. */
  private async freshness(access: Access, cities: string[], at: Date): Promise<Map<string, DatasetFreshness[]>> {
    const perDataset = await Promise.all(
      DATASETS.map(async (d) => {
        const readable = await readableCities(access, d, cities);
        return { d, readable, latest: readable.size ? await d.latestIn(this.db, [...readable], at) : new Map<string, Date | null>() };
      }),
    );
    return new Map(
      cities.map((city) => [
        city,
        perDataset
          .filter(({ readable }) => readable.has(city))
          .map(({ d, latest }) => {
            const latestObservedAt = latest.get(city) ?? null;
            return { dataset: d.id, latestObservedAt, stale: isStale(cadenceOf(d), latestObservedAt, at) };
          }),
      ]),
    );
  }
}

/** How many region-days a read of region days returned. */
const dayCount = (days: ReadonlyMap<string, ReadonlyMap<string, unknown>>) => [...days.values()].reduce((n, d) => n + d.size, 0);

/** The cities the caller may read a dataset for (none without a grant). */
async function readableCities(access: Access, d: DatasetDefinition, cities: string[]): Promise<Set<string>> {
  if ((await access.accessTo(d)) === DatasetAccess.NONE) return new Set();
  return access.regionsWithin(d, cities);
}

declare module '../platform/context.type' {
  interface Services {
    provinceOverview: ProvinceOverviewService;
  }
}
