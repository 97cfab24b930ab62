/**
 * The editions of the national rules, as data. Everything that changed on 2026-03-01 lives here; the math modules
 * read these objects and never test which edition they have.
 */
import type { Pollutant } from './pollutants';
import { assertIsoDate, dateOfHourStart } from './time';

export type EditionId = 'HJ_633_2012' | 'HJ_633_2026';

export const IAQI_COLUMNS = [
  'SO2_24H',
  'SO2_1H',
  'NO2_24H',
  'NO2_1H',
  'PM10_24H',
  'CO_24H',
  'CO_1H',
  'O3_1H',
  'O3_8H',
  'PM2_5_24H',
] as const;
export type IaqiColumn = (typeof IAQI_COLUMNS)[number];

export const COLUMN_POLLUTANT: Readonly<Record<IaqiColumn, Pollutant>> = {
  SO2_24H: 'SO2',
  SO2_1H: 'SO2',
  NO2_24H: 'NO2',
  NO2_1H: 'NO2',
  PM10_24H: 'PM10',
  CO_24H: 'CO',
  CO_1H: 'CO',
  O3_1H: 'O3',
  O3_8H: 'O3',
  PM2_5_24H: 'PM2_5',
};

/** The IAQI of each row of the breakpoint table (HJ 633—2012 表1, unchanged in HJ 633—2026). */
export const IAQI_STEPS: readonly number[] = [0, 50, 100, 150, 200, 300, 400, 500];

/**
 * Concentration at each row of IAQI_STEPS, per column (µg/m³; CO mg/m³). A column shorter than IAQI_STEPS stops
 * there ("—" in the standard): above its last breakpoint the edition's `beyondColumn` rule applies.
 */
export type BreakpointTable = Readonly<Record<IaqiColumn, readonly number[]>>;

/** HJ 633—2012 表1. */
export const HJ_633_2012_BREAKPOINTS: BreakpointTable = {
  SO2_24H: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  SO2_1H: [0, 150, 500, 650, 800],
  NO2_24H: [0, 40, 80, 180, 280, 565, 750, 940],
  NO2_1H: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
  PM10_24H: [0, 50, 150, 250, 350, 420, 500, 600],
  CO_24H: [0, 2, 4, 14, 24, 36, 48, 60],
  CO_1H: [0, 5, 10, 35, 60, 90, 120, 150],
  O3_1H: [0, 160, 200, 300, 400, 800, 1000, 1200],
  O3_8H: [0, 100, 160, 215, 265, 800],
  PM2_5_24H: [0, 35, 75, 115, 150, 250, 350, 500],
};

/** HJ 633—2026 表1: only the IAQI-100 row of the particulates changed (PM10 150 → 120, PM2.5 75 → 60). */
export const HJ_633_2026_BREAKPOINTS: BreakpointTable = {
  ...HJ_633_2012_BREAKPOINTS,
  PM10_24H: [0, 50, 120, 250, 350, 420, 500, 600],
  PM2_5_24H: [0, 35, 60, 115, 150, 250, 350, 500],
};

/** What to do when a concentration is above a column that stops. */
export type BeyondColumnRule =
  /** A fixed IAQI. */
  | { readonly fixedIaqi: number }
  /** The IAQI of a companion concentration on another column (none if that concentration is unavailable). */
  | { readonly substituteColumn: IaqiColumn };

export type GradeIILimit =
  | 'SO2_ANNUAL'
  | 'SO2_24H'
  | 'SO2_1H'
  | 'NO2_ANNUAL'
  | 'NO2_24H'
  | 'NO2_1H'
  | 'CO_24H'
  | 'CO_1H'
  | 'O3_8H'
  | 'O3_1H'
  | 'PM10_ANNUAL'
  | 'PM10_24H'
  | 'PM2_5_ANNUAL'
  | 'PM2_5_24H';

/** GB 3095—2012 表1, 二级浓度限值 (µg/m³; CO mg/m³). */
export const GB_3095_2012_GRADE_II: Readonly<Record<GradeIILimit, number>> = {
  SO2_ANNUAL: 60,
  SO2_24H: 150,
  SO2_1H: 500,
  NO2_ANNUAL: 40,
  NO2_24H: 80,
  NO2_1H: 200,
  CO_24H: 4,
  CO_1H: 10,
  O3_8H: 160,
  O3_1H: 200,
  PM10_ANNUAL: 70,
  PM10_24H: 150,
  PM2_5_ANNUAL: 35,
  PM2_5_24H: 75,
};

/** GB 3095—2026, 过渡阶段二级浓度限值 (2026-03-01 … 2030-12-31): the particulates are tightened. */
export const GB_3095_2026_TRANSITIONAL_GRADE_II: Readonly<Record<GradeIILimit, number>> = {
  ...GB_3095_2012_GRADE_II,
  PM10_ANNUAL: 60,
  PM10_24H: 120,
  PM2_5_ANNUAL: 30,
  PM2_5_24H: 60,
};

/** The daily indicators, named as the `DailyAqi` fields that carry them. */
export type DailyIndicator = 'pm25' | 'pm10' | 'so2' | 'no2' | 'co' | 'o3Max8h' | 'o3Max1h';

export const DAILY_INDICATOR_SOURCE: Readonly<
  Record<DailyIndicator, { readonly pollutant: Pollutant; readonly column: IaqiColumn }>
> = {
  pm25: { pollutant: 'PM2_5', column: 'PM2_5_24H' },
  pm10: { pollutant: 'PM10', column: 'PM10_24H' },
  so2: { pollutant: 'SO2', column: 'SO2_24H' },
  no2: { pollutant: 'NO2', column: 'NO2_24H' },
  co: { pollutant: 'CO', column: 'CO_24H' },
  o3Max8h: { pollutant: 'O3', column: 'O3_8H' },
  o3Max1h: { pollutant: 'O3', column: 'O3_1H' },
};

/** Data-validity thresholds (GB 3095 表4, HJ 663). */
export interface Validity {
  /** Hourly values needed for a 24-hour mean. */
  readonly dailyMeanMinHours: number;
  /** Hourly values needed for an 8-hour mean. */
  readonly eightHourMeanMinHours: number;
  /** Valid 8-hour means (of the 17 of a day) needed for MDA8, unless MDA8 exceeds the grade-II O3 8h limit. */
  readonly mda8MinWindows: number;
  /** Hourly values needed for the O3 daily maximum 1-hour value. */
  readonly o3Max1hMinHours: number;
  readonly monthMinValidDays: number;
  readonly februaryMinValidDays: number;
  readonly yearMinValidDays: number;
}

/** GB 3095—2012 表4 and HJ 663—2013 (kept by GB 3095—2026 / HJ 663—2026). */
export const HJ_663_VALIDITY: Validity = {
  dailyMeanMinHours: 20,
  eightHourMeanMinHours: 6,
  mda8MinWindows: 14,
  o3Max1hMinHours: 20,
  monthMinValidDays: 27,
  februaryMinValidDays: 25,
  yearMinValidDays: 324,
};

export interface Edition {
  readonly id: EditionId;
  readonly standards: string;
  /** First CST date the edition governs; null: every date before the next edition. */
  readonly effectiveFrom: string | null;
  readonly breakpoints: BreakpointTable;
  /** GB/T 8170 decimals each concentration is rounded to before its IAQI is computed; null: not rounded. */
  readonly concentrationDecimals: Readonly<Record<Pollutant, number>> | null;
  /** Column of each pollutant's 1-hour value in the hourly AQI. */
  readonly hourlyColumns: Readonly<Record<Pollutant, IaqiColumn>>;
  /** Indicators of the daily AQI. */
  readonly dailyIndicators: readonly DailyIndicator[];
  readonly beyondColumn: Readonly<Partial<Record<IaqiColumn, BeyondColumnRule>>>;
  /** Whether a pollutant a station does not monitor at all counts as missing. */
  readonly unmonitoredCountsAsMissing: boolean;
  readonly gradeII: Readonly<Record<GradeIILimit, number>>;
  /** Sᵢ of the composite index I = Σ Cᵢ/Sᵢ. */
  readonly compositeIndexDivisors: Readonly<Record<Pollutant, number>>;
  readonly validity: Validity;
}

/**
 * Sᵢ of the composite index (城市环境空气质量排名技术规定): annual grade-II limits for SO2, NO2, PM10, PM2.5; the
 * 24-hour limit for CO; the 8-hour limit for O3.
 */
function compositeIndexDivisors(limits: Readonly<Record<GradeIILimit, number>>): Readonly<Record<Pollutant, number>> {
  return {
    SO2: limits.SO2_ANNUAL,
    NO2: limits.NO2_ANNUAL,
    PM10: limits.PM10_ANNUAL,
    PM2_5: limits.PM2_5_ANNUAL,
    CO: limits.CO_24H,
    O3: limits.O3_8H,
  };
}

/** Real-time AQI columns (HJ 633 §5): particulates' 1-hour values go on their 24-hour columns. */
const HOURLY_COLUMNS: Readonly<Record<Pollutant, IaqiColumn>> = {
  PM2_5: 'PM2_5_24H',
  PM10: 'PM10_24H',
  SO2: 'SO2_1H',
  NO2: 'NO2_1H',
  O3: 'O3_1H',
  CO: 'CO_1H',
};

export const HJ_633_2012: Edition = {
  id: 'HJ_633_2012',
  standards: 'HJ 633—2012, HJ 663—2013, GB 3095—2012',
  effectiveFrom: null,
  breakpoints: HJ_633_2012_BREAKPOINTS,
  concentrationDecimals: null,
  hourlyColumns: HOURLY_COLUMNS,
  // HJ 633—2012 §5.2: the five 24-hour means, the O3 daily max 1-hour value and MDA8.
  dailyIndicators: ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3Max1h', 'o3Max8h'],
  // HJ 633—2012 表1 notes (2) and (3).
  beyondColumn: { SO2_1H: { substituteColumn: 'SO2_24H' }, O3_8H: { substituteColumn: 'O3_1H' } },
  unmonitoredCountsAsMissing: true,
  gradeII: GB_3095_2012_GRADE_II,
  compositeIndexDivisors: compositeIndexDivisors(GB_3095_2012_GRADE_II),
  validity: HJ_663_VALIDITY,
};

export const HJ_633_2026: Edition = {
  id: 'HJ_633_2026',
  standards: 'HJ 633—2026, HJ 663—2026, GB 3095—2026 (transitional limits)',
  effectiveFrom: '2026-03-01',
  breakpoints: HJ_633_2026_BREAKPOINTS,
  // HJ 633—2026: concentrations rounded per GB/T 8170 first, to integers (CO to one decimal).
  concentrationDecimals: { PM2_5: 0, PM10: 0, SO2: 0, NO2: 0, O3: 0, CO: 1 },
  hourlyColumns: HOURLY_COLUMNS,
  // HJ 633—2026: the O3 daily max 1-hour value no longer enters the daily AQI.
  dailyIndicators: ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3Max8h'],
  // HJ 633—2026 表1 notes: SO2 1h > 800 → IAQI 200; O3 8h > 800 → IAQI 300.
  beyondColumn: { SO2_1H: { fixedIaqi: 200 }, O3_8H: { fixedIaqi: 300 } },
  // HJ 633—2026 §5.3.2.
  unmonitoredCountsAsMissing: false,
  gradeII: GB_3095_2026_TRANSITIONAL_GRADE_II,
  compositeIndexDivisors: compositeIndexDivisors(GB_3095_2026_TRANSITIONAL_GRADE_II),
  validity: HJ_663_VALIDITY,
};

/** All editions, oldest first. */
export const EDITIONS: readonly Edition[] = [HJ_633_2012, HJ_633_2026];

export function editionById(id: EditionId): Edition {
  const edition = EDITIONS.find((candidate) => candidate.id === id);
  if (!edition) throw new RangeError(`Unknown edition: ${String(id)}`);
  return edition;
}

/** The edition governing a CST date (YYYY-MM-DD). */
export function editionForDate(date: string): Edition {
  assertIsoDate(date);
  return EDITIONS.reduce((found, edition) =>
    edition.effectiveFrom !== null && edition.effectiveFrom <= date ? edition : found,
  );
}

/** The edition of an hourly value stamped `observedAt` (end of its hour): that of the day its hour begins in. */
export function editionForHour(observedAt: Date): Edition {
  return editionForDate(dateOfHourStart(observedAt));
}

/** A period is computed under the rules in force on its last day. */
export function editionForPeriod(lastDay: string): Edition {
  return editionForDate(lastDay);
}

/** Exceedance is judged against the grade-II limit of the edition (strictly above it), never from IAQI. */
export function exceedsGradeII(limit: GradeIILimit, concentration: number, edition: Edition): boolean {
  return concentration > edition.gradeII[limit];
}
