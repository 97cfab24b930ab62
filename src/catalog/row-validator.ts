import { Field, Int } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { humanTextProblem } from '../platform/text';
import { cstDay, cstIso } from '../platform/cst';

/** Why a row was rejected. Codes are stable: department systems branch on them. */
export enum RowErrorCode {
  REQUIRED = 'REQUIRED',
  INVALID_FORMAT = 'INVALID_FORMAT',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  NOT_ON_THE_HOUR = 'NOT_ON_THE_HOUR',
  IN_FUTURE = 'IN_FUTURE',
  EXACTLY_ONE_OF = 'EXACTLY_ONE_OF',
  UNKNOWN_REFERENCE = 'UNKNOWN_REFERENCE',
  NOT_MONITORED = 'NOT_MONITORED',
  EMPTY_ROW = 'EMPTY_ROW',
  INCONSISTENT = 'INCONSISTENT',
  DUPLICATE_KEY = 'DUPLICATE_KEY',
  CHECK_DIGIT = 'CHECK_DIGIT',
  PERSONAL_DATA = 'PERSONAL_DATA',
  CONTROL_CHARACTER = 'CONTROL_CHARACTER',
  TOO_LONG = 'TOO_LONG',
}

/**
 * The earliest time a row may describe — the first day of 1970 in China Standard Time, as a calendar day and as the
 * instant it starts: nothing the hub's departments measured predates it, and an earlier date is a typo (0001-01-01)
 * or a placeholder (1900-01-01), not data.
 */
export const EARLIEST_TIME = { day: '1970-01-01', instant: new Date('1970-01-01T00:00:00+08:00') };

/** Today in China Standard Time, `YYYY-MM-DD`. */

@ObjectType({ description: 'A rejected input row: nothing of it was stored; the other rows were.' })
export class RowError {
  @Field(() => Int, { description: 'Zero-based position of the row in the input list.' })
  index!: number;

  @Field(() => String, { nullable: true, description: 'Input field at fault, when one is.' })
  field!: string | null;

  @Field({ description: 'Stable machine-readable reason, e.g. OUT_OF_RANGE, UNKNOWN_REFERENCE, DUPLICATE_KEY.' })
  code!: string;

  @Field({ description: 'What is wrong with the row, for a person (English).' })
  message!: string;
}

/** Collects the errors of one input row; feeds call its checks and keep the row only when `ok`. */
export class RowValidator {
  readonly errors: RowError[] = [];

  constructor(readonly index: number) {}

  get ok(): boolean {
    return this.errors.length === 0;
  }

  fail(field: string | null, code: RowErrorCode, message: string): void {
    this.errors.push({ index: this.index, field, code, message });
  }

  /** A present, non-blank value; blank strings count as missing. */
  required<T>(field: string, value: T | null | undefined): value is T {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      this.fail(field, RowErrorCode.REQUIRED, `${field} is required`);
      return false;
    }
    return true;
  }

  /** An optional number within physical limits (inclusive). */
  range(field: string, value: number | null | undefined, min: number, max: number, unit = ''): boolean {
    if (value === null || value === undefined) return true;
    if (!Number.isFinite(value) || value < min || value > max) {
      const u = unit ? ` ${unit}` : '';
      this.fail(field, RowErrorCode.OUT_OF_RANGE, `${field} = ${value}${u} is outside the physical range ${min}–${max}${u}`);
      return false;
    }
    return true;
  }

  pattern(field: string, value: string | null | undefined, re: RegExp, what: string): boolean {
    if (value === null || value === undefined) return true;
    if (!re.test(value)) {
      this.fail(field, RowErrorCode.INVALID_FORMAT, `${field} ${JSON.stringify(value)} is not ${what}`);
      return false;
    }
    return true;
  }

  /** A name or label (`platform/text.ts`): no control or bidirectional-control characters, at most `max` characters. */
  humanText(field: string, value: string | null | undefined, max: number): boolean {
    const problem = value ? humanTextProblem(field, value, max) : null;
    if (problem) {
      this.fail(field, RowErrorCode[problem.code], problem.message);
      return false;
    }
    return true;
  }

  /** An hourly stamp: on the hour (the stamp is the END of the averaging hour), not before 1970 and not in the future. */
  hourStamp(field: string, value: Date | null | undefined, now: Date): boolean {
    if (!this.required(field, value)) return false;
    if (value.getTime() % 3_600_000 !== 0) {
      this.fail(field, RowErrorCode.NOT_ON_THE_HOUR, `${field} ${cstIso(value)} is not on the hour`);
      return false;
    }
    return this.timeInRange(field, value, now);
  }

  /**
   * Every time a row describes: not before 1970 (OUT_OF_RANGE, see EARLIEST_TIME) and, unless it is `planned` (an
   * alert's end, a burn's start), not in the future (IN_FUTURE). A day `YYYY-MM-DD` or a month `YYYY-MM` (CST) is
   * compared as the calendar period it names: this month is not in the future.
   */
  timeInRange(field: string, value: Date | string, now: Date, options: { planned?: boolean } = {}): boolean {
    // A period is compared as text at its own precision ('1969-12' < '1970-01'), an instant by its milliseconds.
    // The bounds and the value as shown are computed only when needed: this runs for every row.
    const period = typeof value === 'string';
    const given = period ? value : value.getTime();
    const shown = () => (period ? value : cstIso(value));
    if (given < (period ? EARLIEST_TIME.day.slice(0, value.length) : EARLIEST_TIME.instant.getTime())) {
      this.fail(field, RowErrorCode.OUT_OF_RANGE, `${field} ${shown()} is before 1970-01-01 (China Standard Time): no data the hub keeps is that old`);
      return false;
    }
    if (!options.planned && given > (period ? cstDay(now).slice(0, value.length) : now.getTime())) {
      this.fail(field, RowErrorCode.IN_FUTURE, `${field} ${shown()} is in the future`);
      return false;
    }
    return true;
  }

  /** Exactly one of the given fields is set. */
  exactlyOne(values: Record<string, unknown>): boolean {
    let set = 0;
    for (const name in values) if (values[name] !== null && values[name] !== undefined && values[name] !== '') set++;
    if (set !== 1) {
      const names = Object.keys(values).join(' / ');
      this.fail(null, RowErrorCode.EXACTLY_ONE_OF, `exactly one of ${names} must be given (got ${set})`);
      return false;
    }
    return true;
  }
}

/** China's bounding box (WGS 84), generous by a fraction of a degree. */
export const CHINA_BOUNDS = { minLatitude: 3.5, maxLatitude: 54, minLongitude: 73, maxLongitude: 135.5 };

/** Latitude and longitude come together and lie in China. */
export function checkCoordinates(check: RowValidator, latitude: number | null | undefined, longitude: number | null | undefined) {
  const hasLat = latitude !== null && latitude !== undefined;
  const hasLon = longitude !== null && longitude !== undefined;
  if (hasLat !== hasLon) {
    check.fail(hasLat ? 'longitude' : 'latitude', RowErrorCode.INCONSISTENT, 'latitude and longitude come together');
    return;
  }
  check.range('latitude', latitude, CHINA_BOUNDS.minLatitude, CHINA_BOUNDS.maxLatitude, '°');
  check.range('longitude', longitude, CHINA_BOUNDS.minLongitude, CHINA_BOUNDS.maxLongitude, '°');
}
