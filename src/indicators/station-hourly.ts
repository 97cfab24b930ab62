import { Context } from '../platform/context.type';
import type { Pollutant } from './math/pollutants';
import { checkTimeRange, hourlyAqiSeries } from './indicator.service';
import { HourlyAqi } from './indicator.types';

/** What the hourly AQI of a station needs of it (the ecology feed's AirStation has it). */
export interface MonitoredStation {
  code: string;
  regionCode: string;
  monitoredPollutants: Pollutant[];
}

export const HOURLY = 'Hourly AQI of each hour stamp in [from, to] (inclusive, at most 31 days) that has data.';

/** The station's hourly AQI over [from, to], batched through the request's loaders. */
export async function stationHourly(ctx: Context, station: MonitoredStation, from: Date, to: Date): Promise<HourlyAqi[]> {
  checkTimeRange(from, to);
  const hours = await ctx.loaders.stationHours.load({ stationCode: station.code, regionCode: station.regionCode, from, to });
  return hourlyAqiSeries(hours, from, to, station.monitoredPollutants);
}
