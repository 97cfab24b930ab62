import type { Queryable } from '../../platform/db/queryable';

/** Housing's statements for the joint indicators (§5.2, §5.6, §5.7): sites, their machinery, dust and muck trucks. */

export interface SiteRow {
  region: string;
  id: string;
  status: string;
  startDate: string | null;
  endDate: string | null;
  dustMonitor: boolean;
}

/**
 * The sites of each region's subtree: one statement, through their region index, the subtree given as an array (joined
 * to the subtree, the planner hashed every site of the table once the country's outnumber the province's); OFFSET 0
 * keeps it a subquery per region, where the array is walked once, not again for every site a join filters.
 */
export async function sitesInRegions(db: Queryable, regionCodes: readonly string[]): Promise<SiteRow[]> {
  return db.query(
    `SELECT r.code AS region, c.id, c.status, c.start_date AS "startDate", c.end_date AS "endDate", c.dust_monitor AS "dustMonitor"
     FROM unnest($1::text[]) AS r (code)
     CROSS JOIN LATERAL (SELECT * FROM construction_sites c WHERE c.region_code = ANY (ARRAY(SELECT code FROM region_subtree(r.code))) OFFSET 0) c`,
    [regionCodes],
  );
}

/** Machinery of the ACTIVE sites of a region's subtree over [from, to], a row per site, day and emission stage. */
export async function activeSiteMachinery(
  db: Queryable,
  regionCode: string,
  from: string,
  to: string,
): Promise<{ siteId: string; date: string; machinesInUse: number; operatingHours: number | null }[]> {
  return db.query(
    `SELECT m.site_id AS "siteId", m.date, m.machines_in_use AS "machinesInUse", m.operating_hours AS "operatingHours"
     FROM construction_sites c JOIN construction_machinery_daily m ON m.site_id = c.id
     WHERE c.status = 'ACTIVE' AND c.region_code IN (SELECT code FROM region_subtree($1)) AND m.date BETWEEN $2::date AND $3::date`,
    [regionCode, from, to],
  );
}

/** MUCK_TRUCK activity of a region's subtree over [from, to], a row per region and day. */
export async function muckTrucks(db: Queryable, regionCode: string, from: string, to: string): Promise<{ date: string; vehiclesActive: number; trips: number | null }[]> {
  return db.query(
    `SELECT date, vehicles_active AS "vehiclesActive", trips FROM municipal_vehicles_daily
     WHERE vehicle_type = 'MUCK_TRUCK' AND region_code IN (SELECT code FROM region_subtree($1)) AND date BETWEEN $2::date AND $3::date`,
    [regionCode, from, to],
  );
}

/**
 * The site-hours H in (since, until] of a region's subtree, `since` and `until` on the hour: for each site and H, the
 * mean PM10 of its readings stamped in (H − 1 h, H], from the site-hour rollup (site-dust-hours.rollup.ts).
 */
export async function siteHours(db: Queryable, regionCode: string, since: Date, until: Date): Promise<{ siteId: string; hour: Date; pm10Mean: number }[]> {
  return db.query(
    `SELECT h.site_id AS "siteId", h.hour, h.pm10_sum / h.readings AS "pm10Mean"
     FROM construction_sites c JOIN site_dust_hours h ON h.site_id = c.id
     WHERE c.region_code IN (SELECT code FROM region_subtree($1)) AND h.hour > $2 AND h.hour <= $3`,
    [regionCode, since, until],
  );
}
