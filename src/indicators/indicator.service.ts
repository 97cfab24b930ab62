import { DataSource } from 'typeorm';
import type { Pollutant } from './math/pollutants';
import { badUserInput } from '../platform/errors';
import { Edition, EditionId, editionForHour, editionForPeriod } from './math/editions';
import { DayHours, HOURS_PER_DAY, summariseDay, twentyFourHourMean } from './math/daily';
import { AqiResult, hourlyAqi, needsSo2MovingMean } from './math/aqi';
import { roundCompositeIndex } from './math/composite-index';
import { PeriodDay, periodIndicators } from './math/period';
import { DAY_MS, HOUR_MS, datesFromTo, hourSlot } from './math/time';
import { AqiFields, AqiLevel, DailyAqi, HourlyAqi, PeriodIndicators, StandardEdition } from './indicator.types';
import { cstIso } from '../platform/cst';
import type { Queryable } from '../platform/db/queryable';
import { preparedRead } from '../platform/db/prepared';
import { HourSeries, HourValues, HourlySeriesSource } from './ports';
import { withRegionExists } from '../regions/region.queries';

export type { HourSeries } from './ports';

const FIELDS = ['pm25', 'pm10', 'so2', 'no2', 'o3', 'co'] as const;
type Field = (typeof FIELDS)[number];

/** Bounds on what one request may ask for: the cost of a query stays bounded. */
export const MAX_HOURLY_RANGE_DAYS = 31;
export const MAX_DAILY_RANGE_DAYS = 366;
export const MAX_PERIOD_RANGE_DAYS = 3 * 366;

/**
 * The days (CST) indicators and scores cover: no stored hour predates 1970 (such rows are refused), and a day's last
 * hour is stamped the next day, which must still have a four-digit year.
 */
export const INDICATOR_DAYS = { first: '1970-01-01', last: '9999-12-30' };
/** The hour stamps of those days: from the first day's midnight to the last's, stamped the day after (CST). */
const INDICATOR_STAMPS = { first: Date.parse('1970-01-01T00:00:00+08:00'), last: Date.parse('9999-12-31T00:00:00+08:00') };

export function checkIndicatorDays(from: string, to: string): void {
  if (from < INDICATOR_DAYS.first || to > INDICATOR_DAYS.last) {
    throw badUserInput(`indicators cover the days ${INDICATOR_DAYS.first} … ${INDICATOR_DAYS.last} (CST); asked for ${from} … ${to}`);
  }
}

export function checkDateRange(from: string, to: string, maxDays: number): void {
  checkIndicatorDays(from, to);
  if (from > to) throw badUserInput(`from ${from} is after to ${to}`);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > maxDays) throw badUserInput(`the range ${from} … ${to} spans ${days} days; at most ${maxDays}`);
}

/** BAD_USER_INPUT unless an instant an indicator is asked at (`at`, `asOf`) lies within the indicators' days. */
export function checkIndicatorInstant(argument: string, instant: Date): void {
  if (instant.getTime() < INDICATOR_STAMPS.first || instant.getTime() > INDICATOR_STAMPS.last) {
    throw badUserInput(`${argument} must lie within the days ${INDICATOR_DAYS.first} … ${INDICATOR_DAYS.last} (CST); got ${instant.toISOString()}`);
  }
}

export function checkTimeRange(from: Date, to: Date): void {
  if (from.getTime() < INDICATOR_STAMPS.first || to.getTime() > INDICATOR_STAMPS.last) {
    throw badUserInput(`indicators cover the days ${INDICATOR_DAYS.first} … ${INDICATOR_DAYS.last} (CST); asked for ${cstIso(from)} … ${cstIso(to)}`);
  }
  if (from > to) throw badUserInput(`from ${cstIso(from)} is after to ${cstIso(to)}`);
  if (to.getTime() - from.getTime() > MAX_HOURLY_RANGE_DAYS * DAY_MS) {
    throw badUserInput(`an hourly range spans at most ${MAX_HOURLY_RANGE_DAYS} days`);
  }
}

/** Hour stamps on the hour within [from, to]. */
function stampsBetween(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let t = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS; t <= to.getTime(); t += HOUR_MS) out.push(new Date(t));
  return out;
}

/** Region-day rows as read from the rollup: 24 slots per pollutant. */
export type RegionDays = Map<string, DayHours>;

/** A region-day's stored figures, computed at ingestion under the day's own edition. */
export interface DaySummaryRow {
  region_code: string;
  day: string;
  edition: EditionId;
  aqi: number | null;
  valid: boolean;
  pm25_mean: number | null;
  pm10_mean: number | null;
  so2_mean: number | null;
  no2_mean: number | null;
  co_mean: number | null;
  o3_max8h: number | null;
  composite_index: number | null;
  partial_aqi: number | null;
}

export const DAY_SUMMARY_COLUMNS = `region_code, day, edition, aqi, valid, pm25_mean, pm10_mean, so2_mean, no2_mean, co_mean,
  o3_max8h, composite_index, partial_aqi`;

/**
 * The region-day rows of several regions, each over its own days: a range of the primary key per region, so that the
 * cost is the days asked. `ranges` is the SQL of rows (code, first, last), by default each code of $1 (text[]) over
 * [$2, $3]; `where`, a further condition on the rows. As one `region_code = ANY(…) AND day BETWEEN …` the planner read
 * the days of every region stored through the day index (bench:history: 1,220 buffers from 10× on for what 160 answer,
 * the rollup's copies back in time making the day look ordered on disk); OFFSET 0 keeps the read per region.
 */
export function regionDayRanges(columns: string, options: { ranges?: string; where?: string } = {}): string {
  const ranges = options.ranges ?? 'SELECT DISTINCT code, $2::date, $3::date FROM unnest($1::text[]) AS code';
  return `SELECT d.* FROM (${ranges}) AS r (code, first, last)
    CROSS JOIN LATERAL (SELECT ${columns} FROM region_days
                        WHERE region_code = r.code AND day BETWEEN r.first AND r.last${options.where ? ` AND ${options.where}` : ''} OFFSET 0) d`;
}

const DAY_SUMMARIES_OF_A_REGION = withRegionExists(
  `SELECT ${DAY_SUMMARY_COLUMNS} FROM region_days WHERE region_code = $1 AND day BETWEEN $2::date AND $3::date`,
  '$1',
  'r.day',
);

export const toPeriodDay = (r: DaySummaryRow): PeriodDay => ({
  date: r.day,
  edition: r.edition,
  aqi: r.aqi,
  valid: r.valid,
  pm25: r.pm25_mean,
  pm10: r.pm10_mean,
  so2: r.so2_mean,
  no2: r.no2_mean,
  co: r.co_mean,
  o3Max8h: r.o3_max8h,
});

/**
 * Reads rollups and raw hours in batches (one statement per list of regions or stations) and applies the pure math.
 * The region-day tables are the indicators' own; a station's hours come through the ecology feed's port.
 */
export class IndicatorService {
  constructor(
    private readonly db: DataSource,
    private readonly hours: HourlySeriesSource,
  ) {}

  /** Day rows of several regions over a date range: one statement. */
  regionDays(regionCodes: readonly string[], from: string, to: string): Promise<Map<string, RegionDays>> {
    return readRegionDays(this.db, regionCodes, from, to);
  }

  /** Each region's daily AQI as the rollup stored it, by day (a day without a valid AQI is absent): one statement. */
  async storedDailyAqi(regionCodes: readonly string[], from: string, to: string): Promise<Map<string, Map<string, number>>> {
    const rows = await preparedRead<{ region_code: string; day: string; aqi: number }>(
      this.db,
      regionDayRanges('region_code, day, aqi', { where: 'valid AND aqi IS NOT NULL' }),
      [regionCodes, from, to],
    );
    const byRegion = new Map<string, Map<string, number>>(regionCodes.map((c) => [c, new Map()]));
    for (const r of rows) byRegion.get(r.region_code)!.set(r.day, r.aqi);
    return byRegion;
  }

  /**
   * A region's stored day figures over a range, what a period needs without decoding the hourly arrays; null when
   * there is no such region. One statement answers both.
   */
  async daySummaries(regionCode: string, from: string, to: string): Promise<DaySummaryRow[] | null> {
    const rows = await preparedRead<DaySummaryRow | { region_exists: true; day: null }>(this.db, DAY_SUMMARIES_OF_A_REGION, [regionCode, from, to]);
    if (!rows.length) return null;
    return rows.filter((r): r is DaySummaryRow => r.day !== null);
  }

  /** Current evaluation stations of several regions: one statement. */
  async evaluationStations(regionCodes: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await preparedRead<{ region_code: string; stations: string[] }>(
      this.db,
      `SELECT req.code AS region_code, array_agg(e.station_code ORDER BY e.station_code) AS stations
       FROM unnest($1::text[]) AS req (code) CROSS JOIN LATERAL evaluation_stations_of(req.code) AS e GROUP BY req.code`,
      [regionCodes],
    );
    return new Map(rows.map((r) => [r.region_code, r.stations]));
  }

  /** Raw hours of several stations, from 23 hours before `from` (the SO2 moving mean) to `to`: one statement. */
  stationHours(stationCodes: readonly string[], from: Date, to: Date): Promise<Map<string, HourSeries>> {
    return this.hours.stationHours(stationCodes, new Date(from.getTime() - 23 * HOUR_MS), to);
  }

  monitoredPollutants(stationCodes: readonly string[]): Promise<Map<string, Pollutant[]>> {
    return this.hours.monitoredPollutants(stationCodes);
  }
}

/** A region's hourly values by stamp, unpacked from its day rows. */
export function hoursFromDays(days: RegionDays): HourSeries {
  const hours: HourSeries = new Map();
  for (const [day, values] of days) {
    const first = Date.parse(`${day}T01:00:00+08:00`);
    for (let slot = 0; slot < HOURS_PER_DAY; slot++) {
      const h = Object.fromEntries(FIELDS.map((f) => [f, values[f]?.[slot] ?? null])) as HourValues;
      if (FIELDS.some((f) => h[f] !== null)) hours.set(first + slot * HOUR_MS, h);
    }
  }
  return hours;
}

/** The GraphQL fields of an AQI result (the pure module's level and pollutant strings are the enums' values). */
function aqiFields(result: AqiResult): AqiFields {
  return {
    aqi: result.aqi,
    level: result.level as AqiLevel | null,
    primaryPollutants: result.primaryPollutants,
    iaqi: result.iaqi,
  };
}

/** Each region's hourly series by day, from `region_days` (one statement; the rollup reads them in its transaction). */
export async function readRegionDays(db: Queryable, regionCodes: readonly string[], from: string, to: string): Promise<Map<string, RegionDays>> {
  const rows: ({ region_code: string; day: string } & Record<Field, (number | null)[]>)[] = await db.query(
    regionDayRanges(`region_code, day, ${FIELDS.join(', ')}`),
    [regionCodes, from, to],
  );
  const byRegion = new Map<string, RegionDays>(regionCodes.map((c) => [c, new Map()]));
  for (const r of rows) {
    byRegion.get(r.region_code)!.set(r.day, { pm25: r.pm25, pm10: r.pm10, so2: r.so2, no2: r.no2, o3: r.o3, co: r.co });
  }
  return byRegion;
}

/** Hourly AQI of each stamp in [from, to] that has data; `hours` must reach 23 hours before `from`. */
export function hourlyAqiSeries(
  hours: HourSeries,
  from: Date,
  to: Date,
  monitoredPollutants?: readonly Pollutant[],
): HourlyAqi[] {
  const out: HourlyAqi[] = [];
  for (const stamp of stampsBetween(from, to)) {
    const values = hours.get(stamp.getTime());
    if (!values) continue;
    const edition = editionForHour(stamp);
    // The moving mean is read only for an hour whose edition substitutes it (HJ 633—2012, SO2 above its 1-hour column).
    const so2MovingMean24h = needsSo2MovingMean(values.so2, edition) ? so2MovingMean(hours, stamp, edition) : null;
    const result = hourlyAqi(values, { edition, monitoredPollutants, so2MovingMean24h });
    out.push({ observedAt: stamp, ...aqiFields(result), standard: result.edition as StandardEdition, concentrations: values });
  }
  return out;
}

function so2MovingMean(hours: HourSeries, stamp: Date, edition: Edition): number | null {
  const window = Array.from({ length: HOURS_PER_DAY }, (_, i) => hours.get(stamp.getTime() - (23 - i) * HOUR_MS)?.so2 ?? null);
  const mean = twentyFourHourMean(window, edition);
  return mean.valid ? mean.value : null;
}

/** Daily AQI of every date of the range (a date without data is an invalid day with nothing in it). */
export function dailyAqiSeries(days: RegionDays, from: string, to: string, evaluationStations: string[]): DailyAqi[] {
  return datesFromTo(from, to).map((date) => {
    const s = summariseDay({ date, hours: days.get(date) ?? {} });
    return {
      date,
      ...aqiFields(s),
      valid: s.valid,
      pm25: s.pm25,
      pm10: s.pm10,
      so2: s.so2,
      no2: s.no2,
      co: s.co,
      o3Max8h: s.o3Max8h,
      o3Max1h: s.o3Max1h,
      compositeIndex: s.compositeIndex,
      standard: s.edition as StandardEdition,
      explain: {
        firstHour: new Date(Date.parse(`${date}T01:00:00+08:00`)),
        lastHour: new Date(Date.parse(`${date}T01:00:00+08:00`) + 23 * HOUR_MS),
        counts: s.counts,
        evaluationStationCodes: evaluationStations,
      },
    };
  });
}

/**
 * Period indicators from the stored day figures, when every day was computed under the period's edition (a period
 * that does not straddle 2026-03-01); null otherwise, and the days must be recomputed from their hours.
 */
export function periodIndicatorsFromSummaries(rows: DaySummaryRow[], from: string, to: string, evaluationStations: string[]): PeriodIndicators | null {
  const edition = editionForPeriod(to);
  if (rows.some((r) => r.edition !== edition.id)) return null;
  return periodResult(periodIndicators({ from, to, days: rows.map(toPeriodDay), edition }), from, to, rows.length, evaluationStations);
}

/** The pure period figures with what the API adds: the range, the rounded index, the edition and the inputs. */
function periodResult(
  p: ReturnType<typeof periodIndicators>,
  from: string,
  to: string,
  daysWithData: number,
  evaluationStations: string[],
): PeriodIndicators {
  return {
    ...p,
    from,
    to,
    compositeIndexRounded: p.compositeIndex === null ? null : roundCompositeIndex(p.compositeIndex),
    standard: p.edition as StandardEdition,
    daysWithData,
    evaluationStationCodes: evaluationStations,
  };
}

/** HJ 663 period indicators: every day recomputed under the rules in force on the range's last day. */
export function periodIndicatorsOf(
  days: RegionDays,
  from: string,
  to: string,
  evaluationStations: string[],
  edition: Edition = editionForPeriod(to),
): PeriodIndicators {
  const summaries = [...days.keys()]
    .filter((date) => date >= from && date <= to)
    .sort()
    .map((date) => summariseDay({ date, hours: days.get(date)!, edition }));
  return periodResult(periodIndicators({ from, to, days: summaries, edition }), from, to, summaries.length, evaluationStations);
}

/** The CST day an instant falls in, for converting hourly ranges to day rows. */
export function dayOfStamp(stamp: Date): string {
  return hourSlot(new Date(Math.ceil(stamp.getTime() / HOUR_MS) * HOUR_MS)).date;
}

declare module '../platform/context.type' {
  interface Services {
    indicators: IndicatorService;
  }
}
