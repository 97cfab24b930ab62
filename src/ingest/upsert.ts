import { UpsertSpec } from '../catalog/feed';

/**
 * The conflict handling both write statements share: a row whose key is stored replaces it, unless it is identical
 * (the `WHERE … IS DISTINCT FROM`), so re-sent data changes nothing, not even provenance. RETURNING gives the key
 * columns of the rows that were inserted or changed.
 */
function onConflictReplace<Row>(spec: UpsertSpec<Row>, returning = true): string {
  const updatable = spec.columns.filter((c) => !c.key).map((c) => c.name);
  const keys = spec.columns.filter((c) => c.key).map((c) => `t.${c.name}`);
  const set = [...updatable, 'batch_id'].map((n) => `${n} = EXCLUDED.${n}`).join(', ');
  const changed = updatable.length
    ? `WHERE (${updatable.map((n) => `t.${n}`).join(', ')}) IS DISTINCT FROM (${updatable.map((n) => `EXCLUDED.${n}`).join(', ')})`
    : 'WHERE false';
  return `ON CONFLICT (${spec.conflict.join(', ')}) DO UPDATE SET ${set}
    ${changed}
    ${returning ? `RETURNING ${keys.join(', ')}` : ''}`;
}

/** One set-based statement per batch: `INSERT … SELECT FROM unnest(…) ON CONFLICT … DO UPDATE`. */
export function buildUpsertSql<Row>(spec: UpsertSpec<Row>): string {
  const cols = spec.columns;
  const names = cols.map((c) => c.name);
  const params = cols.map((c, i) => `$${i + 1}::${c.type.endsWith('[]') ? 'text' : c.type}[]`);
  const selected = cols.map((c) => (c.type.endsWith('[]') ? `u.${c.name}::${c.type}` : `u.${c.name}`));
  return `
    INSERT INTO ${spec.table} AS t (${names.join(', ')}, batch_id)
    SELECT ${selected.join(', ')}, $${cols.length + 1}::uuid
    FROM unnest(${params.join(', ')}) AS u(${names.join(', ')})
    ${onConflictReplace(spec)}`;
}

/**
 * The bulk loader's one merge: every row of a staging table whose columns are named and typed like the upsert
 * columns (rows COPY put there), with the same conflict handling as `buildUpsertSql`. Binds $1: the batch id.
 * `returning: false` leaves out the changed keys: the statement's row count is the number inserted or changed.
 */
export function buildMergeFromStagingSql<Row>(spec: UpsertSpec<Row>, stagingTable: string, { returning = true } = {}): string {
  const names = spec.columns.map((c) => c.name).join(', ');
  return `
    INSERT INTO ${spec.table} AS t (${names}, batch_id)
    SELECT ${names}, $1::uuid
    FROM ${stagingTable}
    ${onConflictReplace(spec, returning)}`;
}

/** The number of rows `write` (a statement RETURNING the changed keys, as the two above) inserted or changed. */
export function countChangedSql(write: string): string {
  return `WITH changed AS (${write}) SELECT count(*)::int AS changed FROM changed`;
}

/**
 * What `write` (a statement RETURNING the changed keys) reports to afterWrite when the feed reduces the changed keys
 * (`FeedDefinition.afterWriteKeys`): each distinct combination of the expressions once, named as given, with the
 * number of changed rows it stands for (`changed_rows`).
 */
export function reducedChangedKeysSql(write: string, keys: Readonly<Record<string, string>>): string {
  const names = Object.keys(keys);
  return `WITH changed AS (${write})
    SELECT ${names.map((name) => `${keys[name]} AS ${name}`).join(', ')}, count(*)::int AS changed_rows
    FROM changed GROUP BY ${names.map((_, i) => i + 1).join(', ')}`;
}

/** A PostgreSQL array literal of text values: `{"a","b \"c\""}`. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map(quotedElement).join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const quotedElement = (text: string) => `"${NEEDS_ESCAPE.test(text) ? text.replace(/["\\]/g, '\\$&') : text}"`;

/** One value as an element of an array literal: unquoted where its text cannot need it (numbers, instants). */
function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return quotedElement(arrayLiteral(value.map(String)));
  return quotedElement(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * The unnest parameters of `buildUpsertSql`: each column as one array literal (the statement casts it to the column's
 * array type), then the batch id. Built here rather than by node-postgres, which escapes each element of a JS array
 * and formats each Date in the local time zone: on 10,000 rows that cost more than PostgreSQL's parse of the arrays.
 */
export function upsertParameters<Row>(spec: UpsertSpec<Row>, rows: Row[], batchId: string): unknown[] {
  const columns = spec.columns.map((c) => {
    const elements = new Array<string>(rows.length);
    // Each distinct instant is written once: a batch of hours holds a few hundred for thousands of rows, and
    // toISOString took half of this function's time.
    const instants = new Map<number, string>();
    for (let i = 0; i < rows.length; i++) {
      const value = c.value(rows[i]);
      elements[i] = value instanceof Date ? instantElement(value, instants) : element(value);
    }
    return `{${elements.join(',')}}`;
  });
  return [...columns, batchId];
}

function instantElement(value: Date, written: Map<number, string>): string {
  const time = value.getTime();
  let text = written.get(time);
  if (text === undefined) written.set(time, (text = value.toISOString()));
  return text;
}
