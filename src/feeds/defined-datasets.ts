import { BuiltDataset } from '../core/datasets/define-dataset';
import { vehicleTargets } from './command-center/vehicle-target.dataset';
import { dustFallMonthly } from './ecology/dust-fall.dataset';
import { heavyPollutionAlerts } from './ecology/heavy-pollution-alert.dataset';
import { enterpriseElectricityDaily } from './economy/enterprise-electricity.dataset';
import { enterprises } from './economy/enterprise.dataset';
import { fuelFacilitiesMonthly } from './economy/fuel-facilities.dataset';
import { industrialOutputMonthly } from './economy/industrial-output.dataset';
import { industryEnergyMonthly } from './economy/industry-energy.dataset';
import { fireHotspots } from './forestry/fire-hotspot.dataset';
import { plannedBurns } from './forestry/planned-burn.dataset';
import { constructionMachineryDaily } from './housing/construction-machinery.dataset';
import { constructionSites } from './housing/construction-site.dataset';
import { municipalVehiclesDaily } from './housing/municipal-vehicles.dataset';
import { siteDustReadings } from './housing/site-dust-reading.dataset';
import { weatherHourly } from './meteorology/weather-hourly.dataset';
import { weatherStations } from './meteorology/weather-station.dataset';
import { roadSegments } from './public-security/road-segment.dataset';
import { trafficFlowHourly } from './public-security/traffic-flow.dataset';
import { vehicleFleetMonthly } from './public-security/vehicle-fleet.dataset';
import { vehicleViolations } from './public-security/vehicle-violation.dataset';

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
