import { UpsertSpec } from './feed';

/**
 * One set-based statement per batch: `INSERT … SELECT FROM unnest(…) ON CONFLICT … DO UPDATE`.
 * A row identical to the stored one is not touched (the `WHERE … IS DISTINCT FROM`), so a re-sent batch changes
 * nothing, not even provenance. RETURNING gives the key columns of the rows that were inserted or changed.
 */
export function buildUpsertSql<Row>(spec: UpsertSpec<Row>): string {
  const cols = spec.columns;
  const names = cols.map((c) => c.name);
  const params = cols.map((c, i) => `$${i + 1}::${c.type.endsWith('[]') ? 'text' : c.type}[]`);
  const selected = cols.map((c) => (c.type.endsWith('[]') ? `u.${c.name}::${c.type}` : `u.${c.name}`));
  const updatable = cols.filter((c) => !c.key).map((c) => c.name);
  const keys = cols.filter((c) => c.key).map((c) => `t.${c.name}`);
  const set = [...updatable, 'batch_id'].map((n) => `${n} = EXCLUDED.${n}`).join(', ');
  const changed = updatable.length
    ? `WHERE (${updatable.map((n) => `t.${n}`).join(', ')}) IS DISTINCT FROM (${updatable.map((n) => `EXCLUDED.${n}`).join(', ')})`
    : 'WHERE false';
  return `
    INSERT INTO ${spec.table} AS t (${names.join(', ')}, batch_id)
    SELECT ${selected.join(', ')}, $${cols.length + 1}::uuid
    FROM unnest(${params.join(', ')}) AS u(${names.join(', ')})
    ON CONFLICT (${spec.conflict.join(', ')}) DO UPDATE SET ${set}
    ${changed}
    RETURNING ${keys.join(', ')}`;
}

function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export function upsertParameters<Row>(spec: UpsertSpec<Row>, rows: Row[], batchId: string): unknown[] {
  const columns = spec.columns.map((c) =>
    rows.map((r) => {
      const v = c.value(r);
      return c.type.endsWith('[]') && Array.isArray(v) ? arrayLiteral(v) : v;
    }),
  );
  return [...columns, batchId];
}
