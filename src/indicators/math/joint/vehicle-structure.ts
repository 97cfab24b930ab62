/** Indicators §5.5: the fleet's structure (new energy, China III and below) against the year's targets. */

export const NEW_ENERGY_FUELS: ReadonlySet<string> = new Set(['BATTERY_ELECTRIC', 'PLUG_IN_HYBRID', 'FUEL_CELL']);
export const CHINA_III_AND_BELOW: ReadonlySet<string> = new Set(['CHINA_0', 'CHINA_1', 'CHINA_2', 'CHINA_3']);

export interface FleetRow {
  regionCode: string;
  month: string;
  fuel: string;
  emissionStandard: string;
  registeredVehicles: number;
}

export interface VehicleCounts {
  vehicles: number;
  newEnergy: number;
  chinaIIIAndBelow: number;
}

const sum = (counts: readonly VehicleCounts[]): VehicleCounts =>
  counts.reduce((a, c) => ({ vehicles: a.vehicles + c.vehicles, newEnergy: a.newEnergy + c.newEnergy, chinaIIIAndBelow: a.chinaIIIAndBelow + c.chinaIIIAndBelow }), {
    vehicles: 0,
    newEnergy: 0,
    chinaIIIAndBelow: 0,
  });

function countRows(rows: readonly FleetRow[]): VehicleCounts {
  return sum(
    rows.map((r) => ({
      vehicles: r.registeredVehicles,
      newEnergy: NEW_ENERGY_FUELS.has(r.fuel) ? r.registeredVehicles : 0,
      chinaIIIAndBelow: CHINA_III_AND_BELOW.has(r.emissionStandard) ? r.registeredVehicles : 0,
    })),
  );
}

/**
 * A region's counts for a month: its own rows when it has any that month, else the sum of its children's counts by
 * the same rule (a city's total and its counties' never count twice); null with neither.
 */
export function regionCounts(
  regionCode: string,
  month: string,
  rows: readonly FleetRow[],
  childrenOf: ReadonlyMap<string, readonly string[]>,
): VehicleCounts | null {
  const own = rows.filter((r) => r.regionCode === regionCode && r.month === month);
  if (own.length) return countRows(own);
  const children = (childrenOf.get(regionCode) ?? [])
    .map((child) => regionCounts(child, month, rows, childrenOf))
    .filter((c): c is VehicleCounts => c !== null);
  return children.length ? sum(children) : null;
}

export interface VehicleTarget {
  year: number;
  oldVehiclesToEliminate: number | null;
  newEnergyVehiclesTarget: number | null;
}

export interface VehicleStructureResult {
  vehicles: number | null;
  newEnergy: number | null;
  newEnergyShare: number | null;
  chinaIIIAndBelow: number | null;
  startOfYear: VehicleCounts | null;
  vehiclesChange: number | null;
  newEnergyChange: number | null;
  chinaIIIAndBelowChange: number | null;
  target: {
    year: number;
    eliminated: number | null;
    oldVehiclesToEliminate: number | null;
    eliminatedPercent: number | null;
    newEnergy: number | null;
    newEnergyVehiclesTarget: number | null;
    newEnergyPercent: number | null;
  } | null;
}

/** The month before the year of `month` began: December of the previous year. */
export const decemberBefore = (month: string): string => `${String(Number(month.slice(0, 4)) - 1).padStart(4, '0')}-12`;

const percentOf = (value: number | null, target: number | null) => (value === null || target === null || target === 0 ? null : (value / target) * 100);
const change = (now: number | null, before: number | null) => (now === null || before === null ? null : now - before);

/** A region's structure for a month, since the year's start (December before), against its target for the year. */
export function vehicleStructure(input: {
  regionCode: string;
  month: string;
  rows: readonly FleetRow[];
  childrenOf: ReadonlyMap<string, readonly string[]>;
  target: VehicleTarget | null;
}): VehicleStructureResult {
  const now = regionCounts(input.regionCode, input.month, input.rows, input.childrenOf);
  const start = regionCounts(input.regionCode, decemberBefore(input.month), input.rows, input.childrenOf);
  const eliminated = change(start?.chinaIIIAndBelow ?? null, now?.chinaIIIAndBelow ?? null);
  const { target } = input;
  return {
    vehicles: now?.vehicles ?? null,
    newEnergy: now?.newEnergy ?? null,
    newEnergyShare: now && now.vehicles > 0 ? (now.newEnergy / now.vehicles) * 100 : null,
    chinaIIIAndBelow: now?.chinaIIIAndBelow ?? null,
    startOfYear: start,
    vehiclesChange: change(now?.vehicles ?? null, start?.vehicles ?? null),
    newEnergyChange: change(now?.newEnergy ?? null, start?.newEnergy ?? null),
    chinaIIIAndBelowChange: change(now?.chinaIIIAndBelow ?? null, start?.chinaIIIAndBelow ?? null),
    target: target && {
      year: target.year,
      eliminated,
      oldVehiclesToEliminate: target.oldVehiclesToEliminate,
      eliminatedPercent: percentOf(eliminated, target.oldVehiclesToEliminate),
      newEnergy: now?.newEnergy ?? null,
      newEnergyVehiclesTarget: target.newEnergyVehiclesTarget,
      newEnergyPercent: percentOf(now?.newEnergy ?? null, target.newEnergyVehiclesTarget),
    },
  };
}
