import type { Queryable } from '../../platform/db/queryable';

/** A region's own vehicle target for a year, if it has one. */
export async function vehicleTarget(
  db: Queryable,
  regionCode: string,
  year: number,
): Promise<{ year: number; oldVehiclesToEliminate: number | null; newEnergyVehiclesTarget: number | null } | undefined> {
  const [row] = await db.query(
    `SELECT year, old_vehicles_to_eliminate AS "oldVehiclesToEliminate", new_energy_vehicles_target AS "newEnergyVehiclesTarget"
     FROM vehicle_targets WHERE region_code = $1 AND year = $2`,
    [regionCode, year],
  );
  return row;
}
