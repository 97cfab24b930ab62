import type { Queryable } from '../../platform/db/queryable';

/** Ecology's statements on heavy-pollution alerts for the joint indicators (§5.2, §5.7). */

export interface AlertRow {
  regionCode: string;
  startsAt: Date;
  level: 'YELLOW' | 'ORANGE' | 'RED';
  issuedAt: Date;
  endsAt: Date | null;
  batchId: string;
}

const COLUMNS = `region_code AS "regionCode", starts_at AS "startsAt", level, issued_at AS "issuedAt", ends_at AS "endsAt", batch_id AS "batchId"`;

export async function alertByKey(db: Queryable, regionCode: string, startsAt: Date): Promise<AlertRow | undefined> {
  const [row]: AlertRow[] = await db.query(`SELECT ${COLUMNS} FROM heavy_pollution_alerts WHERE region_code = $1 AND starts_at = $2`, [regionCode, startsAt]);
  return row;
}

/** The alerts of one region (its own, not its subtree's) that start before `before`. */
export async function earlierAlerts(db: Queryable, regionCode: string, before: Date): Promise<AlertRow[]> {
  return db.query(`SELECT ${COLUMNS} FROM heavy_pollution_alerts WHERE region_code = $1 AND starts_at < $2 ORDER BY starts_at`, [regionCode, before]);
}

/** Each region's own alert active at `at` (started, not yet ended), the latest started when several are. */
export async function activeAlerts(db: Queryable, regionCodes: readonly string[], at: Date): Promise<AlertRow[]> {
  return db.query(
    `SELECT DISTINCT ON (region_code) ${COLUMNS} FROM heavy_pollution_alerts
     WHERE region_code = ANY($1::text[]) AND starts_at <= $2 AND (ends_at IS NULL OR $2 < ends_at)
     ORDER BY region_code, starts_at DESC`,
    [regionCodes, at],
  );
}

/** The alerts a batch stored or changed (a re-sent, identical alert keeps the batch that first stored it). */
export async function alertsOfBatch(db: Queryable, batchId: string): Promise<AlertRow[]> {
  return db.query(`SELECT ${COLUMNS} FROM heavy_pollution_alerts WHERE batch_id = $1 ORDER BY region_code, starts_at`, [batchId]);
}
