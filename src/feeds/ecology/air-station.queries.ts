import type { Queryable } from '../../platform/db/queryable';

/** The evaluation stations (indicators §2) of regions that have a position, by region: one statement. */
export async function evaluationStationPositions(
  db: Queryable,
  regionCodes: readonly string[],
): Promise<Map<string, { code: string; latitude: number; longitude: number }[]>> {
  const rows: { region_code: string; code: string; latitude: number; longitude: number }[] = await db.query(
    `SELECT req.code AS region_code, s.code, s.latitude, s.longitude
     FROM unnest($1::text[]) AS req (code) CROSS JOIN LATERAL evaluation_stations_of(req.code) AS e
     JOIN air_stations s ON s.code = e.station_code
     WHERE s.latitude IS NOT NULL AND s.longitude IS NOT NULL
     ORDER BY req.code, s.code`,
    [regionCodes],
  );
  const byRegion = new Map<string, { code: string; latitude: number; longitude: number }[]>(regionCodes.map((c) => [c, []]));
  for (const r of rows) byRegion.get(r.region_code)!.push({ code: r.code, latitude: r.latitude, longitude: r.longitude });
  return byRegion;
}
