import { QueuedWork } from '../../catalog/feed';
import type { HourlyRollup } from '../../datasets/aggregate-sql';
import type { Queryable } from '../../platform/db/queryable';
import { RollupQueue, queueEntries } from '../../ingest/queued-rollup';

/** The hour H whose (H − 1 h, H] holds a reading stamped `stamp` (SQL; `siteHourOf` in the math). */
const hourOf = (stamp: string) => `to_timestamp(ceil(extract(epoch FROM ${stamp}) / 3600) * 3600)`;

/**
 * Recomputes exactly the given site-hours from their readings, inside the caller's transaction: two statements
 * whatever their number. A site-hour left without readings is deleted. The readings are also bounded by the span
 * of all the hours ($3, $4, constants: an expression such as `$3 - interval '1 hour'` is worked out only as the
 * statement runs): the table is partitioned by month, and only bounds known when the statement is planned leave out
 * the months no hour needs.
 */
export async function refreshSiteDustHours(db: Queryable, siteIds: readonly string[], hours: readonly Date[]): Promise<void> {
  if (!siteIds.length) return;
  const targets = 'SELECT DISTINCT * FROM unnest($1::text[], $2::timestamptz[]) AS t (site_id, hour)';
  await db.query(`DELETE FROM site_dust_hours h USING (${targets}) t WHERE h.site_id = t.site_id AND h.hour = t.hour`, [siteIds, hours]);
  let [first, last] = [Infinity, -Infinity];
  for (const hour of hours) [first, last] = [Math.min(first, hour.getTime()), Math.max(last, hour.getTime())];
  await db.query(
    `INSERT INTO site_dust_hours (site_id, hour, readings, pm10_sum, pm10_min, pm10_max)
     SELECT t.site_id, t.hour, count(*), sum(d.pm10), min(d.pm10), max(d.pm10)
     FROM (${targets}) t
     JOIN site_dust_readings d ON d.site_id = t.site_id AND d.observed_at > t.hour - interval '1 hour' AND d.observed_at <= t.hour
       AND d.observed_at > $3::timestamptz AND d.observed_at <= $4::timestamptz
     GROUP BY 1, 2`,
    [siteIds, hours, new Date(first - 3_600_000), new Date(last)],
  );
}

/** The readings a write changed (their key columns): queues their site-hours, one statement. */
export function queueSiteDustHours(tx: Queryable, changed: { site_id: string; observed_at: Date }[]): Promise<QueuedWork | undefined> {
  return queueEntries(
    tx,
    'site_dust_hour_queue',
    ['site_id', 'hour'],
    `SELECT DISTINCT site_id, ${hourOf('observed_at')} FROM unnest($1::text[], $2::timestamptz[]) AS c (site_id, observed_at)`,
    [changed.map((c) => c.site_id), changed.map((c) => c.observed_at)],
  );
}

/** Housing's site-hour dust rollup (`site_dust_hours`), kept from its queue by `ingest/queued-rollup.ts`. */
export const SITE_DUST_HOURS: RollupQueue = {
  name: 'site-dust-hour rollup',
  table: 'site_dust_hour_queue',
  lock: 7_301_774_063,
  // A site-hour is four readings: a pass can take many.
  passEntries: 10_000,
  // An hour H reads the readings stamped in (H − 1 h, H].
  source: { table: 'site_dust_readings', earliestRow: "hour - interval '1 hour'" },
  refresh: (tx, taken) =>
    refreshSiteDustHours(
      tx,
      taken.map((t) => t.site_id as string),
      taken.map((t) => t.hour as Date),
    ),
};

/**
 * `site_dust_hours` as the aggregate of the readings reads it (`siteDustReadingsAggregate`): per site and hour, the
 * readings and their PM10 (required, so counted by the readings). PM2.5 and TSP are not in it.
 */
export const SITE_DUST_HOURS_AGGREGATE: HourlyRollup = {
  table: 'site_dust_hours',
  rows: 'readings',
  measures: { pm10: { count: 'readings', sum: 'pm10_sum', min: 'pm10_min', max: 'pm10_max' } },
};
