import { UpsertSpec } from '../../catalog/feed';
import { arrayLiteral } from '../upsert';

/**
 * The staging table of a bulk load: the upsert columns, plus the file line each row came from (duplicates and
 * errors are reported by line) and the time it describes in epoch milliseconds (the batch's latest observation;
 * a number is cheaper to write than a timestamp). Temporary: private to the load's connection, gone with its
 * transaction.
 */
export const STAGING_TABLE = 'bulk_staging';

export function createStagingTableSql<Row>(spec: UpsertSpec<Row>): string {
  const columns = spec.columns.map((c) => `${c.name} ${c.type}`);
  return `CREATE TEMP TABLE ${STAGING_TABLE} (${[...columns, 'bulk_line int NOT NULL', 'bulk_observed_ms bigint'].join(', ')}) ON COMMIT DROP`;
}

export function copyIntoStagingSql<Row>(spec: UpsertSpec<Row>): string {
  return `COPY ${STAGING_TABLE} (${[...spec.columns.map((c) => c.name), 'bulk_line', 'bulk_observed_ms'].join(', ')}) FROM STDIN`;
}

/** A staged row in COPY's text format: the upsert columns' values, its line, the time it describes. */
export function stagingLine<Row>(spec: UpsertSpec<Row>, row: Row, line: number, observedAt: Date | null): string {
  let text = '';
  for (const column of spec.columns) text += copyValue(column.value(row)) + '\t';
  return `${text}${line}\t${observedAt ? observedAt.getTime() : '\\N'}\n`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;

/** One value in COPY's text format: `\N` for null; backslash, tab and line breaks escaped. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  const text = Array.isArray(value) ? arrayLiteral(value.map(String)) : typeof value === 'string' ? value : JSON.stringify(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c]) : text;
}
