import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { amount, day, enumeration, integer, reference, text } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';

/**
 * Emission stages of non-road mobile machinery (非道路移动机械, GB 20891): China I and II (2007), III (2014), IV
 * (from December 2022). Machines older than China I and machines without exhaust (electric) are counted too, so a
 * site's whole fleet has a stage.
 */
export const NonRoadEmissionStage = enumeration(
  'NonRoadEmissionStage',
  ['PRE_CHINA_I', 'CHINA_I', 'CHINA_II', 'CHINA_III', 'CHINA_IV', 'ELECTRIC'],
  'Emission stage of non-road mobile machinery (GB 20891).',
  {
    PRE_CHINA_I: '国一前 Before China I: no emission type approval',
    CHINA_I: '国一 China I',
    CHINA_II: '国二 China II',
    CHINA_III: '国三 China III',
    CHINA_IV: '国四 China IV (from 1 December 2022)',
    ELECTRIC: '电动 Battery-electric or mains-powered: no exhaust',
  },
);

/** Operating hours are at most 24 h per machine in use (the field limit is generous; the row check is exact). */
export const constructionMachineryDaily = defineDataset({
  id: 'construction-machinery-daily',
  owner: Department.HOUSING,
  title: 'Construction machinery in use, daily',
  description: 'Non-road mobile machinery in use on each construction site each day, by emission stage (China I–IV): machines in use and their operating hours.',
  cadence: 'P1D',
  typeName: 'ConstructionMachineryUse',
  inputName: 'ConstructionMachineryUseInput',
  table: 'construction_machinery_daily',
  query: 'constructionMachineryUse',
  mutation: 'ingestConstructionMachineryUse',
  formerNames: { query: 'constructionMachinery', mutation: 'ingestConstructionMachinery' },
  time: 'date',
  regionVia: 'siteId',
  fields: {
    siteId: { kind: reference('construction-sites', text({ maxLength: 64 })), key: true, filter: true, relation: 'site', description: 'Construction site' },
    date: { kind: day(), key: true, description: 'Day (CST)' },
    emissionStage: { kind: NonRoadEmissionStage, key: true, filter: true, description: 'Emission stage of the machines' },
    machinesInUse: { kind: integer(0, 10_000, 'machines'), required: true, description: 'Machines of this stage in use on the day' },
    operatingHours: { kind: amount(0, 240_000, 'h'), description: 'Operating hours of these machines together on the day (at most 24 h per machine)' },
  },
  checkRow(row, check) {
    const machines = row.machinesInUse as number;
    const hours = row.operatingHours as number | null;
    if (hours !== null && hours > 24 * machines) {
      check.fail('operatingHours', RowErrorCode.INCONSISTENT, `operatingHours ${hours} h is more than 24 h for each of ${machines} machines`);
    }
  },
});
