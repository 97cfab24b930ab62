import { RowErrorCode } from '../../catalog/row-validator';
import { FieldKind, invalid, text } from '../../datasets/field-kinds';

/**
 * Vehicle plates are personal data: the hub never stores or returns a full plate. Violations carry a masked plate —
 * the province character and issuing-office letter, the serial's last two characters, and a `*` for every character
 * between (川A***45; a new-energy plate keeps its length: 川A****45).
 */
const PROVINCE = '[\\u4e00-\\u9fa5]';
const LETTER = '[A-Z]';
const MASKED_PLATE = new RegExp(`^${PROVINCE}${LETTER}\\*{3,4}[A-Z0-9]{2}$`);
const FULL_PLATE = new RegExp(`^${PROVINCE}${LETTER}[A-Z0-9·.\\- ]{5,7}$`);

export function isMaskedPlate(plate: string): boolean {
  return MASKED_PLATE.test(plate);
}

/** Looks like a whole plate: refused at ingestion before anything is stored. */
export function isFullPlate(plate: string): boolean {
  return !plate.includes('*') && FULL_PLATE.test(plate);
}

/** Masks a full plate the hub's way (for department systems that want the same rule on their side). */
export function maskPlate(plate: string): string {
  const compact = plate.replace(/[·.\- ]/g, '');
  if (compact.length < 7) throw new RangeError(`not a plate: ${plate}`);
  return `${compact.slice(0, 2)}${'*'.repeat(compact.length - 4)}${compact.slice(-2)}`;
}

/** A vehicle plate, masked (川A***45): a full plate is personal data and refused before anything is stored. */
export function maskedPlate(): FieldKind {
  return {
    ...text({ maxLength: 12 }),
    validate(check, field, value) {
      if (typeof value !== 'string') return invalid(check, field, 'a masked plate', value);
      const plate = value.trim().toUpperCase();
      if (isFullPlate(plate)) {
        check.fail(field, RowErrorCode.PERSONAL_DATA, `${field} looks like a full plate: send it masked (e.g. 川A***45); full plates are never stored`);
        return undefined;
      }
      return isMaskedPlate(plate) ? plate : invalid(check, field, 'a masked plate such as 川A***45', value);
    },
  };
}
