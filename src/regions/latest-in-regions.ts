import type { Queryable } from '../platform/db/queryable';
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
 * A dataset's `latestIn` (catalog/dataset.ts) for a table: one statement for every region asked, each over its
 * subtree, each lookup a backward scan of an index ending in the time, so its cost does not grow with the history.
 * Rows reached through another table are read per referenced row (the table's primary key: referenced key, time);
 * publications are read from `batch_regions` (dataset, region, time), not from the rows and their batches.
 */
export function latestInRegions(table: string, region: RegionPath, time: RowTimeSource) {
  const published = 'publishedIn' in time;
  // $1 the regions, then the dataset of a publication, then the time the rows are at or before: a day's row ends at
  // the next midnight, a month's at the next month's first.
  const dataset = published ? [time.publishedIn] : [];
  const until = (value: string, bounded: boolean) =>
    bounded ? ` AND ${value} ${published || time.kind === 'instant' ? '<=' : '<'} $${2 + dataset.length}` : '';
  const sqlUntil = (bounded: boolean) => {
    let latest: string;
    if (published) {
      latest = `SELECT max(p.received_at) FROM batch_regions p
                WHERE p.dataset = $2 AND p.region_code IN (SELECT code FROM region_subtree(r.code))${until('p.received_at', bounded)}`;
    } else if ('column' in region) {
      latest = `SELECT max(t.${time.column}) FROM ${table} t WHERE t.${region.column} IN (SELECT code FROM region_subtree(r.code))${until(`t.${time.column}`, bounded)}`;
    } else {
      latest = `SELECT max(m.latest) FROM ${region.via.table} x
                CROSS JOIN LATERAL (SELECT max(t.${time.column}) AS latest FROM ${table} t WHERE ${region.via.match}${until(`t.${time.column}`, bounded)}) m
                WHERE x.${region.via.region} IN (SELECT code FROM region_subtree(r.code))`;
    }
    return `SELECT r.code, (${latest}) AS latest FROM unnest($1::text[]) AS r (code)`;
  };
  const [unbounded, bounded] = [sqlUntil(false), sqlUntil(true)];
  return async (db: Queryable, regionCodes: readonly string[], until?: Date): Promise<Map<string, Date | null>> => {
    if (!regionCodes.length) return new Map();
    const rows: { code: string; latest: Date | string | null }[] = until
      ? await db.query(bounded, [regionCodes, ...dataset, untilParameter(time, until)])
      : await db.query(unbounded, [regionCodes, ...dataset]);
    return new Map(rows.map((r) => [r.code, r.latest === null ? null : rowTime(asRowTime(time, r.latest))]));
  };
}

/** `until` as the column compares: the instant, or the CST day or month it falls in (rows before it have ended). */
function untilParameter(time: RowTimeSource, until: Date): Date | string {
  if ('publishedIn' in time || time.kind === 'instant') return until;
  const day = cstDate(until);
  return time.kind === 'day' ? day : day.slice(0, 7);
}

function asRowTime(time: RowTimeSource, latest: Date | string): RowTime {
  if ('publishedIn' in time || time.kind === 'instant') return { instant: latest as Date };
  return time.kind === 'day' ? { day: latest as string } : { month: latest as string };
}
