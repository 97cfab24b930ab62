import { DataSource } from 'typeorm';
import { Access, regionScopeSql } from '../access/access';
import { DatasetDefinition } from '../catalog/dataset';
import { CursorPart, Page, afterKeySql, pageRequest, toPage } from '../platform/pagination';
import { assertRegionExists } from '../regions/region.queries';
import { DatasetSpec, FieldSpec, Row, regionExpression, snake } from './dataset-spec';

/** What a key column holds in a cursor (a timestamptz travels as ISO 8601). */
const CURSOR_PARTS: Record<string, CursorPart> = { text: 'text', int: 'integer', date: 'date', timestamptz: 'instant' };

function cursorPartOf(dataset: string, field: string, pgType: string): CursorPart {
  const part = CURSOR_PARTS[pgType];
  if (!part) throw new Error(`dataset ${dataset}: key field ${field} of type ${pgType} cannot be paged by`);
  return part;
}

export type ListRows = (db: DataSource, access: Access, args: Record<string, any>) => Promise<Page<Row>>;

/** A declared dataset's list query: scope, region and time filters, exact-match filters, keyset pages on the key. */
export function datasetList(
  spec: DatasetSpec,
  dataset: DatasetDefinition,
  keyFields: string[],
  filters: [string, FieldSpec][],
  select: string,
): ListRows {
  const cursorParts = keyFields.map((k) => cursorPartOf(spec.id, k, spec.fields[k].kind.pgType));
  async function list(db: DataSource, access: Access, args: Record<string, any>): Promise<Page<Row>> {
    const { limit, after } = pageRequest(args, cursorParts);
    const scope = await access.readScope(dataset);
    if (args.regionCode) {
      await assertRegionExists(db, 'regionCode', args.regionCode);
      await access.assertRegion(dataset, args.regionCode);
    }
    const params: unknown[] = [];
    const bind = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const region = regionExpression(spec);
    const where = [regionScopeSql(scope, region, bind)];
    if (args.regionCode && region) where.push(`${region} IN (SELECT code FROM region_subtree(${bind(args.regionCode)}))`);
    if (spec.time && args.from) where.push(`t.${snake(spec.time)} >= ${bind(args.from)}`);
    if (spec.time && args.to) where.push(`t.${snake(spec.time)} <= ${bind(args.to)}`);
    for (const [name] of filters) if (args[name] !== null && args[name] !== undefined) where.push(`t.${snake(name)} = ${bind(args[name])}`);
    const countSql = `SELECT count(*)::int AS n FROM ${spec.table} t WHERE ${where.join(' AND ')}`;
    const countParams = [...params];
    const keyColumns = keyFields.map((k) => `t.${snake(k)}`);
    if (after) {
      const casts = keyFields.map((k) => spec.fields[k].kind.pgType);
      where.push(afterKeySql(keyColumns, after.map((v, i) => `${bind(v)}::${casts[i]}`)));
    }
    const rows: Row[] = await db.query(
      `SELECT ${select} FROM ${spec.table} t WHERE ${where.join(' AND ')} ORDER BY ${keyColumns.join(', ')} LIMIT ${bind(limit + 1)}`,
      params,
    );
    access.recordRead(spec.id, Math.min(rows.length, limit));
    const cursorOf = (row: Row) => keyFields.map((k) => (row[k] instanceof Date ? (row[k] as Date).toISOString() : (row[k] as string | number)));
    return toPage(rows, limit, cursorOf, async () => (await db.query(countSql, countParams))[0].n);
  }
  return list;
}
