import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { amount, creditCode, day, reference } from '../../datasets/field-kinds';

export const enterpriseElectricityDaily = defineDataset({
  id: 'enterprise-electricity-daily',
  owner: Department.ECONOMY,
  title: 'Enterprise electricity (daily)',
  description: 'Electricity used by each enterprise each day (用电监控).',
  cadence: 'P1D',
  typeName: 'EnterpriseElectricity',
  inputName: 'EnterpriseElectricityInput',
  table: 'enterprise_electricity_daily',
  query: 'enterpriseElectricity',
  mutation: 'ingestEnterpriseElectricity',
  time: 'date',
  partitionedByMonth: true,
  regionVia: 'creditCode',
  fields: {
    creditCode: { kind: reference('enterprises', creditCode()), key: true, filter: true, relation: 'enterprise', description: 'Enterprise' },
    date: { kind: day(), key: true, description: 'Day (CST)' },
    electricity: { kind: amount(0, 1e9, 'kWh'), required: true, description: 'Electricity used in the day' },
  },
});
