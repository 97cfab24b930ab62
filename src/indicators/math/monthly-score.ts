/**
 * Monthly city score — Sichuan Annex 2, articles 3–9 (indicators.md §4). Pure: every input, including the month, is
 * passed in; nothing reads the clock or a database.
 *
 * All points are kept as integer tenths and divided by 10 once, so that outputs are exact multiples of 0.1 (15.3, not
 * 15.299999999999999). Composite indices are ranked by their 2-decimal GB/T 8170 value, compared as integer
 * hundredths.
 */
import { roundCompositeIndex } from './composite-index';
import { editionForPeriod } from './editions';
import { GOOD_DAY_MAX_AQI, HEAVY_DAY_ABOVE_AQI } from './period';
import { roundHalfEven } from './rounding';
import { assertIsoDate, daysInMonth } from './time';

// ---------------------------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------------------------

export interface ScoreDay {
  /** YYYY-MM-DD (CST), a day of month M. */
  date: string;
  /** The day's daily composite index, unrounded; null when not valid. */
  compositeIndex: number | null;
  /** The day's published daily AQI (its own edition); null when the day is not valid. */
  aqi: number | null;
  /** The partial-day AQI by 15:00 (§4.5); null when not computable. */
  partialAqi: number | null;
}

export interface ScoredCityInput {
  code: string;
  keyCity: boolean;
  /** The days of M that have data (any order); missing days are simply absent. */
  days: ScoreDay[];
  month: {
    compositeIndex: number | null;
    goodDays: number;
    /** Valid days of M (§2): what `validDays` and `complete` of the result report. */
    validDays: number;
    goodDayRatio: number | null;
    pm25: number | null;
  };
  /** The same month a year earlier, already recomputed under M's edition by the caller. */
  lastYear: { compositeIndex: number | null; goodDays: number; validDays: number; goodDayRatio: number | null };
  /** Dates from 1 January of M's year to the end of M on which the city's published AQI > 200 (any order). */
  heavyDaysThisYear: string[];
  /** Dates of M on which at least one county of the city had published AQI > 200. */
  countyHeavyDays: string[];
  /** The city's MONTH target for M, if any. */
  target: { pm25: number | null; goodDayRatio: number | null } | null;
}

export interface KeyCityInput {
  code: string;
  /** Date of M → daily composite index (unrounded); null or absent when not valid. */
  dailyIndex: ReadonlyMap<string, number | null>;
  /** Month composite index of M (unrounded). */
  monthCompositeIndex: number | null;
}

export interface MonthlyScoreInput {
  /** YYYY-MM. */
  month: string;
  cities: ScoredCityInput[];
  /** Every key city of the country (any province); a key city of the scored province also appears in `cities`. */
  keyCities: KeyCityInput[];
}

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------

export interface DailyRankDay {
  date: string;
  /** The city's daily composite index rounded to 2 decimals (GB/T 8170). */
  index: number;
  /** Rank among the key cities valid that day (non-key city: the nearest key city's rank); null if none was valid. */
  rank: number | null;
  points: number;
}

export interface DailyRankPart {
  /** clamp(15 + Σ points, 0, 30). */
  score: number;
  /** Each day of M with a valid daily index, by date. */
  days: DailyRankDay[];
}

export interface ImprovementPart {
  /** clamp(20 + points, 10, 30). */
  score: number;
  /** (I_last − I)/I_last × 100 on the 2-decimal indices; null when either is missing or I_last = 0. */
  u: number | null;
  /** Rank by u descending among the scored cities with a u (ties share the better rank); null without u. */
  rank: number | null;
  /** N: how many scored cities have a u. */
  n: number;
  /** Points after the national top-20 waiver. */
  points: number;
  /** True when a deduction was cancelled because the city ranks in the national top 20. */
  waived: boolean;
  /** Rank of the month composite index among the key cities (non-key: nearest rule); null when it cannot be ranked. */
  nationalRank: number | null;
}

export type GoodDaysBranch = 'NO_DATA_LAST_YEAR' | 'EXCELLENT' | 'CHANGE';

export interface GoodDaysPart {
  score: number;
  g: number;
  gLast: number;
  r: number | null;
  rLast: number | null;
  branch: GoodDaysBranch;
}

export interface HeavyDayCharge {
  date: string;
  /** 1-based order of the day among the city's heavy days of the year. */
  order: number;
  charge: number;
}

export interface CountyOnlyDayCharge {
  date: string;
  charge: number;
}

export interface HeavyPollutionPart {
  /** ≤ 0. */
  score: number;
  /** The city's heavy days that fall in M, by date. */
  days: HeavyDayCharge[];
  /** Days of M on which a county but not the city was heavy, by date. */
  countyOnlyDays: CountyOnlyDayCharge[];
}

export type BonusReason = 'PM25_TARGET' | 'GOOD_DAY_RATIO_TARGET';

export interface BonusItem {
  reason: BonusReason;
  points: number;
}

export interface RecoveredDay {
  date: string;
  partialAqi: number;
  aqi: number;
  points: number;
}

export interface BonusPart {
  /** ≥ 0. */
  score: number;
  /** Targets met (only those that earned points). */
  items: BonusItem[];
  /** Days of M that earned a recovery bonus, by date. */
  recoveredDays: RecoveredDay[];
}

export interface CityMonthlyScoreResult {
  regionCode: string;
  month: string;
  /** Sum of the five parts. */
  total: number;
  /** Valid days of M the score is built on; with none, the rules still give a number, but it measures nothing. */
  validDays: number;
  /** §2: M has ≥ 27 valid days (February: ≥ 25). An incomplete month is still scored. */
  complete: boolean;
  dailyRank: DailyRankPart;
  improvement: ImprovementPart;
  goodDays: GoodDaysPart;
  heavyPollution: HeavyPollutionPart;
  bonus: BonusPart;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

/** Tenths (integer) → number with one decimal, exactly. */
function fromTenths(tenths: number): number {
  return tenths / 10;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A composite index as ranked: 2 decimals GB/T 8170, as integer hundredths. */
export function compositeIndexHundredths(index: number): number {
  return Math.round(roundCompositeIndex(index) * 100);
}

/**
 * Rank of a city's rounded index (integer hundredths) among the key cities' rounded indices (ascending, ties share
 * the better rank 1, 2, 2, 4). A key city takes its own competition rank (1 + how many key cities are smaller); a
 * non-key city takes the rank of the key city whose index is nearest to its own (equal distance: the better rank),
 * or null when no key city has an index.
 */
export function rankAgainstKeyCities(own: number, keyCity: boolean, keyValues: readonly number[]): number | null {
  const sorted = [...keyValues].sort((a, b) => a - b);
  if (keyCity) {
    let smaller = 0;
    while (smaller < sorted.length && sorted[smaller] < own) smaller++;
    return smaller + 1;
  }
  let bestRank: number | null = null;
  let bestDistance = Infinity;
  let rank = 0;
  sorted.forEach((value, i) => {
    if (i === 0 || sorted[i - 1] !== value) rank = i + 1; // ties share the better rank
    const distance = Math.abs(value - own);
    // Ascending order, strict "<": on equal distance the smaller index (the better rank) is kept.
    if (distance < bestDistance) {
      bestDistance = distance;
      bestRank = rank;
    }
  });
  return bestRank;
}

/** Art. 4 points of a daily rank, in tenths. */
export function dailyRankPointsTenths(rank: number): number {
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`Bad rank: ${rank}`);
  if (rank <= 30) return 5;
  if (rank <= 50) return 4;
  if (rank <= 80) return 3;
  if (rank <= 100) return 2;
  if (rank <= 120) return -2;
  if (rank <= 145) return -3;
  return -5; // 146–168, and beyond 168
}

/** Art. 5 points (before the top-20 waiver) of rank r among N. */
export function improvementPoints(rank: number, n: number): number {
  if (rank <= 10) return 11 - rank;
  if (rank > n - 10) return -(rank - (n - 10));
  return 0;
}

/** Art. 7 charge (in tenths) of the k-th heavy day of the year. */
function heavyChargeTenths(order: number): number {
  if (order === 1) return -20;
  if (order === 2) return -30;
  return -50;
}

/** Decimal places of a finite number's shortest decimal form. */
function decimalPlaces(value: number): number {
  const [mantissa, exponentText] = Math.abs(value).toString().split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - exponent);
}

/**
 * How many full 0.1 steps `high` exceeds `low` by, counted in decimal (not binary floating point). Both are read as
 * the decimals they print as; negative when high < low.
 */
export function fullTenthSteps(high: number, low: number): number {
  if (!Number.isFinite(high) || !Number.isFinite(low)) throw new RangeError(`Cannot compare ${high} and ${low}`);
  const places = Math.max(1, decimalPlaces(high), decimalPlaces(low));
  if (places > 12) throw new RangeError(`Too many decimals to count tenths exactly: ${high}, ${low}`);
  const scale = 10n ** BigInt(places);
  const scaledHigh = BigInt(Math.round(high * Number(scale)));
  const scaledLow = BigInt(Math.round(low * Number(scale)));
  const stepSize = 10n ** BigInt(places - 1);
  const difference = scaledHigh - scaledLow;
  // Floor division for BigInt (which truncates toward zero).
  const quotient = difference / stepSize;
  const floored = difference < 0n && difference % stepSize !== 0n ? quotient - 1n : quotient;
  return Number(floored);
}

function parseMonth(month: string): { year: number; monthNumber: number; lastDay: string } {
  const match = MONTH_PATTERN.exec(month);
  const year = match ? Number(match[1]) : NaN;
  const monthNumber = match ? Number(match[2]) : NaN;
  if (!match || monthNumber < 1 || monthNumber > 12) throw new RangeError(`Not a YYYY-MM month: ${month}`);
  const lastDay = `${month}-${String(daysInMonth(year, monthNumber)).padStart(2, '0')}`;
  return { year, monthNumber, lastDay };
}

/** §2 (HJ 663): a month is complete with ≥ 27 valid days, February with ≥ 25, whatever its length (thresholds of M's edition). */
export function monthComplete(month: string, validDays: number): boolean {
  const { monthNumber, lastDay } = parseMonth(month);
  const { validity } = editionForPeriod(lastDay);
  return validDays >= (monthNumber === 2 ? validity.februaryMinValidDays : validity.monthMinValidDays);
}

function assertDateInMonth(date: string, month: string, what: string): void {
  assertIsoDate(date);
  if (date.slice(0, 7) !== month) throw new RangeError(`${what} ${date} is not in ${month}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The five parts
// ---------------------------------------------------------------------------------------------------------------

/** Rounded daily indices (hundredths) of the key cities valid on each date. */
function keyCityDailyValues(keyCities: readonly KeyCityInput[], month: string): Map<string, number[]> {
  const byDate = new Map<string, number[]>();
  for (const keyCity of keyCities) {
    for (const [date, index] of keyCity.dailyIndex) {
      if (index === null || index === undefined) continue;
      assertDateInMonth(date, month, `Key city ${keyCity.code} date`);
      const values = byDate.get(date) ?? [];
      values.push(compositeIndexHundredths(index));
      byDate.set(date, values);
    }
  }
  return byDate;
}

/** A part's score in integer tenths, with the part as returned. */
interface Scored<Part> {
  tenths: number;
  part: Part;
}

function dailyRankPart(city: ScoredCityInput, keyDaily: ReadonlyMap<string, number[]>): Scored<DailyRankPart> {
  const days: DailyRankDay[] = [];
  let sumTenths = 0;
  const valid = city.days.filter((day) => day.compositeIndex !== null).sort((a, b) => a.date.localeCompare(b.date));
  for (const day of valid) {
    const own = compositeIndexHundredths(day.compositeIndex as number);
    const rank = rankAgainstKeyCities(own, city.keyCity, keyDaily.get(day.date) ?? []);
    const pointsTenths = rank === null ? 0 : dailyRankPointsTenths(rank);
    sumTenths += pointsTenths;
    days.push({ date: day.date, index: own / 100, rank, points: fromTenths(pointsTenths) });
  }
  const tenths = clamp(150 + sumTenths, 0, 300);
  return { tenths, part: { score: fromTenths(tenths), days } };
}

/** u as an exact fraction of integer hundredths: (last − current)/last; null when not defined. */
interface ImprovementRatio {
  numerator: number;
  denominator: number;
}

function improvementRatio(city: ScoredCityInput): ImprovementRatio | null {
  if (city.month.compositeIndex === null || city.lastYear.compositeIndex === null) return null;
  const current = compositeIndexHundredths(city.month.compositeIndex);
  const last = compositeIndexHundredths(city.lastYear.compositeIndex);
  if (last <= 0) return null;
  return { numerator: last - current, denominator: last };
}

/** a > b for two ratios with positive denominators, exactly. */
function ratioGreater(a: ImprovementRatio, b: ImprovementRatio): boolean {
  return BigInt(a.numerator) * BigInt(b.denominator) > BigInt(b.numerator) * BigInt(a.denominator);
}

function improvementParts(
  cities: readonly ScoredCityInput[],
  keyCities: readonly KeyCityInput[],
): Scored<ImprovementPart>[] {
  const ratios = cities.map(improvementRatio);
  const ranked = ratios.filter((ratio): ratio is ImprovementRatio => ratio !== null);
  const n = ranked.length;
  const keyMonthValues = keyCities
    .filter((keyCity) => keyCity.monthCompositeIndex !== null)
    .map((keyCity) => compositeIndexHundredths(keyCity.monthCompositeIndex as number));

  return cities.map((city, i) => {
    const ratio = ratios[i];
    const nationalRank =
      city.month.compositeIndex === null
        ? null
        : rankAgainstKeyCities(compositeIndexHundredths(city.month.compositeIndex), city.keyCity, keyMonthValues);
    if (ratio === null) {
      return {
        tenths: 200,
        part: { score: 20, u: null, rank: null, n, points: 0, waived: false, nationalRank },
      };
    }
    const rank = 1 + ranked.filter((other) => ratioGreater(other, ratio)).length;
    const raw = improvementPoints(rank, n);
    const waived = raw < 0 && nationalRank !== null && nationalRank <= 20;
    const points = waived ? 0 : raw;
    const tenths = clamp(200 + points * 10, 100, 300);
    const u = (ratio.numerator * 100) / ratio.denominator;
    return { tenths, part: { score: fromTenths(tenths), u, rank, n, points, waived, nationalRank } };
  });
}

function goodDaysPart(city: ScoredCityInput): Scored<GoodDaysPart> {
  const g = city.month.goodDays;
  const gLast = city.lastYear.goodDays;
  const base = { g, gLast, r: city.month.goodDayRatio, rLast: city.lastYear.goodDayRatio };
  if (city.lastYear.validDays === 0) {
    return { tenths: 300, part: { score: 30, ...base, branch: 'NO_DATA_LAST_YEAR' } };
  }
  // R ≥ 95 and R ≥ R_last, compared exactly on the day counts behind the ratios (R = 100·g/v).
  const v = city.month.validDays;
  const vLast = city.lastYear.validDays;
  const excellent = v > 0 && 100 * g >= 95 * v && g * vLast >= gLast * v;
  if (excellent) return { tenths: 400, part: { score: 40, ...base, branch: 'EXCELLENT' } };
  const score = clamp(30 + 3 * (g - gLast), 0, 40);
  return { tenths: score * 10, part: { score, ...base, branch: 'CHANGE' } };
}

function heavyPollutionPart(city: ScoredCityInput, month: string, lastDay: string): Scored<HeavyPollutionPart> {
  const yearStart = `${month.slice(0, 4)}-01-01`;
  for (const date of city.heavyDaysThisYear) {
    assertIsoDate(date);
    if (date < yearStart || date > lastDay) {
      throw new RangeError(`Heavy day ${date} of ${city.code} is not between ${yearStart} and ${lastDay}`);
    }
  }
  const heavy = [...new Set(city.heavyDaysThisYear)].sort();
  const days: HeavyDayCharge[] = [];
  let tenths = 0;
  heavy.forEach((date, i) => {
    if (date.slice(0, 7) !== month) return;
    const charge = heavyChargeTenths(i + 1);
    tenths += charge;
    days.push({ date, order: i + 1, charge: fromTenths(charge) });
  });
  const cityHeavy = new Set(heavy);
  const countyOnlyDays: CountyOnlyDayCharge[] = [];
  for (const date of [...new Set(city.countyHeavyDays)].sort()) {
    assertDateInMonth(date, month, `County heavy day of ${city.code}`);
    if (cityHeavy.has(date)) continue;
    tenths -= 10;
    countyOnlyDays.push({ date, charge: -1 });
  }
  return { tenths, part: { score: fromTenths(tenths), days, countyOnlyDays } };
}

function bonusPart(city: ScoredCityInput): Scored<BonusPart> {
  const items: BonusItem[] = [];
  let tenths = 0;
  const target = city.target;
  if (target !== null && target.pm25 !== null && city.month.pm25 !== null) {
    const steps = fullTenthSteps(target.pm25, roundHalfEven(city.month.pm25, 1));
    if (steps >= 0) {
      items.push({ reason: 'PM25_TARGET', points: fromTenths(20 + steps) });
      tenths += 20 + steps;
    }
  }
  if (target !== null && target.goodDayRatio !== null && city.month.goodDayRatio !== null) {
    const steps = fullTenthSteps(roundHalfEven(city.month.goodDayRatio, 1), target.goodDayRatio);
    if (steps >= 0) {
      items.push({ reason: 'GOOD_DAY_RATIO_TARGET', points: fromTenths(20 + steps) });
      tenths += 20 + steps;
    }
  }
  const recoveredDays: RecoveredDay[] = [];
  for (const day of [...city.days].sort((a, b) => a.date.localeCompare(b.date))) {
    if (day.partialAqi === null || day.aqi === null) continue;
    let dayTenths = 0;
    // A heavy day recovered (+2), a good day recovered (+1): by 15:00 worse than the day ended.
    if (day.partialAqi > HEAVY_DAY_ABOVE_AQI && day.aqi <= HEAVY_DAY_ABOVE_AQI) dayTenths += 20;
    if (day.partialAqi > GOOD_DAY_MAX_AQI && day.aqi <= GOOD_DAY_MAX_AQI) dayTenths += 10;
    if (dayTenths === 0) continue;
    tenths += dayTenths;
    recoveredDays.push({ date: day.date, partialAqi: day.partialAqi, aqi: day.aqi, points: fromTenths(dayTenths) });
  }
  return { tenths, part: { score: fromTenths(tenths), items, recoveredDays } };
}

// ---------------------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------------------

/** The monthly score of each input city, in input order (indicators.md §4). */
export function monthlyScores(input: MonthlyScoreInput): CityMonthlyScoreResult[] {
  const { year, monthNumber, lastDay } = parseMonth(input.month);
  for (const city of input.cities) {
    const { validDays } = city.month;
    if (!Number.isInteger(validDays) || validDays < 0 || validDays > daysInMonth(year, monthNumber)) {
      throw new RangeError(`${city.code} cannot have ${validDays} valid days in ${input.month}`);
    }
    const seen = new Set<string>();
    for (const day of city.days) {
      assertDateInMonth(day.date, input.month, `Day of ${city.code}`);
      if (seen.has(day.date)) throw new RangeError(`Day ${day.date} of ${city.code} given twice`);
      seen.add(day.date);
    }
  }
  const keyDaily = keyCityDailyValues(input.keyCities, input.month);
  const improvements = improvementParts(input.cities, input.keyCities);

  return input.cities.map((city, i) => {
    const daily = dailyRankPart(city, keyDaily);
    const improvement = improvements[i];
    const good = goodDaysPart(city);
    const heavy = heavyPollutionPart(city, input.month, lastDay);
    const bonus = bonusPart(city);
    const totalTenths = daily.tenths + improvement.tenths + good.tenths + heavy.tenths + bonus.tenths;
    return {
      regionCode: city.code,
      month: input.month,
      total: fromTenths(totalTenths),
      validDays: city.month.validDays,
      complete: monthComplete(input.month, city.month.validDays),
      dailyRank: daily.part,
      improvement: improvement.part,
      goodDays: good.part,
      heavyPollution: heavy.part,
      bonus: bonus.part,
    };
  });
}

export interface ProvinceRanked {
  result: CityMonthlyScoreResult;
  /** Rank of the total among the cities with a valid day in M; null for a city without one. */
  rank: number | null;
}

/**
 * The province's ranking: cities with at least one valid day in M by total, best first, ties sharing the better rank
 * (1, 2, 2, 4); then, unranked and by code, the cities without one: their totals are the rules' base points, not a
 * measure of their air, and must not outrank a measured month.
 */
export function provinceRanks(results: readonly CityMonthlyScoreResult[]): ProvinceRanked[] {
  const byCode = (a: CityMonthlyScoreResult, b: CityMonthlyScoreResult) => a.regionCode.localeCompare(b.regionCode);
  const measured = results.filter((r) => r.validDays > 0).sort((a, b) => b.total - a.total || byCode(a, b));
  const unmeasured = results.filter((r) => r.validDays === 0).sort(byCode);
  return [
    ...measured.map((result) => ({ result, rank: 1 + measured.filter((other) => other.total > result.total).length })),
    ...unmeasured.map((result) => ({ result, rank: null })),
  ];
}

export interface YearlyScore {
  /** Mean of the totals of the months with a valid day; null when there is none. */
  score: number | null;
  /** How many months the mean is built on. */
  monthsCounted: number;
  /** How many of them are complete. */
  completeMonths: number;
}

/**
 * Article 3: the year's score is the mean of its monthly totals. A month without a valid day is left out of the mean:
 * its total is the rules' base points, and counting it would rank a city without data above measured ones.
 */
export function yearlyScore(months: readonly Pick<CityMonthlyScoreResult, 'total' | 'validDays' | 'complete'>[]): YearlyScore {
  const counted = months.filter((m) => m.validDays > 0);
  const completeMonths = counted.filter((m) => m.complete).length;
  if (!counted.length) return { score: null, monthsCounted: 0, completeMonths };
  // Totals are multiples of 0.1: sum in tenths so the mean carries no float noise beyond its own division.
  const tenths = counted.reduce((sum, m) => sum + Math.round(m.total * 10), 0);
  return { score: tenths / 10 / counted.length, monthsCounted: counted.length, completeMonths };
}
