/** Period indicators of a region over a date range (HJ 663). */
import { compositeIndex } from './composite-index';
import { editionForPeriod, type Edition, type EditionId } from './editions';
import type { DaySummary } from './daily';
import { assertIsoDate, daysInMonth } from './time';

/** Good day: a valid day with AQI ≤ 100 (优 or 良). */
export const GOOD_DAY_MAX_AQI = 100;
/** Heavily polluted day: AQI > 200 (重度污染 or worse). */
export const HEAVY_DAY_ABOVE_AQI = 200;
/** HJ 663: CO is evaluated by the 95th percentile of its daily means, O3 by the 90th percentile of MDA8. */
const CO_PERCENTILE = 95;
const O3_PERCENTILE = 90;

/**
 * HJ 663 percentile: sort ascending X(1…n), k = 1 + (n−1)·p/100, s = ⌊k⌋, X(s) + (X(s+1) − X(s))·(k − s).
 * null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`Percentile out of range: ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const k = 1 + ((sorted.length - 1) * p) / 100;
  const s = Math.floor(k);
  const lower = sorted[s - 1];
  // At k = n there is no X(s+1), and its weight k − s is 0.
  return s === sorted.length ? lower : lower + (sorted[s] - lower) * (k - s);
}

/** What a period needs of each day: a DaySummary or a row of a daily rollup. */
export type PeriodDay = Pick<
  DaySummary,
  'date' | 'edition' | 'aqi' | 'valid' | 'pm25' | 'pm10' | 'so2' | 'no2' | 'co' | 'o3Max8h'
>;

export interface PeriodInput {
  /** First and last day, inclusive, YYYY-MM-DD (CST). */
  readonly from: string;
  readonly to: string;
  /** The days of the range that have data (at most one per date), computed under the period's edition. */
  readonly days: readonly PeriodDay[];
  /**
   * The rules to apply: by default those in force on `to`; a year-on-year comparison passes the current period's
   * edition so last year is recomputed under it.
   */
  readonly edition?: Edition;
}

export interface PeriodIndicators {
  readonly edition: EditionId;
  readonly validDays: number;
  readonly goodDays: number;
  /** goodDays / validDays in %, unrounded; null without valid days. */
  readonly goodDayRatio: number | null;
  readonly heavyDays: number;
  /** Means of each pollutant's valid daily means, whether or not the whole day is valid; unrounded. */
  readonly pm25: number | null;
  readonly pm10: number | null;
  readonly so2: number | null;
  readonly no2: number | null;
  readonly coP95: number | null;
  readonly o3P90: number | null;
  /** Unrounded; `roundCompositeIndex` for ranking and display. null when any term is missing. */
  readonly compositeIndex: number | null;
  /** Valid daily values behind each figure. */
  readonly sampleCounts: Readonly<Record<'pm25' | 'pm10' | 'so2' | 'no2' | 'co' | 'o3Max8h', number>>;
  /** Month (≥ 27 valid days, February ≥ 25) or year (≥ 324) rule; null for a range that is neither. */
  readonly complete: boolean | null;
}

export function periodIndicators(input: PeriodInput): PeriodIndicators {
  const { from, to, days } = input;
  assertIsoDate(from);
  assertIsoDate(to);
  if (from > to) throw new RangeError(`Empty range ${from} … ${to}`);
  const edition = input.edition ?? editionForPeriod(to);
  const seen = new Set<string>();
  for (const day of days) {
    if (day.date < from || day.date > to) throw new RangeError(`${day.date} is outside ${from} … ${to}`);
    if (seen.has(day.date)) throw new RangeError(`${day.date} is given twice`);
    if (day.edition !== edition.id) {
      throw new RangeError(`${day.date} was computed under ${day.edition}; the period needs ${edition.id}`);
    }
    seen.add(day.date);
  }

  const validDays = days.filter((day) => day.valid && day.aqi !== null);
  const goodDays = validDays.filter((day) => (day.aqi as number) <= GOOD_DAY_MAX_AQI).length;
  const values = (field: keyof PeriodIndicators['sampleCounts']): number[] =>
    days.map((day) => day[field]).filter((value): value is number => value !== null);
  const mean = (list: readonly number[]): number | null =>
    list.length === 0 ? null : list.reduce((sum, value) => sum + value, 0) / list.length;

  const pm25 = mean(values('pm25'));
  const pm10 = mean(values('pm10'));
  const so2 = mean(values('so2'));
  const no2 = mean(values('no2'));
  const coP95 = percentile(values('co'), CO_PERCENTILE);
  const o3P90 = percentile(values('o3Max8h'), O3_PERCENTILE);
  return {
    edition: edition.id,
    validDays: validDays.length,
    goodDays,
    goodDayRatio: validDays.length === 0 ? null : (goodDays / validDays.length) * 100,
    heavyDays: validDays.filter((day) => (day.aqi as number) > HEAVY_DAY_ABOVE_AQI).length,
    pm25,
    pm10,
    so2,
    no2,
    coP95,
    o3P90,
    compositeIndex: compositeIndex({ PM2_5: pm25, PM10: pm10, SO2: so2, NO2: no2, CO: coP95, O3: o3P90 }, edition),
    sampleCounts: {
      pm25: values('pm25').length,
      pm10: values('pm10').length,
      so2: values('so2').length,
      no2: values('no2').length,
      co: values('co').length,
      o3Max8h: values('o3Max8h').length,
    },
    complete: periodComplete(from, to, validDays.length, edition),
  };
}

/**
 * Completeness of a calendar month (≥ 27 valid days, February ≥ 25) or calendar year (≥ 324); null for any other
 * range.
 */
export function periodComplete(from: string, to: string, validDays: number, edition: Edition): boolean | null {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number);
  const [toYear, toMonth, toDay] = to.split('-').map(Number);
  const { validity } = edition;
  if (fromYear !== toYear || fromDay !== 1 || toDay !== daysInMonth(toYear, toMonth)) return null;
  if (fromMonth === toMonth) {
    return validDays >= (fromMonth === 2 ? validity.februaryMinValidDays : validity.monthMinValidDays);
  }
  if (fromMonth === 1 && toMonth === 12) return validDays >= validity.yearMinValidDays;
  return null;
}
