import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { amount, enumeration, identifier, instant, regionCode } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';
import { cstIso } from '../../platform/cst';

export const PlannedBurnStatus = enumeration('PlannedBurnStatus', ['PLANNED', 'APPROVED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'], 'State of a planned burn.', {
  PLANNED: '计划 Planned, not yet approved',
  APPROVED: '已批准 Approved',
  IN_PROGRESS: '实施中 Burning',
  COMPLETED: '已完成 Completed',
  CANCELLED: '已取消 Cancelled or postponed indefinitely',
});

/** Planned times may lie ahead; the end comes after the start. */
export const plannedBurns = defineDataset({
  id: 'planned-burns',
  owner: Department.FORESTRY,
  title: 'Planned burns (计划烧除)',
  description: 'Planned (prescribed) burns by burn id: region, location, planned start and end, area and status.',
  cadence: 'on change',
  typeName: 'PlannedBurn',
  inputName: 'PlannedBurnInput',
  table: 'planned_burns',
  query: 'plannedBurns',
  mutation: 'ingestPlannedBurns',
  time: 'startsAt',
  coordinates: true,
  fields: {
    id: { kind: identifier({ pattern: /^[A-Za-z0-9_-]{1,64}$/, what: 'a burn id (letters, digits, _ and -, at most 64)' }), key: true, description: 'Burn id, as the forestry department assigns it' },
    regionCode: { kind: regionCode(), required: true, description: 'Region of the burn' },
    startsAt: { kind: instant({ future: true }), required: true, formerName: 'plannedStart', description: 'Planned start; may lie ahead' },
    endsAt: { kind: instant({ future: true }), required: true, formerName: 'plannedEnd', description: 'Planned end, after the start; may lie ahead' },
    area: { kind: amount(0, 1e6, 'ha'), description: 'Area to burn' },
    status: { kind: PlannedBurnStatus, required: true, filter: true, description: 'Status' },
  },
  checkRow(row, check) {
    const start = row.startsAt as Date;
    const end = row.endsAt as Date;
    if (end.getTime() <= start.getTime()) {
      check.fail('endsAt', RowErrorCode.INCONSISTENT, `endsAt ${cstIso(end)} is not after startsAt ${cstIso(start)}`);
    }
  },
});
