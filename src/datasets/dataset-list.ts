import { DataSource } from 'typeorm';
import { Access, regionScopeSql } from '../access/access';
import { DatasetDefinition } from '../catalog/dataset';
import { Page, pageRequest } from '../platform/pagination';
import { assertRegionExists } from '../regions/region.queries';
import { DatasetSpec, FieldSpec, Row, regionCondition, snake, specFields } from './dataset-spec';
import { keysetPage } from './keyset-page';
import { OrderInput } from './order-input';
import { WhereInput } from './where-input';

export type ListRows = (db: DataSource, access: Access, args: Record<string, any>) => Promise<Page<Row>>;

/**
 * A declared dataset's list query: scope, region and time filters, exact-match filters, the `where`, keyset pages in
 * either direction on the `orderBy` (completed by the key).
 */
export function datasetList(
  spec: DatasetSpec,
  dataset: DatasetDefinition,
  filters: [string, FieldSpec][],
  inputs: { where: WhereInput; order: OrderInput },
  select: string,
): ListRows {
  const fieldOfColumn = new Map(specFields(spec).map(([name]) => [`t.${snake(name)}`, name]));
  async function list(db: DataSource, access: Access, args: Record<string, any>): Promise<Page<Row>> {
    const order = inputs.order.order(args.orderBy);
    const request = pageRequest(args, order);
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
    // Through a referenced row (a reading's site), both are a semi-join on that table's region index, not a lookup per row.
    const where = [scope.everywhere ? 'true' : (regionCondition(spec, (column) => regionScopeSql(scope, column, bind)) ?? 'false')];
    if (args.regionCode) {
      const root = bind(args.regionCode);
      where.push(regionCondition(spec, (column) => `${column} IN (SELECT code FROM region_subtree(${root}))`) ?? 'true');
    }
    if (spec.time && args.from) where.push(`t.${snake(spec.time)} >= ${bind(args.from)}`);
    if (spec.time && args.to) where.push(`t.${snake(spec.time)} <= ${bind(args.to)}`);
    for (const [name] of filters) if (args[name] !== null && args[name] !== undefined) where.push(`t.${snake(name)} = ${bind(args[name])}`);
    const matching = inputs.where.compile(args.where, bind);
    if (matching) where.push(matching);
    const cursorOf = (row: Row) =>
      order.columns.map((c) => {
        const value = row[fieldOfColumn.get(c.sql)!];
        return value instanceof Date ? value.toISOString() : (value as string | number);
      });
    const { page, read } = await keysetPage(db, { from: `${spec.table} t`, select, filters: where, params, prepare: !matching }, request, cursorOf);
    access.recordRead(spec.id, read);
    return page;
  }
  return list;
}
