import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { enumeration, instant, regionCode } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';
import { cstIso } from '../../platform/cst';

/** 重污染天气预警级别: the colour of a heavy-pollution weather alert and the emergency response it triggers. */
export const AlertLevel = enumeration(
  'AlertLevel',
  ['YELLOW', 'ORANGE', 'RED'],
  'Level of a heavy-pollution weather alert (重污染天气预警), from the lowest to the highest.',
  {
    YELLOW: '黄色预警 Yellow alert: level Ⅲ emergency response (Ⅲ级响应)',
    ORANGE: '橙色预警 Orange alert: level Ⅱ emergency response (Ⅱ级响应)',
    RED: '红色预警 Red alert: level Ⅰ emergency response (Ⅰ级响应)',
  },
);

/** An alert is often issued ahead of its start, so the start may lie in the future; it is issued by now. */
export const heavyPollutionAlerts = defineDataset({
  id: 'heavy-pollution-alerts',
  owner: Department.ECOLOGY,
  title: 'Heavy-pollution weather alerts (重污染天气预警)',
  description:
    'Heavy-pollution weather alerts by region and start: level YELLOW/ORANGE/RED (Ⅲ/Ⅱ/Ⅰ response), when issued, when they start and end (open while the end is unknown). Re-publishing a region and start updates the alert (a raised level, its end).',
  cadence: 'on change',
  typeName: 'HeavyPollutionAlert',
  inputName: 'HeavyPollutionAlertInput',
  table: 'heavy_pollution_alerts',
  query: 'heavyPollutionAlerts',
  mutation: 'ingestHeavyPollutionAlerts',
  time: 'startsAt',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region the alert covers' },
    startsAt: { kind: instant({ future: true }), key: true, description: 'When the alert (and its emergency response) starts; may lie ahead' },
    level: { kind: AlertLevel, required: true, filter: true, description: 'Alert level' },
    issuedAt: { kind: instant(), required: true, description: 'When the alert was issued (not in the future)' },
    endsAt: { kind: instant({ future: true }), description: 'When the alert ends (lifted or planned); null while open' },
  },
  checkRow(row, check) {
    const { startsAt, endsAt } = row as { startsAt: Date; endsAt: Date | null };
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
      check.fail('endsAt', RowErrorCode.INCONSISTENT, `endsAt ${cstIso(endsAt)} is not after startsAt ${cstIso(startsAt)}`);
    }
  },
});
