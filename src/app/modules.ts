import { registerFeeds } from '../catalog/registry';
import { REGION_DAY_QUEUE } from '../indicators/region-day.rollup';
import { connectDerivedData } from '../ingest/derived-data';
import { BuiltDataset } from '../datasets/dataset-spec';
import { regionFeed } from '../regions/region.feed';
import { cityTargetFeed } from '../feeds/command-center/city-target.feed';
import { airQualityFeed } from '../feeds/ecology/air-quality.feed';
import { airStationFeed } from '../feeds/ecology/air-station.feed';
import { vehicleTargets } from '../feeds/command-center/vehicle-target.dataset';
import { dustFallMonthly } from '../feeds/ecology/dust-fall.dataset';
import { heavyPollutionAlerts } from '../feeds/ecology/heavy-pollution-alert.dataset';
import { enterpriseElectricityDaily } from '../feeds/economy/enterprise-electricity.dataset';
import { enterprises } from '../feeds/economy/enterprise.dataset';
import { fuelFacilitiesMonthly } from '../feeds/economy/fuel-facilities.dataset';
import { industrialOutputMonthly } from '../feeds/economy/industrial-output.dataset';
import { industryEnergyMonthly } from '../feeds/economy/industry-energy.dataset';
import { fireHotspots } from '../feeds/forestry/fire-hotspot.dataset';
import { plannedBurns } from '../feeds/forestry/planned-burn.dataset';
import { constructionMachineryDaily } from '../feeds/housing/construction-machinery.dataset';
import { constructionSites } from '../feeds/housing/construction-site.dataset';
import { municipalVehiclesDaily } from '../feeds/housing/municipal-vehicles.dataset';
import { siteDustReadings } from '../feeds/housing/site-dust-reading.dataset';
import { weatherHourly } from '../feeds/meteorology/weather-hourly.dataset';
import { weatherStations } from '../feeds/meteorology/weather-station.dataset';
import { roadSegments } from '../feeds/public-security/road-segment.dataset';
import { trafficFlowHourly } from '../feeds/public-security/traffic-flow.dataset';
import { vehicleFleetMonthly } from '../feeds/public-security/vehicle-fleet.dataset';
import { vehicleViolations } from '../feeds/public-security/vehicle-violation.dataset';

/** The datasets declared as specs (`defineDataset`), in dependency order (a dataset after those it references). */
export const DEFINED_DATASETS: readonly BuiltDataset[] = [
  weatherStations,
  weatherHourly,
  enterprises,
  enterpriseElectricityDaily,
  industryEnergyMonthly,
  industrialOutputMonthly,
  fuelFacilitiesMonthly,
  heavyPollutionAlerts,
  dustFallMonthly,
  constructionSites,
  siteDustReadings,
  constructionMachineryDaily,
  municipalVehiclesDaily,
  vehicleFleetMonthly,
  roadSegments,
  trafficFlowHourly,
  vehicleViolations,
  fireHotspots,
  plannedBurns,
  vehicleTargets,
];

/** The feeds written by hand (reference data and the air-quality chain the indicators are computed from). */
const HAND_WRITTEN_FEEDS = [regionFeed, airStationFeed, airQualityFeed, cityTargetFeed];

let registered = false;

/**
 * Registers every department's feeds in the catalog, in the order the catalog lists them, and connects the ports the
 * lower layers call. Once per process, at boot, before the first request (the services and the schema call it).
 */
export function registerDepartments(): void {
  if (registered) return;
  registered = true;
  registerFeeds([...HAND_WRITTEN_FEEDS, ...DEFINED_DATASETS.map((d) => d.feed)]);
  connectDerivedData(REGION_DAY_QUEUE);
}
