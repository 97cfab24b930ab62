import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { creditCode, enumeration, flag, regionCode, text } from '../../datasets/field-kinds';

/** The key industries of the Measures (seed 000, annex 1: steel incl. independent coking, nonferrous, building materials…). */
export const Industry = enumeration(
  'Industry',
  ['STEEL', 'NONFERROUS_SMELTING', 'BUILDING_MATERIALS', 'PETROCHEMICAL', 'FURNITURE', 'CHEMICAL', 'POWER', 'OTHER'],
  'Industry of an enterprise.',
  {
    STEEL: '钢铁（含独立焦化）Steel, incl. independent coking',
    NONFERROUS_SMELTING: '有色金属冶炼 Nonferrous smelting',
    BUILDING_MATERIALS: '建材 Building materials',
    PETROCHEMICAL: '石化 Petrochemical',
    FURNITURE: '家具制造 Furniture',
    CHEMICAL: '化工 Chemical',
    POWER: '电力 Power generation',
    OTHER: '其他 Any other industry',
  },
);

export const PerformanceGrade = enumeration('PerformanceGrade', ['A', 'B', 'C', 'UNGRADED'], '绩效分级: emergency performance grade; A is exempt from emergency cuts.', {
  A: 'A级 Exempt from the required emergency cuts; not listed in emergency compliance (docs/indicators.md §5.2)',
  B: 'B级 Must cut by the alert level\'s percentage during an alert (§5.2)',
  C: 'C级 Must cut by the alert level\'s percentage during an alert (§5.2)',
  UNGRADED: '未分级 Not graded: must cut during an alert like B and C (§5.2)',
});

export const enterprises = defineDataset({
  id: 'enterprises',
  owner: Department.ECONOMY,
  title: 'Enterprises',
  description: 'Industrial enterprises by unified social credit code: region, industry, key-industry flag, performance grade, emergency control list.',
  cadence: 'on change',
  typeName: 'Enterprise',
  inputName: 'EnterpriseInput',
  table: 'enterprises',
  query: 'enterprises',
  mutation: 'upsertEnterprises',
  federationKey: 'creditCode',
  fields: {
    creditCode: { kind: creditCode(), key: true, description: 'Unified social credit code (GB 32100, 18 characters with check character)' },
    name: { kind: text({ maxLength: 200 }), required: true, description: 'Name' },
    regionCode: { kind: regionCode(), required: true, description: 'Region of the site' },
    industry: { kind: Industry, required: true, filter: true, description: 'Industry' },
    keyIndustry: { kind: flag(), required: true, filter: true, description: 'In a key industry of the Measures' },
    performanceGrade: { kind: PerformanceGrade, required: true, filter: true, description: 'Emergency performance grade (绩效分级)' },
    onEmergencyControlList: { kind: flag(), required: true, filter: true, description: 'On the emergency control list (应急管控清单)' },
  },
});
