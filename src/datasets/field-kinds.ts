import { Float, ID, Int, registerEnumType } from 'type-graphql';
import type { ReturnTypeFunc } from 'type-graphql/build/typings/decorators/types';
import { RecordReader } from '../ingest/bulk/coerce';
import { RowErrorCode, RowValidator } from '../catalog/row-validator';
import { DateScalar, DateTimeScalar, MonthScalar, isCalendarDay, isCalendarMonth } from '../platform/scalars';
import { NAME_MAX_LENGTH } from '../platform/text';
import { creditCodeProblem } from './credit-code';
import { cstIso } from '../platform/cst';

/**
 * The kinds of field a dataset is made of. Each kind knows its PostgreSQL column type, its GraphQL type, how to
 * validate a value (physical limits, formats, check digits) and how to read one from text (CSV/NDJSON bulk loads).
 */
export interface FieldKind {
  pgType: string;
  /** Its GraphQL type in inputs, arguments and `where` (and on the row type, unless `outputType` says otherwise). */
  graphqlType: ReturnTypeFunc;
  /** Its GraphQL type on the row type, when it differs: an identifier is ID there (`identifier`). */
  outputType?: ReturnTypeFunc;
  /** Validated and normalised value, or undefined after reporting to `check`. Never called with null. */
  validate(check: RowValidator, field: string, value: unknown, now: Date): unknown;
  /** Reads the field out of a bulk record, as the API's input type takes it. */
  read(reader: RecordReader, field: string): unknown;
  /** Unit of measure, for descriptions and the catalog. */
  unit?: string;
  /** Another dataset this field points at (its key): checked to exist, resolved as a relation. */
  references?: { dataset: string };
  /** The GraphQL name of an enumeration's type. */
  enumName?: string;
  /** Rows carry their region in this field. */
  isRegion?: boolean;
  /** A planned time that may lie ahead (not an observation). */
  future?: boolean;
  /**
   * Values add up across rows — a count of things, an amount (energy, money, area, hours, distance, precipitation) —
   * so an aggregate offers their sum. Intensive values (concentrations, temperatures, speeds, shares, rates) do not.
   */
  additive?: boolean;
}

/** Reports a value that is not of the kind's format (INVALID_FORMAT); for kinds declared by the feeds too. */
export function invalid(check: RowValidator, field: string, what: string, value: unknown): undefined {
  check.fail(field, RowErrorCode.INVALID_FORMAT, `${field} ${JSON.stringify(value)} is not ${what}`);
  return undefined;
}

/** Text: a name or label (`platform/text.ts`: no control or bidirectional-control characters), at most `maxLength` characters. */
export function text(options: { maxLength?: number; pattern?: RegExp; what?: string } = {}): FieldKind {
  const maxLength = options.maxLength ?? NAME_MAX_LENGTH;
  return {
    pgType: 'text',
    graphqlType: () => String,
    validate(check, field, value) {
      if (typeof value !== 'string') return invalid(check, field, 'text', value);
      const v = value.trim();
      if (!check.humanText(field, v, maxLength)) return undefined;
      if (options.pattern && !check.pattern(field, v, options.pattern, options.what ?? `of the form ${options.pattern}`)) return undefined;
      return v;
    },
    read: (reader, field) => reader.text(field),
  };
}

/**
 * An identifier a department assigns (a hot spot's, a road segment's, a case's): text as `text` takes it, typed `ID`
 * on the row type. Inputs, arguments and `where` keep `String`, the type clients' variables already declare.
 */
export function identifier(options: { maxLength?: number; pattern?: RegExp; what?: string } = {}): FieldKind {
  return { ...text(options), outputType: () => ID };
}

/** An enumeration: registered once as a GraphQL enum of its own name, every value described. */
export function enumeration<const V extends string>(name: string, values: readonly V[], description: string, valueDescriptions: Record<V, string>): FieldKind & { values: readonly V[] } {
  const enumObject = Object.fromEntries(values.map((v) => [v, v]));
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries<string>(valueDescriptions).map(([k, d]) => [k, { description: d }])),
  });
  return {
    values,
    enumName: name,
    pgType: 'text',
    graphqlType: () => enumObject,
    validate(check, field, value) {
      if (typeof value !== 'string' || !values.includes(value as V)) return invalid(check, field, `one of ${values.join(', ')}`, value);
      return value;
    },
    read: (reader, field) => reader.text(field)?.trim().toUpperCase() ?? null,
  };
}

/** A whole number; with a unit it counts things (vehicles, trips, machines, veh/h of an hour), so it adds up. */
export function integer(min: number, max: number, unit?: string): FieldKind {
  return {
    unit,
    additive: !!unit,
    pgType: 'int',
    graphqlType: () => Int,
    validate(check, field, value) {
      if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(check, field, 'a whole number', value);
      return check.range(field, value, min, max, unit) ? value : undefined;
    },
    read: (reader, field) => reader.integer(field),
  };
}

/** A measured quantity within physical limits (not typical values: rare extremes are data). */
export function quantity(min: number, max: number, unit: string): FieldKind {
  return {
    unit,
    pgType: 'float8',
    graphqlType: () => Float,
    validate(check, field, value) {
      if (typeof value !== 'number') return invalid(check, field, 'a number', value);
      return check.range(field, value, min, max, unit) ? value : undefined;
    },
    read: (reader, field) => reader.number(field),
  };
}

/** An amount within physical limits: a quantity that adds up across rows (kWh, tce, CNY, ha, h, km driven, mm of rain). */
export function amount(min: number, max: number, unit: string): FieldKind {
  return { ...quantity(min, max, unit), additive: true };
}

export function flag(): FieldKind {
  return {
    pgType: 'boolean',
    graphqlType: () => Boolean,
    validate: (check, field, value) => (typeof value === 'boolean' ? value : invalid(check, field, 'true or false', value)),
    read: (reader, field) => reader.boolean(field),
  };
}

/** A calendar day (CST), from 1970 through today; `planned` (a site's end, a burn's planned day): may lie ahead. */
export function day(options: { planned?: boolean } = {}): FieldKind {
  return {
    pgType: 'date',
    graphqlType: () => DateScalar,
    future: options.planned,
    validate(check, field, value, now) {
      if (typeof value !== 'string' || !isCalendarDay(value)) return invalid(check, field, 'a date YYYY-MM-DD', value);
      return check.timeInRange(field, value, now, options) ? value : undefined;
    },
    read: (reader, field) => reader.text(field)?.trim() ?? null,
  };
}

/** A planning date (a site's end, a burn's planned day): may lie ahead. */
export const plannedDay = (): FieldKind => day({ planned: true });

/** A calendar month (CST), from 1970 through the current month. */
export function month(): FieldKind {
  return {
    pgType: 'text',
    graphqlType: () => MonthScalar,
    validate(check, field, value, now) {
      if (typeof value !== 'string' || !isCalendarMonth(value)) return invalid(check, field, 'a month YYYY-MM', value);
      return check.timeInRange(field, value, now) ? value : undefined;
    },
    read: (reader, field) => reader.text(field)?.trim() ?? null,
  };
}

/** An instant with an offset; `step` minutes (60: on the hour, 15: quarter hours); `future` for planned times. */
export function instant(options: { stepMinutes?: number; future?: boolean } = {}): FieldKind {
  return {
    future: options.future,
    pgType: 'timestamptz',
    graphqlType: () => DateTimeScalar,
    validate(check, field, value, now) {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) return invalid(check, field, 'an ISO 8601 time with an offset', value);
      const step = (options.stepMinutes ?? 0) * 60_000;
      if (step && value.getTime() % step !== 0) {
        check.fail(field, RowErrorCode.NOT_ON_THE_HOUR, `${field} ${cstIso(value)} is not on a ${options.stepMinutes}-minute step`);
        return undefined;
      }
      return check.timeInRange(field, value, now, { planned: options.future }) ? value : undefined;
    },
    read: (reader, field) => reader.dateTime(field),
  };
}

/** A GB/T 2260 region code; the row's region (a FK to regions, a `region` relation, region-limited grants). */
export function regionCode(): FieldKind {
  return { ...text({ pattern: /^\d{6}$/, what: 'a six-digit GB/T 2260 code' }), isRegion: true };
}

/** The key of a row of another dataset (an enterprise, a site, a station…). */
export function reference(dataset: string, shape: FieldKind = text({ maxLength: 64 })): FieldKind {
  return { ...shape, references: { dataset } };
}

/** GB 32100 unified social credit code, with its check character. */
export function creditCode(): FieldKind {
  return {
    ...text(),
    validate(check, field, value) {
      if (typeof value !== 'string') return invalid(check, field, 'a credit code', value);
      const code = value.trim().toUpperCase();
      const problem = creditCodeProblem(code);
      if (problem === 'SHAPE') return invalid(check, field, 'an 18-character unified social credit code (GB 32100)', value);
      if (problem === 'CHECK_DIGIT') {
        check.fail(field, RowErrorCode.CHECK_DIGIT, `${field} ${code}: the check character does not match (GB 32100)`);
        return undefined;
      }
      return code;
    },
  };
}
