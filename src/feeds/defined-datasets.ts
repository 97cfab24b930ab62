import { BuiltDataset } from '../core/datasets/define-dataset';
import { enterpriseElectricityDaily } from './economy/enterprise-electricity.dataset';
import { enterprises } from './economy/enterprise.dataset';
import { weatherHourly } from './meteorology/weather-hourly.dataset';
import { weatherStations } from './meteorology/weather-station.dataset';

/** The datasets declared as specs (`defineDataset`), in dependency order (a dataset after those it references). */
export const DEFINED_DATASETS: readonly BuiltDataset[] = [weatherStations, weatherHourly, enterprises, enterpriseElectricityDaily];
