import type { Pollutant } from './math/pollutants';

/** One hour's concentrations of the six pollutants, as stored. */
export type HourValues = Record<'pm25' | 'pm10' | 'so2' | 'no2' | 'o3' | 'co', number | null>;
/** One series' hourly values by stamp (epoch ms). */
export type HourSeries = Map<number, HourValues>;

/**
 * The raw hours of air stations, for the indicators computed from a station's own hours. Implemented by the ecology
 * feed, which owns air_quality_hourly and air_stations (`src/feeds/ecology/hourly-series.source.ts`).
 */
export interface HourlySeriesSource {
  /** Hours of several stations over [from, to] (the caller widens `from` as the math needs): one statement. */
  stationHours(stationCodes: readonly string[], from: Date, to: Date): Promise<Map<string, HourSeries>>;
  monitoredPollutants(stationCodes: readonly string[]): Promise<Map<string, Pollutant[]>>;
}

export interface MonthTarget {
  region_code: string;
  pm25_target: number | null;
  good_day_ratio_target: number | null;
}

/**
 * The cities' targets the monthly scores compare with. Implemented by the command center's city-target feed, which
 * owns city_targets (`src/feeds/command-center/city-target.source.ts`).
 */
export interface TargetsSource {
  monthTargets(month: string, regionCodes: readonly string[]): Promise<MonthTarget[]>;
}
