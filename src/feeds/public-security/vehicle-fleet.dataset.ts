import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { enumeration, integer, month, regionCode } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';

export const VehicleClass = enumeration(
  'VehicleClass',
  ['PASSENGER_CAR', 'BUS', 'LIGHT_TRUCK', 'MEDIUM_TRUCK', 'HEAVY_TRUCK', 'MOTORCYCLE', 'OTHER'],
  'Class of a registered motor vehicle.',
  {
    PASSENGER_CAR: '小型、微型载客汽车 Passenger car (small and mini passenger vehicles)',
    BUS: '大型、中型载客汽车 Bus and coach (large and medium passenger vehicles)',
    LIGHT_TRUCK: '轻型、微型载货汽车 Light and mini truck',
    MEDIUM_TRUCK: '中型载货汽车 Medium truck',
    HEAVY_TRUCK: '重型载货汽车 Heavy truck (incl. tractors)',
    MOTORCYCLE: '摩托车 Motorcycle',
    OTHER: 'Other vehicles (special-purpose, low-speed, …)',
  },
);

export const Fuel = enumeration(
  'Fuel',
  ['GASOLINE', 'DIESEL', 'GAS', 'BATTERY_ELECTRIC', 'PLUG_IN_HYBRID', 'FUEL_CELL', 'OTHER'],
  'Fuel or energy of a vehicle; BATTERY_ELECTRIC, PLUG_IN_HYBRID and FUEL_CELL are the new-energy vehicles (新能源汽车).',
  {
    GASOLINE: '汽油 Gasoline (incl. conventional hybrids)',
    DIESEL: '柴油 Diesel',
    GAS: '燃气 Natural gas (CNG, LNG) or LPG',
    BATTERY_ELECTRIC: '纯电动 Battery electric',
    PLUG_IN_HYBRID: '插电式混合动力 Plug-in hybrid (incl. range-extended)',
    FUEL_CELL: '燃料电池 Fuel cell',
    OTHER: 'Other fuels',
  },
);

/** Vehicles with no exhaust have no emission standard: they are counted under NOT_APPLICABLE. */
export const EmissionStandard = enumeration(
  'EmissionStandard',
  ['CHINA_0', 'CHINA_1', 'CHINA_2', 'CHINA_3', 'CHINA_4', 'CHINA_5', 'CHINA_6', 'NOT_APPLICABLE'],
  'Emission standard of an on-road vehicle, China 0–VI (国0–国六, GB 18352 light-duty, GB 17691 heavy-duty).',
  {
    CHINA_0: '国零 Before China I (no emission standard at registration)',
    CHINA_1: '国一 China I',
    CHINA_2: '国二 China II',
    CHINA_3: '国三 China III',
    CHINA_4: '国四 China IV',
    CHINA_5: '国五 China V',
    CHINA_6: '国六 China VI (6a and 6b)',
    NOT_APPLICABLE: 'No exhaust: battery-electric and fuel-cell vehicles',
  },
);

const ZERO_EXHAUST = new Set(['BATTERY_ELECTRIC', 'FUEL_CELL']);

export const vehicleFleetMonthly = defineDataset({
  id: 'vehicle-fleet-monthly',
  owner: Department.PUBLIC_SECURITY,
  title: 'Registered vehicles, monthly',
  description: 'Motor vehicles registered at the end of each month by region, vehicle class, fuel and emission standard (China 0–VI): the change in vehicle ownership.',
  cadence: 'P1M',
  typeName: 'VehicleFleet',
  inputName: 'VehicleFleetInput',
  table: 'vehicle_fleet_monthly',
  query: 'vehicleFleet',
  mutation: 'ingestVehicleFleet',
  time: 'month',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region of registration' },
    month: { kind: month(), key: true, description: 'Month (CST); the count is at its end' },
    vehicleClass: { kind: VehicleClass, key: true, filter: true, description: 'Vehicle class' },
    fuel: { kind: Fuel, key: true, filter: true, description: 'Fuel' },
    emissionStandard: { kind: EmissionStandard, key: true, filter: true, description: 'Emission standard' },
    registeredVehicles: { kind: integer(0, 100_000_000, 'vehicles'), required: true, description: 'Registered vehicles (保有量)' },
  },
  checkRow(row, check) {
    if (row.fuel === 'OTHER') return;
    const zeroExhaust = ZERO_EXHAUST.has(row.fuel as string);
    if (zeroExhaust !== (row.emissionStandard === 'NOT_APPLICABLE')) {
      const why = zeroExhaust ? `${row.fuel as string} vehicles have no exhaust: use NOT_APPLICABLE` : `${row.fuel as string} vehicles have an emission standard`;
      check.fail('emissionStandard', RowErrorCode.INCONSISTENT, why);
    }
  },
});
