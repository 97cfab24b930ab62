import { Field, Float, Int, registerEnumType } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { DateScalar, DateTimeScalar, MonthScalar } from '../platform/scalars';
import { AqiLevel, DailyAqi, HourlyAqi } from '../indicators/indicator.types';
import { CityMonthlyScore } from '../indicators/monthly-score.types';
import { PerformanceGrade } from '../feeds/economy/enterprise.dataset';
import { heavyPollutionAlerts } from '../feeds/ecology/heavy-pollution-alert.dataset';
import type { AlertRow } from '../feeds/ecology/alert.queries';

// The types of the cross-department indicators (docs/indicators.md §5, docs/contract.md). Fields that resolve to a
// row of another dataset (enterprise, site, region, alert) are resolved in joint.resolver.ts through the loaders.

export enum ComplianceStatus {
  COMPLIANT = 'COMPLIANT',
  NON_COMPLIANT = 'NON_COMPLIANT',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(ComplianceStatus, {
  name: 'ComplianceStatus',
  description: "An enterprise's emergency cut measured by its electricity (indicators §5.2).",
  valuesConfig: {
    COMPLIANT: { description: 'Cut at least as much as its alert level requires' },
    NON_COMPLIANT: { description: 'Cut less than its alert level requires' },
    UNKNOWN: { description: 'Too few reported days for the baseline (< 5 of 7) or the alert (< half), or a baseline of 0' },
  },
});

@ObjectType({ description: 'A dataset an indicator used, and the time of its latest row in the scope it was read over.' })
export class SourceFreshness {
  @Field({ description: 'Dataset id (catalog).' })
  dataset!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Latest row in scope: its stamp (hourly and instant feeds), the end of its day or month (daily, monthly feeds), or when it was published (reference data); null without rows.',
  })
  latestObservedAt!: Date | null;
}

@ObjectType({ description: 'A dataset\'s freshness over a city (indicators §5: stale when older than twice its cadence).' })
export class DatasetFreshness extends SourceFreshness {
  @Field({ description: 'Latest row older than twice the catalog cadence (or none); reference data are never stale.' })
  stale!: boolean;
}

@ObjectType({ description: 'An enterprise whose electricity use changed (indicators §5.1). Means in kWh per reported day, changes in %.' })
export class EnergyAnomaly {
  @Field({ description: 'Unified social credit code of the enterprise.' })
  creditCode!: string;

  @Field(() => Float, { nullable: true, description: 'Mean kWh per reported day over [from, to]; null below 80 % of the days reported.' })
  currentMean!: number | null;

  @Field(() => Float, { nullable: true, description: 'The same over [from, to] a year earlier (29 February → 28 February).' })
  yearAgoMean!: number | null;

  @Field(() => Float, { nullable: true, description: 'The same over the n days before `from`.' })
  precedingMean!: number | null;

  @Field(() => Int, { description: 'Days reported in the current window.' })
  currentDays!: number;

  @Field(() => Int, { description: 'Days reported in the year-ago window.' })
  yearAgoDays!: number;

  @Field(() => Int, { description: 'Days reported in the preceding window.' })
  precedingDays!: number;

  @Field(() => Float, { nullable: true, description: '(current − year ago) / year ago × 100, unrounded; null when a mean is missing or the year-ago mean is 0.' })
  changeVsYearAgo!: number | null;

  @Field(() => Float, { nullable: true, description: '(current − preceding) / preceding × 100, unrounded.' })
  changeVsPreceding!: number | null;

  @Field({ description: 'A change whose absolute value reaches thresholdPercent.' })
  flagged!: boolean;
}

@ObjectType({ description: 'Enterprises of a region whose electricity use changed abnormally (seed 000 §2; indicators §5.1).' })
export class EnergyAnomalies {
  @Field(() => [EnergyAnomaly], { description: 'By the largest |change| descending, then credit code; those without a change last.' })
  rows!: EnergyAnomaly[];

  @Field(() => [SourceFreshness], { description: 'enterprises and enterprise-electricity-daily, with their latest rows in the region.' })
  sources!: SourceFreshness[];
}

@ObjectType({ description: 'One enterprise on the emergency control list during an alert (indicators §5.2). Means in kWh per reported day.' })
export class EnterpriseCompliance {
  @Field({ description: 'Unified social credit code of the enterprise.' })
  creditCode!: string;

  @Field(() => PerformanceGrade.graphqlType(), { description: 'Performance grade (B, C or UNGRADED: grade A is exempt and not listed).' })
  grade!: string;

  @Field(() => Float, { nullable: true, description: 'Mean over the reported baseline days; null with fewer than 5.' })
  baselineMean!: number | null;

  @Field(() => Int, { description: 'Baseline days reported.' })
  baselineDays!: number;

  @Field(() => Float, { nullable: true, description: 'Mean over the reported alert days; null when fewer than half were reported.' })
  duringMean!: number | null;

  @Field(() => Int, { description: 'Alert days reported.' })
  duringDays!: number;

  @Field(() => Float, { nullable: true, description: '(baseline − during) / baseline × 100, unrounded.' })
  achievedCutPercent!: number | null;

  @Field(() => ComplianceStatus, { description: 'Against the cut the alert level requires.' })
  status!: ComplianceStatus;
}

@ObjectType({ description: "A site's machinery in use on one alert day, summed over emission stages." })
export class SiteMachineryDay {
  @Field(() => DateScalar, { description: 'Alert day (CST).' })
  date!: string;

  @Field(() => Int, { description: 'Machines in use.' })
  machinesInUse!: number;

  @Field(() => Float, { nullable: true, description: 'Operating hours, h (null when not reported).' })
  operatingHours!: number | null;
}

@ObjectType({ description: 'An ACTIVE site with machinery in use on alert days: earthwork should have stopped.' })
export class SiteMachineryDuringAlert {
  @Field({ description: 'Construction site id.' })
  siteId!: string;

  @Field(() => [SiteMachineryDay], { description: 'The alert days with machines in use, by date.' })
  days!: SiteMachineryDay[];
}

@ObjectType({ description: 'Muck trucks (渣土车) active on one alert day over the region; null when no row.' })
export class MuckTruckDay {
  @Field(() => DateScalar, { description: 'Alert day (CST).' })
  date!: string;

  @Field(() => Int, { nullable: true, description: 'Sum of MUCK_TRUCK vehiclesActive; null without a row that day.' })
  vehiclesActive!: number | null;

  @Field(() => Int, { nullable: true, description: 'Sum of their trips; null without a reported trip count.' })
  trips!: number | null;
}

@ObjectType({ description: 'Whether a heavy-pollution alert\'s emergency cuts happened (seed 000 §2–3, 001, 003; indicators §5.2).' })
export class EmergencyCompliance {
  @Field(() => heavyPollutionAlerts.objectType, { description: 'The alert.' })
  alert!: AlertRow;

  @Field(() => Float, { description: 'Cut the level requires, %: YELLOW 10, ORANGE 20, RED 30.' })
  requiredCutPercent!: number;

  @Field(() => [DateScalar], { description: 'CST dates from the start to the end (an open alert: to asOf), inclusive.' })
  alertDays!: string[];

  @Field(() => [DateScalar], { description: 'The first 7 days before the alert that are no alert day of the region, walking back at most 30 days.' })
  baselineDays!: string[];

  @Field(() => [EnterpriseCompliance], { description: 'Controlled enterprises in the region (grade A exempt), by credit code.' })
  enterprises!: EnterpriseCompliance[];

  @Field(() => Int, { description: 'Enterprises COMPLIANT.' })
  compliant!: number;

  @Field(() => Int, { description: 'Enterprises NON_COMPLIANT.' })
  nonCompliant!: number;

  @Field(() => Int, { description: 'Enterprises UNKNOWN.' })
  unknown!: number;

  @Field(() => [SiteMachineryDuringAlert], { description: 'ACTIVE sites with machinery in use on an alert day (should be empty).' })
  sitesWithMachinery!: SiteMachineryDuringAlert[];

  @Field(() => [MuckTruckDay], { description: 'Muck-truck activity on each alert day (should be none).' })
  muckTrucks!: MuckTruckDay[];

  @Field(() => [SourceFreshness], { description: 'Every dataset used, with its latest row in the region.' })
  sources!: SourceFreshness[];
}

@ObjectType({ description: 'A day of fire influence on a city (indicators §5.3).' })
export class FireDay {
  @Field(() => DateScalar, { description: 'Day (CST).' })
  date!: string;

  @Field(() => Int, { description: 'Hot spots (distinct, anywhere) detected on this day or the day before within the radius of an evaluation station; false alarms and hot spots without a position do not count. They count wherever they are (§5.3), outside a region-limited grant on fire-hotspots too: the grant must cover the city asked.' })
  hotspots!: number;

  @Field(() => Float, { nullable: true, description: 'Smallest distance from a counted hot spot to an evaluation station, km (haversine, R = 6371.0 km).' })
  nearestKm!: number | null;

  @Field(() => Int, { nullable: true, description: "The city's daily AQI (null: no valid day)." })
  aqi!: number | null;

  @Field(() => AqiLevel, { nullable: true, description: 'Its level.' })
  level!: AqiLevel | null;

  @Field({ description: 'Hot spots counted and daily AQI above 150.' })
  pollutedWithFire!: boolean;
}

@ObjectType({ description: 'Fire hot spots near a city, beside its daily AQI (indicators §5.3).' })
export class CityFireInfluence {
  @Field({ description: 'The CITY.' })
  regionCode!: string;

  @Field(() => [FireDay], { description: 'Each day of the range.' })
  days!: FireDay[];

  @Field(() => Int, { description: 'Days with hot spots counted.' })
  daysWithHotspots!: number;

  @Field(() => Int, { description: 'Days with daily AQI above 150.' })
  pollutedDays!: number;

  @Field(() => Int, { description: 'Polluted days with hot spots counted.' })
  pollutedDaysWithHotspots!: number;

  @Field(() => [SourceFreshness], { description: 'fire-hotspots (latest anywhere), air-stations and air-quality-hourly (latest in the city).' })
  sources!: SourceFreshness[];
}

@ObjectType({ description: 'A day of dispersion weather over a region (indicators §5.4).' })
export class DispersionDay {
  @Field(() => DateScalar, { description: 'Day D (CST): its hours stamped D 01:00 … D+1 00:00.' })
  date!: string;

  @Field(() => Int, { description: 'Hours with both a mean wind speed and a mean relative humidity over the weather stations in scope.' })
  hoursWithData!: number;

  @Field(() => Int, { description: 'Hours with mean wind < 2.0 m/s and mean relative humidity ≥ 80 %.' })
  stagnantHours!: number;

  @Field({ description: 'At least 12 stagnant hours.' })
  unfavourable!: boolean;

  @Field(() => Int, { nullable: true, description: "The region's daily AQI (null: no valid day)." })
  aqi!: number | null;

  @Field(() => AqiLevel, { nullable: true, description: 'Its level.' })
  level!: AqiLevel | null;

  @Field(() => [SourceFreshness], { description: 'weather-stations, weather-hourly and air-quality-hourly, with their latest rows in the region (the same on every day).' })
  sources!: SourceFreshness[];
}

@ObjectType({ description: 'Vehicle counts of a month.' })
export class VehicleCounts {
  @Field(() => Int, { description: 'Registered vehicles.' })
  vehicles!: number;

  @Field(() => Int, { description: 'New-energy vehicles (BATTERY_ELECTRIC, PLUG_IN_HYBRID, FUEL_CELL).' })
  newEnergy!: number;

  @Field(() => Int, { description: 'Vehicles of China III and below (CHINA_0 … CHINA_3), every class and fuel.' })
  chinaIIIAndBelow!: number;
}

@ObjectType({ description: "Progress against the region's vehicle target for the month's year." })
export class VehicleTargetProgress {
  @Field(() => Int, { description: 'Target year.' })
  year!: number;

  @Field(() => Int, { nullable: true, description: 'China III and below eliminated since December of the previous year.' })
  eliminated!: number | null;

  @Field(() => Int, { nullable: true, description: 'Target: old vehicles to eliminate in the year.' })
  oldVehiclesToEliminate!: number | null;

  @Field(() => Float, { nullable: true, description: 'eliminated ÷ target × 100.' })
  eliminatedPercent!: number | null;

  @Field(() => Int, { nullable: true, description: 'New-energy vehicles in the month.' })
  newEnergy!: number | null;

  @Field(() => Int, { nullable: true, description: 'Target: new-energy vehicles.' })
  newEnergyVehiclesTarget!: number | null;

  @Field(() => Float, { nullable: true, description: 'newEnergy ÷ target × 100.' })
  newEnergyPercent!: number | null;
}

@ObjectType({ description: "A region's fleet structure in a month (indicators §5.5): its own rows, else the sum of its children's." })
export class VehicleStructure {
  @Field({ description: 'Region.' })
  regionCode!: string;

  @Field(() => MonthScalar, { description: 'Month.' })
  month!: string;

  @Field(() => Int, { nullable: true, description: 'Registered vehicles (null: no rows for the region or below it).' })
  vehicles!: number | null;

  @Field(() => Int, { nullable: true, description: 'New-energy vehicles.' })
  newEnergy!: number | null;

  @Field(() => Float, { nullable: true, description: 'newEnergy ÷ vehicles × 100.' })
  newEnergyShare!: number | null;

  @Field(() => Int, { nullable: true, description: 'China III and below.' })
  chinaIIIAndBelow!: number | null;

  @Field(() => VehicleCounts, { nullable: true, description: 'The same counts for December of the previous year.' })
  startOfYear!: VehicleCounts | null;

  @Field(() => Int, { nullable: true, description: 'vehicles − startOfYear.vehicles.' })
  vehiclesChange!: number | null;

  @Field(() => Int, { nullable: true, description: 'newEnergy − startOfYear.newEnergy.' })
  newEnergyChange!: number | null;

  @Field(() => Int, { nullable: true, description: 'chinaIIIAndBelow − startOfYear.chinaIIIAndBelow.' })
  chinaIIIAndBelowChange!: number | null;

  @Field(() => VehicleTargetProgress, { nullable: true, description: "Against the region's own target for the year (null without one)." })
  target!: VehicleTargetProgress | null;

  @Field(() => [SourceFreshness], { description: 'vehicle-fleet-monthly and vehicle-targets, with their latest rows in the region.' })
  sources!: SourceFreshness[];
}

@ObjectType({ description: 'A day of construction dust over a region (indicators §5.6).' })
export class ConstructionDustDay {
  @Field(() => DateScalar, { description: 'Day (CST).' })
  date!: string;

  @Field(() => Int, { description: 'Sites ACTIVE on the day (started, not ended).' })
  activeSites!: number;

  @Field(() => Int, { description: 'Of those, with a dust monitor.' })
  activeSitesWithMonitor!: number;

  @Field(() => Int, { description: 'Sites (active or not) with a reading on the day.' })
  sitesReporting!: number;

  @Field(() => Int, { description: 'Sites with a site-hour whose mean PM10 exceeds the threshold.' })
  exceedingSites!: number;

  @Field(() => Int, { description: 'Exceeding site-hours (the mean of the readings in (H − 1 h, H] above the threshold).' })
  exceedingHours!: number;

  @Field(() => String, { nullable: true, description: 'The reporting site with the most exceeding hours, then the highest hourly mean, then the smallest id; null when none reports.' })
  worstSiteId!: string | null;

  @Field(() => [SourceFreshness], { description: 'construction-sites and site-dust-readings, with their latest rows in the region (the same on every day).' })
  sources!: SourceFreshness[];
}

@ObjectType({ description: 'A city at a glance (indicators §5.7).' })
export class CityOverview {
  @Field({ description: 'The CITY.' })
  regionCode!: string;

  @Field(() => HourlyAqi, { nullable: true, description: 'Latest hourly AQI stamped in (at − 3 h, at].' })
  latestHour!: HourlyAqi | null;

  @Field(() => DailyAqi, { nullable: true, description: "Yesterday's daily AQI (the CST day before at's)." })
  yesterday!: DailyAqi | null;

  @Field(() => CityMonthlyScore, { nullable: true, description: "Annex 2 score of at's month to date: its days up to yesterday, against the same days a year earlier; null on the month's first day." })
  monthToDate!: CityMonthlyScore | null;

  @Field(() => heavyPollutionAlerts.objectType, { nullable: true, description: "The city's own alert active at `at`." })
  activeAlert!: AlertRow | null;

  @Field(() => Int, { description: "Construction sites active on at's date (§5.6 rule)." })
  activeSites!: number;

  @Field(() => Int, { description: 'Hot spots within 50 km of an evaluation station detected in (at − 24 h, at] (§5.3 rules).' })
  hotspots24h!: number;

  @Field(() => Int, { description: 'Enterprises flagged for an energy-use change over the 7 days up to yesterday (§5.1, threshold 30 %).' })
  energyAnomalies!: number;

  @Field(() => [DatasetFreshness], { description: 'Every dataset the caller may read over the city, with its latest row there at or before `at`.' })
  freshness!: DatasetFreshness[];
}

@ObjectType({ description: "The command center's province at a glance (Section 10; indicators §5.7)." })
export class ProvinceOverview {
  @Field({ description: 'The PROVINCE.' })
  provinceCode!: string;

  @Field(() => DateTimeScalar, { description: 'The instant the overview describes.' })
  at!: Date;

  @Field(() => [CityOverview], { description: 'Its CITY children, by code.' })
  cities!: CityOverview[];
}
