import type { Queryable } from '../../platform/db/queryable';

export interface HotspotRow {
  id: string;
  detectedAt: Date;
  latitude: number;
  longitude: number;
  status: string;
}

/**
 * Forestry's hot spots, anywhere, detected in [since, until], that are no false alarm and lie in a latitude/longitude
 * box (a coarse filter: the indicator measures the distance).
 */
export async function hotspotsInBox(
  db: Queryable,
  box: { minLatitude: number; maxLatitude: number; minLongitude: number; maxLongitude: number },
  since: Date,
  until: Date,
): Promise<HotspotRow[]> {
  return db.query(
    `SELECT id, detected_at AS "detectedAt", latitude, longitude, status FROM fire_hotspots
     WHERE detected_at BETWEEN $1 AND $2 AND status <> 'FALSE_ALARM'
       AND latitude BETWEEN $3 AND $4 AND longitude BETWEEN $5 AND $6`,
    [since, until, box.minLatitude, box.maxLatitude, box.minLongitude, box.maxLongitude],
  );
}

/** When the latest hot spot anywhere was detected (hot spots count wherever they are). */
export async function latestHotspot(db: Queryable): Promise<Date | null> {
  const [row]: { latest: Date | null }[] = await db.query('SELECT max(detected_at) AS latest FROM fire_hotspots');
  return row.latest;
}
