import { Cadence } from '../catalog/dataset';
import { ErrorCode, badUserInput, hubError } from '../platform/errors';

/**
 * The SQL of an aggregate (`<query>Aggregate`), written once for every time series: the groups' keys, the figures of
 * each numeric field, one grouped statement, the range an aggregate may cover, and how a rollup of hours is combined
 * with raw rows so that both give the same figures. Pure: no database, no GraphQL.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * China Standard Time as the hub keeps it (platform/cst.ts): UTC+8 all year. A fixed offset rather than
 * 'Asia/Shanghai', whose 1986–1991 daylight saving would move those summers' days by an hour.
 */
const CST = "INTERVAL '+08:00'";

/** What a time field holds: an instant, a calendar day, a month (`YYYY-MM`) or a year (an integer). */
export type TimeShape = 'instant' | 'day' | 'month' | 'year';

export type TimeBucket = 'day' | 'month';

/** The buckets a time field can be grouped by: a day needs a day or an instant; a year has neither. */
export function bucketsOf(shape: TimeShape): TimeBucket[] {
  if (shape === 'instant' || shape === 'day') return ['day', 'month'];
  return shape === 'month' ? ['month'] : [];
}

/**
 * SQL of the CST calendar day (a date) or month (a date on its first day; a month field as it is) a time value falls
 * in. A value stamped 00:00 counts on the day it is stamped.
 */
export function bucketSql(column: string, shape: TimeShape, bucket: TimeBucket): string {
  if (shape === 'month') return column;
  const local = shape === 'instant' ? `(${column} AT TIME ZONE ${CST})` : column;
  return bucket === 'day' ? `${local}::date` : `date_trunc('month', ${local})::date`;
}

/** A numeric field: its SQL over the grouped rows, and whether its values add up (`FieldKind.additive`). */
export interface Measure {
  name: string;
  sql: string;
  additive: boolean;
}

/** The aggregate expressions of a statement: its rows, and per measure the count of values, min, max and sum. */
export interface Figures {
  rows: string;
  measures: { count: string; min: string; max: string; sum: string }[];
}

/** Figures over raw rows. */
export function rowFigures(measures: Measure[]): Figures {
  return {
    rows: 'count(*)',
    measures: measures.map(({ sql }) => ({ count: `count(${sql})`, min: `min(${sql})`, max: `max(${sql})`, sum: `sum(${sql})` })),
  };
}

/** The columns `partialColumns` gives each measure, in the order of the measures. */
const partial = (i: number) => ({ count: `m${i}_n`, min: `m${i}_min`, max: `m${i}_max`, sum: `m${i}_sum` });

/**
 * Figures over partial figures (`partialColumns`): rows and counts add up, sums add up, the least minimum and the
 * greatest maximum — the same figures as over the rows the partials were made of.
 */
export function partialFigures(measures: Measure[], alias: string): Figures {
  return {
    rows: `coalesce(sum(${alias}.n), 0)`,
    measures: measures.map((_, i) => {
      const c = partial(i);
      return { count: `coalesce(sum(${alias}.${c.count}), 0)`, min: `min(${alias}.${c.min})`, max: `max(${alias}.${c.max})`, sum: `sum(${alias}.${c.sum})` };
    }),
  };
}

/** The select list of partial figures: `rows` and each measure's count, sum, min and max, as `partialFigures` reads them. */
export function partialColumns(rows: string, measures: { count: string; sum: string; min: string; max: string }[]): string {
  return [`${rows} AS n`, ...measures.flatMap((m, i) => {
    const c = partial(i);
    return [`${m.count} AS ${c.count}`, `${m.sum} AS ${c.sum}`, `${m.min} AS ${c.min}`, `${m.max} AS ${c.max}`];
  })].join(', ');
}

/** Partial figures of one raw row, for a union with a rollup's. */
export const rowPartials = (measures: Measure[]) =>
  measures.map(({ sql }) => ({ count: `(${sql} IS NOT NULL)::int`, sum: sql, min: sql, max: sql }));

/**
 * One statement: the groups of the rows of `from` that satisfy every condition of `where`, by `keys` (none: one
 * group of them all, even of no rows), in the order of their keys, at most `limit` of them (a placeholder). The
 * groups are made in full before they are ordered and cut (a materialized CTE is planned to be read whole): with the
 * LIMIT on the grouping itself, the planner walks the series' index in order to stop early, which it never can, and
 * a year of hours takes four times as long.
 */
export function groupedSql(o: { from: string; where: string[]; keys: string[]; figures: Figures; limit: string }): string {
  const select = [
    ...o.keys.map((k, i) => `${k} AS k${i}`),
    `${o.figures.rows}::int AS n`,
    ...o.figures.measures.flatMap((m, i) => [`${m.count}::int AS m${i}_n`, `${m.min}::float8 AS m${i}_min`, `${m.max}::float8 AS m${i}_max`, `${m.sum}::float8 AS m${i}_sum`]),
  ];
  const positions = o.keys.map((_, i) => i + 1).join(', ');
  return [
    `WITH g AS MATERIALIZED (SELECT ${select.join(', ')} FROM ${o.from}`,
    o.where.length ? ` WHERE ${o.where.join(' AND ')}` : '',
    o.keys.length ? ` GROUP BY ${positions}) SELECT * FROM g ORDER BY ${positions}` : ') SELECT * FROM g',
    ` LIMIT ${o.limit}`,
  ].join('');
}

/** A numeric field's figures in a group: mean is sum / count; the sum is given only for a field whose values add up. */
export interface FieldStats {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  sum?: number | null;
}

/**
 * The groups of a statement's rows: each key named (a key not grouped by is null; a month comes as its first day),
 * the row count, and each measure's figures.
 */
export function groupsOf(rows: Record<string, unknown>[], keys: { name: string; bucket?: TimeBucket }[], allKeys: string[], measures: Measure[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const group: Record<string, unknown> = Object.fromEntries(allKeys.map((k) => [k, null]));
    keys.forEach((k, i) => {
      const value = row[`k${i}`];
      group[k.name] = value !== null && k.bucket === 'month' ? String(value).slice(0, 7) : value;
    });
    group.count = row.n;
    measures.forEach((m, i) => {
      const count = row[`m${i}_n`] as number;
      const sum = row[`m${i}_sum`] as number | null;
      const stats: FieldStats = { count, min: row[`m${i}_min`] as number | null, max: row[`m${i}_max`] as number | null, mean: count ? sum! / count : null };
      if (m.additive) stats.sum = sum;
      group[m.name] = stats;
    });
    return group;
  });
}

/**
 * The longest range an aggregate may cover, in days, by the dataset's cadence: about 8,800 rows of a series (a year
 * of hours, a quarter of quarter-hours, ten years of days); events with an instant (hot spots, violations, alerts):
 * a year. Monthly data, yearly targets and planned dates have none: a whole table of them is small. With a limit,
 * `from` and `to` are required arguments.
 */
export function maxAggregateDays(cadence: Cadence, shape: TimeShape): number | null {
  if (shape !== 'instant' && shape !== 'day') return null;
  if (cadence === 'PT15M') return 92;
  if (cadence === 'PT1H') return 366;
  if (cadence === 'P1D') return 3_660;
  if (cadence === 'on change' && shape === 'instant') return 366;
  return null;
}

/** Days from `from` to `to`: instants by their difference, calendar days counting both ends. */
function spanDays(from: Date | string, to: Date | string): number {
  if (from instanceof Date && to instanceof Date) return (to.getTime() - from.getTime()) / DAY_MS;
  return (Date.parse(`${String(to)}T00:00:00Z`) - Date.parse(`${String(from)}T00:00:00Z`)) / DAY_MS + 1;
}

/**
 * Refuses an aggregate whose range is backwards (BAD_USER_INPUT), or longer than `maxDays` (QUERY_TOO_COSTLY, with
 * `maxDays`): what bounds the rows one statement reads. Where there is a limit the schema requires both ends.
 */
export function checkAggregateRange(subject: string, from: unknown, to: unknown, maxDays: number | null): void {
  if (from === null || from === undefined || to === null || to === undefined) return;
  if ((from as Date | string) > (to as Date | string)) throw badUserInput('from is after to', { argument: 'from' });
  const days = spanDays(from as Date | string, to as Date | string);
  if (maxDays !== null && days > maxDays) {
    throw hubError(ErrorCode.QUERY_TOO_COSTLY, `an aggregate of ${subject} covers at most ${maxDays} days; from … to spans ${Math.ceil(days)}: split the range`, {
      argument: 'to',
      maxDays,
    });
  }
}

/** The groups an aggregate returns by default, and at most (`maxGroups`). */
export const DEFAULT_GROUPS = 1_000;
export const MAX_GROUPS = 10_000;

/** `maxGroups` as given (null: the default), or BAD_USER_INPUT outside 1 … MAX_GROUPS. */
export function maxGroupsOf(maxGroups: number | null | undefined): number {
  const n = maxGroups ?? DEFAULT_GROUPS;
  if (!Number.isInteger(n) || n < 1 || n > MAX_GROUPS) throw badUserInput(`maxGroups must be 1 … ${MAX_GROUPS}; got ${n}`, { argument: 'maxGroups' });
  return n;
}

/** The refusal of an aggregate that found more groups than `maxGroups`. */
export function tooManyGroups(subject: string, maxGroups: number) {
  return hubError(
    ErrorCode.QUERY_TOO_COSTLY,
    `the aggregate of ${subject} has more than ${maxGroups} groups: raise maxGroups (at most ${MAX_GROUPS}), narrow the range or the region, or group by less`,
    { maxGroups },
  );
}

/**
 * A rollup of a dataset per series and hour that an aggregate may be served from. Its table has the dataset's
 * series key column by the same name (the aggregate's filters apply to it as written) and `hour`, H: it summarises
 * the rows stamped in (H − 1 h, H], with their number and, per measure it holds, the count of values, sum, min and max.
 */
export interface HourlyRollup {
  table: string;
  rows: string;
  measures: Record<string, { count: string; sum: string; min: string; max: string }>;
}

/**
 * Which hours of an hourly rollup answer a range exactly. Hour H covers the rows stamped in (H − 1 h, H]: it is read
 * from the rollup when that interval lies within [from, to] and, when the groups are days or months, within one CST
 * day (not an hour stamped at CST midnight, which holds the previous day's last three quarters). Every other hour
 * overlapping the range (at most the first, the last and those midnights) is read from its raw rows.
 *
 * `whole`: the rollup's hours from `whole.first` to `whole.last`, but those of `midnights`; `boundary`: the hours
 * whose raw rows within [from, to] are read instead.
 */
export function splitHours(from: Date, to: Date, byDay: boolean): { whole: { first: Date; last: Date } | null; midnights: Date[]; boundary: Date[] } {
  const ceil = (t: number) => Math.ceil(t / HOUR_MS) * HOUR_MS;
  const firstHour = ceil(from.getTime());
  const lastHour = ceil(to.getTime());
  const wholeFirst = firstHour + HOUR_MS;
  const wholeLast = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  const midnights: number[] = [];
  if (byDay) {
    // CST midnight is 16:00 UTC.
    const offset = 16 * HOUR_MS;
    for (let m = Math.ceil((wholeFirst - offset) / DAY_MS) * DAY_MS + offset; m <= wholeLast; m += DAY_MS) midnights.push(m);
  }
  const boundary = [...new Set([firstHour, ...midnights, ...(lastHour > to.getTime() ? [lastHour] : [])])];
  return {
    whole: wholeFirst <= wholeLast ? { first: new Date(wholeFirst), last: new Date(wholeLast) } : null,
    midnights: midnights.map((m) => new Date(m)),
    boundary: boundary.map((b) => new Date(b)),
  };
}
