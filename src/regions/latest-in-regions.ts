import type { Queryable } from '../platform/db/queryable';
import { RowTime, rowTime } from '../indicators/math/joint/freshness';

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
  const latest =
    'column' in region
      ? `SELECT max(${value}) FROM ${from} WHERE t.${region.column} IN (SELECT code FROM region_subtree(r.code))`
      : `SELECT max(m.latest) FROM ${region.via.table} x
         CROSS JOIN LATERAL (SELECT max(${value}) AS latest FROM ${from} WHERE ${region.via.match}) m
         WHERE x.${region.via.region} IN (SELECT code FROM region_subtree(r.code))`;
  const sql = `SELECT r.code, (${latest}) AS latest FROM unnest($1::text[]) AS r (code)`;
  return async (db: Queryable, regionCodes: readonly string[]): Promise<Map<string, Date | null>> => {
    const rows: { code: string; latest: Date | string | null }[] = regionCodes.length ? await db.query(sql, [regionCodes]) : [];
    return new Map(rows.map((r) => [r.code, r.latest === null ? null : rowTime(asRowTime(time, r.latest))]));
  };
}

function asRowTime(time: RowTimeSource, latest: Date | string): RowTime {
  if (time === 'published' || time.kind === 'instant') return { instant: latest as Date };
  return time.kind === 'day' ? { day: latest as string } : { month: latest as string };
}
