import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { integer, regionCode } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';

/** E.g. Chengdu: eliminate 160,000 old vehicles, reach 300,000 new-energy vehicles. A row sets at least one target. */
export const vehicleTargets = defineDataset({
  id: 'vehicle-targets',
  owner: Department.COMMAND_CENTER,
  title: 'Vehicle targets',
  description: 'Yearly vehicle targets by region: old vehicles (China III and below) to eliminate, and the number of new-energy vehicles to reach.',
  cadence: 'on change',
  typeName: 'VehicleTarget',
  inputName: 'VehicleTargetInput',
  table: 'vehicle_targets',
  query: 'vehicleTargets',
  mutation: 'upsertVehicleTargets',
  time: 'year',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region' },
    year: { kind: integer(2000, 2100), key: true, description: 'Target year' },
    oldVehiclesToEliminate: { kind: integer(0, 10_000_000, 'vehicles'), description: 'Old vehicles (China III and below) to eliminate (淘汰国三及以下排放标准汽车)' },
    newEnergyVehiclesTarget: { kind: integer(0, 100_000_000, 'vehicles'), description: 'New-energy vehicles to reach (新能源汽车保有量)' },
  },
  checkRow(row, check) {
    if (row.oldVehiclesToEliminate === null && row.newEnergyVehiclesTarget === null) check.fail(null, RowErrorCode.EMPTY_ROW, 'the row sets no target');
  },
});
