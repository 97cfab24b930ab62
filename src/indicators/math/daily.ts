/**
 * Daily statistics of one day D from its 24 hourly values per pollutant (GB 3095 表4, HJ 663).
 *
 * Hour arrays: index 0 = the value stamped D 01:00 (mean of 00:00–01:00) … index 23 = the value stamped D+1 00:00;
 * null = missing. `hourSlot(observedAt)` gives the index of a stamp.
 */
import { dailyAqi, type AqiResult } from './aqi';
import { compositeIndex } from './composite-index';
import { editionForDate, type DailyIndicator, type Edition } from './editions';
import { POLLUTANTS, type PerPollutant, type Pollutant } from './pollutants';
import { assertIsoDate } from './time';

export const HOURS_PER_DAY = 24;
const EIGHT_HOURS = 8;

export type HourValues = readonly (number | null)[];

/** A day's 24 hourly values of each pollutant; a pollutant left out has no values. */
export type DayHours = Partial<PerPollutant<HourValues>>;

/** A statistic, the number of inputs it had, and whether that number makes it valid. */
export interface Measured {
  /** Computed from whatever inputs there were (null with none), valid or not. */
  readonly value: number | null;
  readonly count: number;
  readonly valid: boolean;
}

/** The valid value of a statistic, else null. */
export function validValue(measured: Measured): number | null {
  return measured.valid ? measured.value : null;
}

/** Mean of the present values, valid with at least `minCount` of them. */
export function meanOf(values: HourValues, minCount: number): Measured {
  return meanOfSlots(values, 0, values.length, minCount);
}

/**
 * Mean of the present values of slots `from` … `to − 1`, summed in slot order. Loops rather than slicing and
 * filtering: the region-day rollup summarises every day it recomputes (a bulk load's thousands), and the arrays
 * each window built were most of its garbage.
 */
function meanOfSlots(values: HourValues, from: number, to: number, minCount: number): Measured {
  let sum = 0;
  let count = 0;
  for (let slot = from; slot < to; slot++) {
    const value = values[slot];
    if (value !== null) {
      sum += value;
      count++;
    }
  }
  return { value: count === 0 ? null : sum / count, count, valid: count >= minCount };
}

function assertDayLength(hours: HourValues): void {
  if (hours.length !== HOURS_PER_DAY) throw new RangeError(`A day has 24 hourly values, got ${hours.length}`);
}

/** A 24-hour mean: of day D's 24 values, or of the 24 values ending at an hour (a moving mean). */
export function twentyFourHourMean(hours: HourValues, edition: Edition): Measured {
  assertDayLength(hours);
  return meanOf(hours, edition.validity.dailyMeanMinHours);
}

/** The 8-hour mean stamped at slot `endIndex`: the values of slots endIndex−7 … endIndex. */
export function eightHourMean(hours: HourValues, endIndex: number, edition: Edition): Measured {
  if (!Number.isInteger(endIndex) || endIndex < EIGHT_HOURS - 1 || endIndex >= hours.length) {
    throw new RangeError(`No 8-hour window of the day ends at slot ${endIndex}`);
  }
  return meanOfSlots(hours, endIndex - EIGHT_HOURS + 1, endIndex + 1, edition.validity.eightHourMeanMinHours);
}

/** Slots of the 17 windows of MDA8: stamped D 08:00 (slots 0–7) … D+1 00:00 (slots 16–23). */
export const MDA8_WINDOW_END_INDICES: readonly number[] = Array.from(
  { length: HOURS_PER_DAY - EIGHT_HOURS + 1 },
  (_, i) => i + EIGHT_HOURS - 1,
);

/** The largest valid 8-hour mean of the windows ending at `endIndices`; count = number of valid windows. */
export function maxEightHourMean(hours: HourValues, endIndices: readonly number[], edition: Edition): Measured {
  let max = -Infinity;
  let count = 0;
  for (const endIndex of endIndices) {
    const window = eightHourMean(hours, endIndex, edition);
    if (window.valid) {
      max = Math.max(max, window.value as number);
      count++;
    }
  }
  return { value: count === 0 ? null : max, count, valid: count > 0 };
}

/**
 * O3 daily maximum 8-hour mean (MDA8): valid with ≥ 14 valid windows, or with fewer when it already exceeds the
 * grade-II O3 8-hour limit (HJ 663).
 */
export function dailyMaxEightHourMean(o3Hours: HourValues, edition: Edition): Measured {
  assertDayLength(o3Hours);
  const max = maxEightHourMean(o3Hours, MDA8_WINDOW_END_INDICES, edition);
  const valid =
    max.value !== null && (max.count >= edition.validity.mda8MinWindows || max.value > edition.gradeII.O3_8H);
  return { ...max, valid };
}

/** Largest of the present values, valid with at least `minCount` of them. */
export function maxOf(values: HourValues, minCount: number): Measured {
  let max = -Infinity;
  let count = 0;
  for (const value of values) {
    if (value !== null) {
      max = Math.max(max, value);
      count++;
    }
  }
  return { value: count === 0 ? null : max, count, valid: count >= minCount };
}

/** O3 daily maximum 1-hour value. */
export function dailyMaxOneHour(o3Hours: HourValues, edition: Edition): Measured {
  assertDayLength(o3Hours);
  return maxOf(o3Hours, edition.validity.o3Max1hMinHours);
}

/** A day's valid concentrations (null when not valid) and the input counts behind them. */
export interface DailyConcentrations {
  readonly pm25: number | null;
  readonly pm10: number | null;
  readonly so2: number | null;
  readonly no2: number | null;
  readonly co: number | null;
  readonly o3Max8h: number | null;
  /** Reported under every edition; enters the daily AQI only where the edition lists it. */
  readonly o3Max1h: number | null;
  /** Hourly values behind each (o3Max8h: valid 8-hour windows). */
  readonly counts: Readonly<Record<DailyIndicator, number>>;
}

export interface DaySummary extends AqiResult, DailyConcentrations {
  readonly date: string;
  /** All daily indicators valid, or the AQI of the valid ones > 100; i.e. the daily AQI is published. */
  readonly valid: boolean;
  /** Daily composite index (unrounded); null unless all six terms are valid. */
  readonly compositeIndex: number | null;
}

export interface DayInput {
  /** Day D, YYYY-MM-DD (CST). */
  readonly date: string;
  readonly hours: DayHours;
  /** Pollutants the station monitors (default all six); regions pass all six. */
  readonly monitoredPollutants?: readonly Pollutant[];
  /** Default: the edition of D. A period recomputes its days under its own edition. */
  readonly edition?: Edition;
}

const NO_HOURS: HourValues = Array<null>(HOURS_PER_DAY).fill(null);

/** Every daily figure of day D. */
export function summariseDay(input: DayInput): DaySummary {
  assertIsoDate(input.date);
  const edition = input.edition ?? editionForDate(input.date);
  const hours = (field: keyof DayHours): HourValues => input.hours[field] ?? NO_HOURS;
  const measured: Record<DailyIndicator, Measured> = {
    pm25: twentyFourHourMean(hours('pm25'), edition),
    pm10: twentyFourHourMean(hours('pm10'), edition),
    so2: twentyFourHourMean(hours('so2'), edition),
    no2: twentyFourHourMean(hours('no2'), edition),
    co: twentyFourHourMean(hours('co'), edition),
    o3Max8h: dailyMaxEightHourMean(hours('o3'), edition),
    o3Max1h: dailyMaxOneHour(hours('o3'), edition),
  };
  const concentrations = validConcentrations(measured);
  const aqi = dailyAqi(concentrations, { edition, monitoredPollutants: input.monitoredPollutants ?? POLLUTANTS });
  return {
    ...aqi,
    ...concentrations,
    date: input.date,
    valid: aqi.aqi !== null,
    compositeIndex: dailyCompositeIndex(concentrations, edition),
  };
}

/** Valid values and counts of a set of measured daily indicators. */
export function validConcentrations(measured: Readonly<Record<DailyIndicator, Measured>>): DailyConcentrations {
  return {
    pm25: validValue(measured.pm25),
    pm10: validValue(measured.pm10),
    so2: validValue(measured.so2),
    no2: validValue(measured.no2),
    co: validValue(measured.co),
    o3Max8h: validValue(measured.o3Max8h),
    o3Max1h: validValue(measured.o3Max1h),
    counts: {
      pm25: measured.pm25.count,
      pm10: measured.pm10.count,
      so2: measured.so2.count,
      no2: measured.no2.count,
      co: measured.co.count,
      o3Max8h: measured.o3Max8h.count,
      o3Max1h: measured.o3Max1h.count,
    },
  };
}

/** Daily composite index: Σ Cᵢ/Sᵢ with the day's 24-hour means, CO's 24-hour mean and MDA8. */
export function dailyCompositeIndex(
  day: Pick<DailyConcentrations, 'pm25' | 'pm10' | 'so2' | 'no2' | 'co' | 'o3Max8h'>,
  edition: Edition,
): number | null {
  return compositeIndex(
    { PM2_5: day.pm25, PM10: day.pm10, SO2: day.so2, NO2: day.no2, CO: day.co, O3: day.o3Max8h },
    edition,
  );
}
