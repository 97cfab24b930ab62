/**
 * Partial-day AQI by 15:00 (Sichuan Annex 2 art. 8; indicators.md §4.5): the daily AQI of day D, under D's own
 * edition, computed from the values stamped D 01:00 … D 15:00 only (slots 0–14 of the day's hour arrays).
 */
import { dailyAqi, type AqiResult } from './aqi';
import { editionForDate, type DailyIndicator } from './editions';
import {
  HOURS_PER_DAY,
  maxEightHourMean,
  maxOf,
  meanOf,
  validConcentrations,
  type DailyConcentrations,
  type DayHours,
  type HourValues,
  type Measured,
} from './daily';
import { POLLUTANTS, type Pollutant } from './pollutants';
import { assertIsoDate } from './time';

/** Slots counted: stamped 01:00 … 15:00. */
export const PARTIAL_DAY_HOURS = 15;
/** Each indicator needs this many of the 15 hours. */
export const PARTIAL_DAY_MIN_HOURS = 12;
/** MDA8 windows stamped 08:00 … 15:00 (slots 7 … 14), the ones that lie wholly within the 15 hours. */
export const PARTIAL_DAY_MDA8_WINDOW_END_INDICES: readonly number[] = [7, 8, 9, 10, 11, 12, 13, 14];

const NO_HOURS: HourValues = Array<null>(PARTIAL_DAY_HOURS).fill(null);

export interface PartialDayInput {
  /** Day D, YYYY-MM-DD (CST). */
  readonly date: string;
  /** The day's hour arrays (24 slots, or at least the first 15); slots after 14 are ignored. */
  readonly hours: DayHours;
  readonly monitoredPollutants?: readonly Pollutant[];
}

export interface PartialDayAqi extends AqiResult, DailyConcentrations {
  readonly date: string;
}

export function partialDayAqi(input: PartialDayInput): PartialDayAqi {
  assertIsoDate(input.date);
  const edition = editionForDate(input.date);
  const hours = (field: keyof DayHours): HourValues => {
    const values = input.hours[field];
    if (values === undefined) return NO_HOURS;
    if (values.length < PARTIAL_DAY_HOURS || values.length > HOURS_PER_DAY) {
      throw new RangeError(`Expected 15 to 24 hourly values, got ${values.length}`);
    }
    return values.slice(0, PARTIAL_DAY_HOURS);
  };
  const o3Max1h = maxOf(hours('o3'), PARTIAL_DAY_MIN_HOURS);
  const mda8 = maxEightHourMean(hours('o3'), PARTIAL_DAY_MDA8_WINDOW_END_INDICES, edition);
  const measured: Record<DailyIndicator, Measured> = {
    pm25: meanOf(hours('pm25'), PARTIAL_DAY_MIN_HOURS),
    pm10: meanOf(hours('pm10'), PARTIAL_DAY_MIN_HOURS),
    so2: meanOf(hours('so2'), PARTIAL_DAY_MIN_HOURS),
    no2: meanOf(hours('no2'), PARTIAL_DAY_MIN_HOURS),
    co: meanOf(hours('co'), PARTIAL_DAY_MIN_HOURS),
    // Both O3 indicators need 12 of the 15 O3 hours; MDA8 also needs a valid window.
    o3Max8h: { ...mda8, valid: mda8.valid && o3Max1h.valid },
    o3Max1h,
  };
  const concentrations = validConcentrations(measured);
  const aqi = dailyAqi(concentrations, { edition, monitoredPollutants: input.monitoredPollutants ?? POLLUTANTS });
  return { ...aqi, ...concentrations, date: input.date };
}
