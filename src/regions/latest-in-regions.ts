import type { Queryable } from '../platform/db/queryable';
import { RowTime, rowTime } from '../indicators/math/joint/freshness';
import { cstDate } from '../indicators/math/time';

/**
 * Where a table's rows (`t`) get their region: a column of their own, or the row `x` of another table they reference
 * (a reading's site), `match` relating the two so that the table's primary key answers it.
 */
export type RegionPath = { column: string } | { via: { table: string; region: string; match: string } };

/** What a row's time is: a column holding an instant, a day or a month, or when its batch was published. */
export type RowTimeSource = { column: string; kind: 'instant' | 'day' | 'month' } | 'published';

/**
 * A dataset's `latestIn` (catalog/dataset.ts) for a table: one statement for every region asked, each over its
 * subtree. Rows reached through another table are read per referenced row, so each lookup is a backward scan of the
 * table's primary key (referenced key, time) rather than a scan of the table.
 */
export function latestInRegions(table: string, region: RegionPath, time: RowTimeSource) {
  const published = time === 'published';
  const value = published ? 'b.received_at' : `t.${time.column}`;
  const from = published ? `${table} t JOIN ingest_batches b ON b.id = t.batch_id` : `${table} t`;
  // Rows whose time is at or before $2: a day's row ends at the next midnight, a month's at the next month's first.
  const untilCondition = published || time.kind === 'instant' ? `${value} <= $2` : `${value} < $2`;
  const sqlUntil = (bounded: boolean) => {
    const where = bounded ? ` AND ${untilCondition}` : '';
    const latest =
      'column' in region
        ? `SELECT max(${value}) FROM ${from} WHERE t.${region.column} IN (SELECT code FROM region_subtree(r.code))${where}`
        : `SELECT max(m.latest) FROM ${region.via.table} x
           CROSS JOIN LATERAL (SELECT max(${value}) AS latest FROM ${from} WHERE ${region.via.match}${where}) m
           WHERE x.${region.via.region} IN (SELECT code FROM region_subtree(r.code))`;
    return `SELECT r.code, (${latest}) AS latest FROM unnest($1::text[]) AS r (code)`;
  };
  const [unbounded, bounded] = [sqlUntil(false), sqlUntil(true)];
  return async (db: Queryable, regionCodes: readonly string[], until?: Date): Promise<Map<string, Date | null>> => {
    if (!regionCodes.length) return new Map();
    const rows: { code: string; latest: Date | string | null }[] = until
      ? await db.query(bounded, [regionCodes, untilParameter(time, until)])
      : await db.query(unbounded, [regionCodes]);
    return new Map(rows.map((r) => [r.code, r.latest === null ? null : rowTime(asRowTime(time, r.latest))]));
  };
}

/** `until` as the column compares: the instant, or the CST day or month it falls in (rows before it have ended). */
function untilParameter(time: RowTimeSource, until: Date): Date | string {
  if (time === 'published' || time.kind === 'instant') return until;
  const day = cstDate(until);
  return time.kind === 'day' ? day : day.slice(0, 7);
}

function asRowTime(time: RowTimeSource, latest: Date | string): RowTime {
  if (time === 'published' || time.kind === 'instant') return { instant: latest as Date };
  return time.kind === 'day' ? { day: latest as string } : { month: latest as string };
}
