/** IAQI and AQI (HJ 633): linear interpolation on the edition's breakpoint table, hourly and daily AQI. */
import {
  COLUMN_POLLUTANT,
  DAILY_INDICATOR_SOURCE,
  IAQI_STEPS,
  type DailyIndicator,
  type Edition,
  type EditionId,
  type IaqiColumn,
} from './editions';
import { aqiLevel, type AqiLevel } from './levels';
import { POLLUTANT_FIELD, POLLUTANTS, type PerPollutant, type Pollutant } from './pollutants';
import { roundHalfEven, safeCeil } from './rounding';

/** Returned by `iaqi` when a concentration is above a column that stops ("—" in 表1). */
export const BEYOND_COLUMN = 'BEYOND_COLUMN';
export type IaqiOutcome = number | typeof BEYOND_COLUMN;

/** Pollutants with an AQI at or below this have no primary pollutant (HJ 633 §4.3). */
const PRIMARY_POLLUTANT_ABOVE = 50;
/** With pollutants missing, an AQI above this is published anyway: the missing ones could only raise it. */
const PUBLISH_INCOMPLETE_ABOVE = 100;

/** The concentration an IAQI is computed from: rounded per GB/T 8170 when the edition says so. */
export function iaqiConcentration(column: IaqiColumn, concentration: number, edition: Edition): number {
  if (!Number.isFinite(concentration) || concentration < 0) {
    throw new RangeError(`Not a concentration: ${concentration}`);
  }
  const decimals = edition.concentrationDecimals?.[COLUMN_POLLUTANT[column]];
  return decimals === undefined ? concentration : roundHalfEven(concentration, decimals);
}

/**
 * IAQI of one concentration on one column: interpolation between the enclosing breakpoints, rounded up. Above the
 * last breakpoint: 500, or BEYOND_COLUMN if the column stops there.
 */
export function iaqi(column: IaqiColumn, concentration: number, edition: Edition): IaqiOutcome {
  const c = iaqiConcentration(column, concentration, edition);
  const breakpoints = edition.breakpoints[column];
  const last = breakpoints.length - 1;
  if (c > breakpoints[last]) return last === IAQI_STEPS.length - 1 ? IAQI_STEPS[last] : BEYOND_COLUMN;
  const hi = Math.max(1, breakpoints.findIndex((breakpoint) => c <= breakpoint));
  const lo = hi - 1;
  // Multiply before dividing: exact for integer concentrations, so breakpoints land on whole IAQIs.
  const rise = (IAQI_STEPS[hi] - IAQI_STEPS[lo]) * (c - breakpoints[lo]);
  return safeCeil(IAQI_STEPS[lo] + rise / (breakpoints[hi] - breakpoints[lo]));
}

export type Iaqi = PerPollutant<number | null>;

export interface AqiResult {
  readonly edition: EditionId;
  /** null when pollutants are missing and the AQI of the present ones is ≤ 100. */
  readonly aqi: number | null;
  readonly level: AqiLevel | null;
  /** Every pollutant whose IAQI equals the AQI, when the AQI is > 50; in POLLUTANTS order. */
  readonly primaryPollutants: readonly Pollutant[];
  /** IAQI of each pollutant present (returned even when the AQI is withheld). */
  readonly iaqi: Iaqi;
  /** Whether every indicator the AQI needs was present. */
  readonly complete: boolean;
}

/** One indicator entering an AQI. */
interface Reading {
  readonly pollutant: Pollutant;
  readonly column: IaqiColumn;
  readonly concentration: number | null;
}

/** Companion concentrations used by `substituteColumn` rules, keyed by the column that stops. */
type Substitutes = Readonly<Partial<Record<IaqiColumn, number | null>>>;

function readingIaqi(reading: Reading, substitutes: Substitutes, edition: Edition): number | null {
  if (reading.concentration === null) return null;
  const outcome = iaqi(reading.column, reading.concentration, edition);
  if (outcome !== BEYOND_COLUMN) return outcome;
  const rule = edition.beyondColumn[reading.column];
  if (!rule) throw new Error(`${edition.id}: no rule above the ${reading.column} column`);
  if ('fixedIaqi' in rule) return rule.fixedIaqi;
  const companion = substitutes[reading.column] ?? null;
  if (companion === null) return null;
  const substituted = iaqi(rule.substituteColumn, companion, edition);
  return substituted === BEYOND_COLUMN ? null : substituted;
}

function assess(
  readings: readonly Reading[],
  substitutes: Substitutes,
  edition: Edition,
  monitoredPollutants: readonly Pollutant[],
): AqiResult {
  const byPollutant = new Map<Pollutant, number>();
  let complete = true;
  for (const reading of readings) {
    const value = readingIaqi(reading, substitutes, edition);
    if (value === null) {
      if (edition.unmonitoredCountsAsMissing || monitoredPollutants.includes(reading.pollutant)) complete = false;
    } else {
      // A pollutant with two indicators (O3 under HJ 633—2012) counts once, with the larger IAQI.
      byPollutant.set(reading.pollutant, Math.max(value, byPollutant.get(reading.pollutant) ?? 0));
    }
  }
  const present = [...byPollutant.values()];
  const highest = present.length === 0 ? null : Math.max(...present);
  const aqi = highest !== null && (complete || highest > PUBLISH_INCOMPLETE_ABOVE) ? highest : null;
  const iaqiOf = (pollutant: Pollutant): number | null => byPollutant.get(pollutant) ?? null;
  return {
    edition: edition.id,
    aqi,
    level: aqi === null ? null : aqiLevel(aqi),
    primaryPollutants:
      aqi !== null && aqi > PRIMARY_POLLUTANT_ABOVE ? POLLUTANTS.filter((pollutant) => iaqiOf(pollutant) === aqi) : [],
    iaqi: {
      pm25: iaqiOf('PM2_5'),
      pm10: iaqiOf('PM10'),
      so2: iaqiOf('SO2'),
      no2: iaqiOf('NO2'),
      o3: iaqiOf('O3'),
      co: iaqiOf('CO'),
    },
    complete,
  };
}

/** One hour's 1-hour values, keyed as AirQualityInput (µg/m³; CO mg/m³); absent or null = missing. */
export type HourlyConcentrations = Partial<PerPollutant<number | null>>;

export interface AqiOptions {
  /** Use `editionForHour(observedAt)` / `editionForDate(date)`, or a period's edition when recomputing. */
  readonly edition: Edition;
  /** Pollutants the station monitors (default all six); regions pass all six. */
  readonly monitoredPollutants?: readonly Pollutant[];
}

export interface HourlyAqiOptions extends AqiOptions {
  /** SO2 24-hour moving mean ending at this hour (null if not valid); used by HJ 633—2012 when SO2 1h > 800. */
  readonly so2MovingMean24h?: number | null;
}

/**
 * Whether this hour's SO2 needs its 24-hour moving mean: the edition's SO2 1-hour column stops below the value and
 * its rule substitutes another column (HJ 633—2012 above 800 µg/m³). The edition tables decide, not the caller.
 */
export function needsSo2MovingMean(so2: number | null | undefined, edition: Edition): boolean {
  if (so2 === null || so2 === undefined) return false;
  const rule = edition.beyondColumn.SO2_1H;
  return !!rule && 'substituteColumn' in rule && iaqi('SO2_1H', so2, edition) === BEYOND_COLUMN;
}

/** Real-time AQI from one hour's six 1-hour values. */
export function hourlyAqi(values: HourlyConcentrations, options: HourlyAqiOptions): AqiResult {
  const { edition } = options;
  const readings = POLLUTANTS.map((pollutant) => ({
    pollutant,
    column: edition.hourlyColumns[pollutant],
    concentration: values[POLLUTANT_FIELD[pollutant]] ?? null,
  }));
  const substitutes = { SO2_1H: options.so2MovingMean24h ?? null };
  return assess(readings, substitutes, edition, options.monitoredPollutants ?? POLLUTANTS);
}

/** A day's valid indicators (null or absent = not valid / missing). */
export type DailyIndicators = Partial<Readonly<Record<DailyIndicator, number | null>>>;

/** Daily AQI from the day's valid indicators; only those of `edition.dailyIndicators` enter it. */
export function dailyAqi(indicators: DailyIndicators, options: AqiOptions): AqiResult {
  const { edition } = options;
  const readings = edition.dailyIndicators.map((indicator) => ({
    ...DAILY_INDICATOR_SOURCE[indicator],
    concentration: indicators[indicator] ?? null,
  }));
  const substitutes = { O3_8H: indicators.o3Max1h ?? null };
  return assess(readings, substitutes, edition, options.monitoredPollutants ?? POLLUTANTS);
}
