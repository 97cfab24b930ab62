import type { Queryable } from '../../platform/db/queryable';

/** Public Security's fleet rows of a region's subtree for some months, summed per region, month, fuel and standard. */
export async function fleetRows(
  db: Queryable,
  regionCode: string,
  months: readonly string[],
): Promise<{ regionCode: string; month: string; fuel: string; emissionStandard: string; registeredVehicles: number }[]> {
  const rows: { region_code: string; month: string; fuel: string; emission_standard: string; vehicles: string }[] = await db.query(
    `SELECT region_code, month, fuel, emission_standard, sum(registered_vehicles) AS vehicles FROM vehicle_fleet_monthly
     WHERE region_code IN (SELECT code FROM region_subtree($1)) AND month = ANY($2::text[])
     GROUP BY region_code, month, fuel, emission_standard`,
    [regionCode, months],
  );
  return rows.map((r) => ({ regionCode: r.region_code, month: r.month, fuel: r.fuel, emissionStandard: r.emission_standard, registeredVehicles: Number(r.vehicles) }));
}
