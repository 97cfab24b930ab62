import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { amount, month, regionCode } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';
import { Industry } from './enterprise.dataset';

/**
 * Key-industry energy use by region, industry and month. Either figure may come alone (electricity is known before the
 * energy balance), not neither. Limits are physical: a whole province uses some 10⁸ tce and 10⁷ ×10⁴ kWh a year.
 */
export const industryEnergyMonthly = defineDataset({
  id: 'industry-energy-monthly',
  owner: Department.ECONOMY,
  title: 'Key-industry energy use, monthly',
  description: 'Total energy use (tonnes of standard coal equivalent) and electricity (10⁴ kWh) of each key industry, by region and month.',
  cadence: 'P1M',
  typeName: 'IndustryEnergy',
  inputName: 'IndustryEnergyInput',
  table: 'industry_energy_monthly',
  query: 'industryEnergy',
  mutation: 'ingestIndustryEnergy',
  time: 'month',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region' },
    industry: { kind: Industry, key: true, filter: true, description: 'Industry' },
    month: { kind: month(), key: true, description: 'Month (CST)' },
    totalEnergy: { kind: amount(0, 1e9, 'tce'), description: 'Total energy use, tonnes of standard coal equivalent (吨标准煤)' },
    electricity: { kind: amount(0, 1e8, '10⁴ kWh'), description: 'Electricity used (万千瓦时)' },
  },
  checkRow(row, check) {
    if (row.totalEnergy === null && row.electricity === null) check.fail(null, RowErrorCode.EMPTY_ROW, 'the row carries neither totalEnergy nor electricity');
  },
});
