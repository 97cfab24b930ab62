import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { amount, enumeration, identifier, instant, regionCode } from '../../datasets/field-kinds';
import { maskedPlate } from './plate';

export const ViolationType = enumeration(
  'ViolationType',
  ['EXCESS_EMISSION', 'RESTRICTED_ZONE_DIESEL', 'SPILLED_MUCK', 'FALSIFIED_EMISSION_TEST', 'OTHER'],
  'Type of a vehicle environmental violation.',
  {
    EXCESS_EMISSION: '尾气超标 Exhaust over the emission limits (roadside or remote-sensing test)',
    RESTRICTED_ZONE_DIESEL: '柴油货车闯禁行 Diesel truck in a restricted zone or time',
    SPILLED_MUCK: '渣土车抛洒滴漏 Muck spilled or dropped from a truck',
    FALSIFIED_EMISSION_TEST: '排放检验造假 Falsified emission test',
    OTHER: 'Other environmental violations',
  },
);

/** The plate is personal data: only a masked plate (川A***45) is accepted; a full one is refused (PERSONAL_DATA). */
export const vehicleViolations = defineDataset({
  id: 'vehicle-violations',
  owner: Department.PUBLIC_SECURITY,
  title: 'Vehicle environmental violations',
  description: 'Vehicle environmental violations and their penalties by case: when, where, type, fine and the masked plate (no full plate is stored or returned).',
  cadence: 'on change',
  typeName: 'VehicleViolation',
  inputName: 'VehicleViolationInput',
  table: 'vehicle_violations',
  query: 'vehicleViolations',
  mutation: 'ingestVehicleViolations',
  time: 'occurredAt',
  fields: {
    caseId: { kind: identifier({ pattern: /^[A-Za-z0-9_-]{1,64}$/, what: 'a case id (letters, digits, _ and -, at most 64)' }), key: true, description: 'Case id, as the traffic police assign it' },
    occurredAt: { kind: instant(), required: true, description: 'When the violation occurred' },
    regionCode: { kind: regionCode(), required: true, description: 'Region where it occurred' },
    violationType: { kind: ViolationType, required: true, filter: true, description: 'Type of violation' },
    penalty: { kind: amount(0, 10_000_000, 'CNY'), description: 'Fine imposed; null while undecided' },
    plate: { kind: maskedPlate(), description: 'Vehicle plate, masked (川A***45)' },
  },
});
