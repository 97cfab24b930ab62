import { DateTimeScalar } from '../../platform/scalars';
import { RowErrorCode, RowValidator } from '../../catalog/row-validator';

/** One record of a bulk file: a CSV row by header (text), or an NDJSON object (JSON values). */
export type TextRecord = Readonly<Record<string, unknown>>;

/** How a missing value is written: an empty cell, or `NA` as statistics packages export it. */
const isMissing = (value: unknown) => value === null || value === undefined || value === '' || value === 'NA';
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);
/** List fields in a CSV cell: `PM2_5;PM10`. */
const LIST_SEPARATOR = ';';

/**
 * Reads a feed's typed input fields out of a record, for its `fromRecord`. Missing values read as null. A value
 * that does not read as its type is reported on the row as INVALID_FORMAT for its field, and read as null: the
 * row is rejected, never the file.
 */
export class RecordReader {
  constructor(
    private readonly record: TextRecord,
    private readonly check: RowValidator,
  ) {}

  /** Text as given (codes, names, enumeration values); a JSON number is taken as its digits. */
  text(field: string): string | null {
    const value = this.record[field];
    if (isMissing(value)) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.invalid(field, value, 'text');
  }

  /** A decimal number (`12`, `-0.5`, `1e3`); not `Infinity`, hex or digits with units. */
  number(field: string): number | null {
    const value = this.record[field];
    if (isMissing(value)) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value);
    return this.invalid(field, value, 'a number');
  }

  /** A whole number (`2015`, `2015.0`). */
  integer(field: string): number | null {
    const value = this.record[field];
    const n = this.number(field);
    if (n === null || Number.isInteger(n)) return n;
    return this.invalid(field, value, 'a whole number');
  }

  /** true/false, 1/0, yes/no (any case); a JSON boolean. */
  boolean(field: string): boolean | null {
    const value = this.record[field];
    if (isMissing(value)) return null;
    if (typeof value === 'boolean') return value;
    const word = typeof value === 'string' ? value.trim().toLowerCase() : String(value);
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
    return this.invalid(field, value, 'true or false');
  }

  /** An instant exactly as the API's DateTime takes it: ISO 8601 with an offset, `2026-01-15T08:00:00+08:00`. */
  dateTime(field: string): Date | null {
    const value = this.record[field];
    if (isMissing(value)) return null;
    try {
      return DateTimeScalar.parseValue(value) as Date;
    } catch {
      return this.invalid(field, value, 'an ISO 8601 time with an offset, such as 2026-01-15T08:00:00+08:00');
    }
  }

  /** A list: `a;b` in a CSV cell, a JSON array of text in NDJSON. An empty cell is no list (null), not an empty one. */
  list(field: string): string[] | null {
    const value = this.record[field];
    if (isMissing(value)) return null;
    if (typeof value === 'string') return value.split(LIST_SEPARATOR).map((item) => item.trim());
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    return this.invalid(field, value, `a list (${LIST_SEPARATOR}-separated text, or a JSON array of text)`);
  }

  private invalid(field: string, value: unknown, what: string): null {
    this.check.fail(field, RowErrorCode.INVALID_FORMAT, `${field} ${JSON.stringify(value)} is not ${what}`);
    return null;
  }
}
