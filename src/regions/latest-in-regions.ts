import type { Queryable } from '../platform/db/queryable';
import { addMonths, monthOf, newestCountedMonth } from '../platform/db/partitions';
import { RowTime, rowTime } from '../indicators/math/joint/freshness';
import { cstDate } from '../indicators/math/time';

/**
 * Where a table's rows (`t`) get their region: a column of their own, or the row `x` of another table they reference
 * (a reading's site), `match` relating the two so that the table's primary key answers it.
 */
export type RegionPath = { column: string } | { via: { table: string; region: string; match: string } };

/**
 * What a row's time is: a column holding an instant, a day or a month; or, for reference data and planned times, when
 * the dataset last published into the region (`batch_regions`, written as each batch closes).
 */
export type RowTimeSource = { column: string; kind: 'instant' | 'day' | 'month' } | { publishedIn: string };

/**
 * The codes of a region's subtree, as an array: the referenced rows are then read through their region index. As a
 * semi-join the planner, which cannot size the subtree, hashes the whole referenced table once the country's stations
 * or enterprises outnumber the province's (361 against 133 buffers for three cities among 6,800 enterprises).
 */
const SUBTREE = 'ARRAY(SELECT code FROM region_subtree(r.code))';

export interface LatestInOptions {
  /**
   * The table is partitioned by the CST month of the time column (platform/db/partitions.ts). A statement whose time
   * range the planner does not know plans every month, and probes every month for each series: so the months are
   * read in windows whose bounds are literals in the statement, recent ones first (`olderWindows`).
   */
  partitionedByMonth?: boolean;
}

/** Months `from` (inclusive) up to `before` (exclusive), open where unset. */
export interface MonthWindow {
  from?: string;
  before?: string;
}

/**
 * Where a partitioned table's rows are looked for once the recent window (`recent` and after) found none for some
 * regions, newest first: around `newest`, the table's newest month with rows before `recent` as its statistics
 * counted them (the month and the one before it, up to `recent`), then the year before those, then everything older;
 * without such a month, everything before `recent` at once.
 */
export function olderWindows(recent: string, newest: string | null): MonthWindow[] {
  if (!newest) return [{ before: recent }];
  const [around, yearBefore] = [addMonths(newest, -1), addMonths(newest, -13)];
  return [{ from: around, before: recent }, { from: yearBefore, before: around }, { before: yearBefore }];
}

/**
 * A dataset's `latestIn` (catalog/dataset.ts) for a table: per region asked, over its subtree, the latest row's time
 * along any of `paths` (a station's rows and a region's own values are one dataset). Each lookup is a backward scan of
 * an index ending in the time, so its cost does not grow with the rows: a table's own region column is probed per
 * region of the subtree (`IN (subtree)` read every row of the subtree up to `until`: 9,600 hot spots for 21 cities at
 * bench:history's 100×). Rows reached through another table are read per referenced row (the table's primary key:
 * referenced key, time); publications are read from `batch_regions` (dataset, region, time), not from the rows and
 * their batches.
 *
 * A table partitioned by month is read in windows the planner sees as literals, so that it plans and probes only
 * their months: first `until`'s month (or the current one) and the month before it, where live data lie, with one
 * statement for every region asked; then, for the regions without a row there that can hold rows at all, the
 * windows of `olderWindows`, one statement each, until every region has its row or the oldest month was read.
 */
export function latestInRegions(table: string, paths: RegionPath | readonly RegionPath[], time: RowTimeSource, options: LatestInOptions = {}) {
  const regionPaths: readonly RegionPath[] = Array.isArray(paths) ? paths : [paths];
  if ('publishedIn' in time) return latestPublication(time.publishedIn);
  const { column, kind } = time;
  // A month as the column compares: its first instant (CST), its first day, or itself.
  const monthLiteral = (month: string) => `'${month}${kind === 'instant' ? '-01 00:00:00+08' : kind === 'day' ? '-01' : ''}'`;

  /** The statement over one window, `until` as $2 when bounded; `provable`: also whether a region can hold rows. */
  function sql(window: MonthWindow, bounded: boolean, provable: boolean): string {
    const bounds = [
      window.from && `t.${column} >= ${monthLiteral(window.from)}`,
      window.before && `t.${column} < ${monthLiteral(window.before)}`,
      bounded && `t.${column} ${kind === 'instant' ? '<=' : '<'} $2`,
    ].filter(Boolean);
    const within = bounds.map((b) => ` AND ${b}`).join('');
    const latest = regionPaths.map((path) =>
      'column' in path
        ? `(SELECT max(l.latest) FROM region_subtree(r.code) s
            CROSS JOIN LATERAL (SELECT max(t.${column}) AS latest FROM ${table} t WHERE t.${path.column} = s.code${within}) l)`
        : `(SELECT max(m.latest) FROM ${path.via.table} x
            CROSS JOIN LATERAL (SELECT max(t.${column}) AS latest FROM ${table} t WHERE ${path.via.match}${within}) m
            WHERE x.${path.via.region} = ANY (${SUBTREE}))`,
    );
    // Rows reached through another table lie in a region only if a referenced row does: without one, none to look for.
    const possible = regionPaths.map((path) => ('column' in path ? 'true' : `EXISTS (SELECT FROM ${path.via.table} x WHERE x.${path.via.region} = ANY (${SUBTREE}))`));
    // Walking each region's subtree costs a few buffers, paid for nothing over a table without rows (a feed unused).
    const any = regionPaths.every((path) => 'column' in path) ? ` WHERE EXISTS (SELECT FROM ${table})` : '';
    return `SELECT r.code, ${latest.length > 1 ? `greatest(${latest.join(', ')})` : latest[0]} AS latest${provable ? `, ${possible.join(' OR ')} AS possible` : ''}
            FROM unnest($1::text[]) AS r (code)${any}`;
  }

  return async (db: Queryable, regionCodes: readonly string[], until?: Date): Promise<Map<string, Date | null>> => {
    const found = new Map<string, Date | null>(regionCodes.map((code) => [code, null]));
    /** Looks for the rows of `codes` in a window; returns the codes still without one that may have one. */
    const probe = async (codes: string[], window: MonthWindow, first: boolean): Promise<string[]> => {
      const bounded = first && until !== undefined;
      const rows: { code: string; latest: Date | string | null; possible?: boolean }[] = await db.query(
        sql(window, bounded, first && !!options.partitionedByMonth),
        bounded ? [codes, untilParameter(kind, until!)] : [codes],
      );
      for (const row of rows) if (row.latest !== null) found.set(row.code, rowTime(asRowTime(kind, row.latest)));
      return rows.filter((row) => row.latest === null && row.possible !== false).map((row) => row.code);
    };
    if (!found.size) return found;
    if (!options.partitionedByMonth) {
      await probe([...found.keys()], {}, true);
      return found;
    }
    // Every window after the first lies before it, so at or before `until`.
    const recent = addMonths(monthOf(until ?? new Date()), -1);
    let pending = await probe([...found.keys()], { from: recent }, true);
    if (pending.length) {
      for (const window of olderWindows(recent, await newestCountedMonth(db, table, recent))) {
        pending = await probe(pending, window, false);
        if (!pending.length) break;
      }
    }
    return found;
  };
}

/**
 * When the dataset last published into each region's subtree, at or before `until`: per region of the subtree, the
 * last entry of (dataset, region, time), as for a table's own region column (a region's publications grow with every
 * batch; read as one range over the subtree, all of them were).
 */
function latestPublication(dataset: string) {
  const sql = (bounded: boolean) =>
    `SELECT r.code, (SELECT max(l.latest) FROM region_subtree(r.code) s
                     CROSS JOIN LATERAL (SELECT max(p.received_at) AS latest FROM batch_regions p
                                         WHERE p.dataset = $2 AND p.region_code = s.code${bounded ? ' AND p.received_at <= $3' : ''}) l) AS latest
     FROM unnest($1::text[]) AS r (code) WHERE EXISTS (SELECT FROM batch_regions p WHERE p.dataset = $2)`;
  const [unbounded, bounded] = [sql(false), sql(true)];
  return async (db: Queryable, regionCodes: readonly string[], until?: Date): Promise<Map<string, Date | null>> => {
    const found = new Map<string, Date | null>(regionCodes.map((code) => [code, null]));
    if (!found.size) return found;
    // No row at all for a dataset that never published.
    const rows: { code: string; latest: Date | null }[] = until
      ? await db.query(bounded, [regionCodes, dataset, until])
      : await db.query(unbounded, [regionCodes, dataset]);
    for (const row of rows) found.set(row.code, row.latest);
    return found;
  };
}

/** `until` as the column compares: the instant, or the CST day or month it falls in (rows before it have ended). */
function untilParameter(kind: 'instant' | 'day' | 'month', until: Date): Date | string {
  if (kind === 'instant') return until;
  const day = cstDate(until);
  return kind === 'day' ? day : day.slice(0, 7);
}

function asRowTime(kind: 'instant' | 'day' | 'month', latest: Date | string): RowTime {
  if (kind === 'instant') return { instant: latest as Date };
  return kind === 'day' ? { day: latest as string } : { month: latest as string };
}
