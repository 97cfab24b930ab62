import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { integer, month, regionCode } from '../../datasets/field-kinds';

export const fuelFacilitiesMonthly = defineDataset({
  id: 'fuel-facilities-monthly',
  owner: Department.ECONOMY,
  title: 'Filling stations and oil depots, monthly',
  description: 'Number of filling (gas) stations (加油站) and oil depots (储油库) in operation, by region and month.',
  cadence: 'P1M',
  typeName: 'FuelFacility',
  // Input type names have no alias: clients declare them in their variables, so this one kept its plural (docs/architecture.md, Naming).
  inputName: 'FuelFacilitiesInput',
  table: 'fuel_facilities_monthly',
  query: 'fuelFacilities',
  mutation: 'ingestFuelFacilities',
  time: 'month',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region' },
    month: { kind: month(), key: true, description: 'Month (CST)' },
    gasStations: { kind: integer(0, 1_000_000, 'stations'), required: true, description: 'Filling (gas) stations (加油站)' },
    oilDepots: { kind: integer(0, 100_000, 'depots'), required: true, description: 'Oil depots (储油库)' },
  },
});
