import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { amount, day, enumeration, integer, regionCode } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';

export const MunicipalVehicleType = enumeration('MunicipalVehicleType', ['MUCK_TRUCK', 'SANITATION'], 'Type of municipal vehicle tracked by the housing department.', {
  MUCK_TRUCK: '渣土车 Muck (spoil) truck',
  SANITATION: '环卫车 Sanitation vehicle (sweeping, washing, refuse)',
});

/** A vehicle covers at most 24 h × 120 km/h a day: more distance than that per active vehicle is inconsistent. */
const MAX_KM_PER_VEHICLE_DAY = 24 * 120;

export const municipalVehiclesDaily = defineDataset({
  id: 'municipal-vehicles-daily',
  owner: Department.HOUSING,
  title: 'Muck trucks and sanitation vehicles, daily',
  description: 'Muck trucks (渣土车) and sanitation vehicles (环卫车) by region, day and type: vehicles active, trips and distance driven.',
  cadence: 'P1D',
  typeName: 'MunicipalVehicleActivity',
  inputName: 'MunicipalVehicleActivityInput',
  table: 'municipal_vehicles_daily',
  query: 'municipalVehicleActivity',
  mutation: 'ingestMunicipalVehicleActivity',
  formerNames: { query: 'municipalVehicles', mutation: 'ingestMunicipalVehicles' },
  time: 'date',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region' },
    date: { kind: day(), key: true, description: 'Day (CST)' },
    vehicleType: { kind: MunicipalVehicleType, key: true, filter: true, description: 'Type of vehicle' },
    vehiclesActive: { kind: integer(0, 1_000_000, 'vehicles'), required: true, description: 'Vehicles active on the day' },
    trips: { kind: integer(0, 100_000_000, 'trips'), description: 'Trips made' },
    distance: { kind: amount(0, 1e9, 'km'), description: 'Distance driven, all vehicles together' },
  },
  checkRow(row, check) {
    const vehicles = row.vehiclesActive as number;
    if (vehicles === 0 && ((row.trips as number | null) ?? 0) > 0) {
      check.fail('trips', RowErrorCode.INCONSISTENT, 'trips were made but no vehicle was active');
    }
    const distance = row.distance as number | null;
    if (distance !== null && distance > vehicles * MAX_KM_PER_VEHICLE_DAY) {
      check.fail('distance', RowErrorCode.INCONSISTENT, `distance ${distance} km is more than ${MAX_KM_PER_VEHICLE_DAY} km for each of ${vehicles} active vehicles`);
    }
  },
});
