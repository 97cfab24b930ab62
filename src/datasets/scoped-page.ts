import { DataSource, ObjectLiteral } from 'typeorm';
import { Access, regionScopeSql } from '../access/access';
import { DatasetDefinition } from '../catalog/dataset';
import { Bind, CursorKey, KeysetOrder, Page, PageArgs, pageRequest } from '../platform/pagination';
import { columnProperty, entitySelect, entityTable } from '../platform/db/entity-select';
import { assertRegionExists } from '../regions/region.queries';
import { keysetPage } from './keyset-page';
import { JoinedEntity, joinSql, joinedRows } from '../platform/db/joined-entity';
import { ShownColumns } from '../platform/db/shown-columns';

export interface ScopedPageOptions<T extends ObjectLiteral> {
  db: DataSource;
  access: Access;
  dataset: DatasetDefinition;
  args: PageArgs & { regionCode?: string | null };
  /** The entity whose table is listed, and the alias the SQL below writes its columns with. */
  entity: new () => T;
  alias: string;
  /** SQL giving a row's region: what a region-limited grant and the `regionCode` argument apply to. */
  regionColumn: string;
  /** The `regionCode` filter given the region's placeholder, when an index serves better than `regionColumn` in the subtree. */
  regionFilter?: (region: string) => string;
  /** The list's own filters (its arguments), written with `bind`; falsy entries are skipped. */
  filters?: (bind: Bind) => (string | false | null | undefined)[];
  /** The list's `where`, written with `bind` (`WhereInput.compile`); null when it sets none. The scope applies apart from it. */
  where?: (bind: Bind) => string | null;
  /** Keyset order (the natural key, or an `orderBy` completed by it) and a row's values of its columns. */
  order: KeysetOrder;
  keyOf: (row: T) => CursorKey;
  /**
   * What the client's selection needs of each row (platform/db/shown-columns.ts): its columns, and the order's too when
   * it shows a cursor; else every column.
   */
  shown?: ShownColumns;
  /** To-one relations the client's selection asks for, read in the page's statement: each with the row's column that refers to it. */
  joins?: { entity: JoinedEntity<ObjectLiteral>; on: string }[];
}

/**
 * A page of a hand-written feed's rows as the caller may see them: within its grant's regions, the region filter
 * checked against the grant, keyset pagination on the order either way, the read tallied for the audit log: the one
 * page of every list of an entity's table (regions, stations, air quality, targets). Rows come back as plain objects
 * with the entity's fields (no entity built per row). Declared datasets page the same way (dataset-list.ts), and the
 * stations of many regions in one statement (air-station.loader.ts), all on the same page steps (platform/pagination.ts).
 */
export async function scopedPage<T extends ObjectLiteral>(o: ScopedPageOptions<T>): Promise<Page<T>> {
  const request = pageRequest(o.args, o.order);
  const scope = await o.access.readScope(o.dataset);
  const region = o.args.regionCode;
  if (region) {
    await assertRegionExists(o.db, 'regionCode', region);
    await o.access.assertRegion(o.dataset, region);
  }
  const params: unknown[] = [];
  const bind: Bind = (value) => `$${params.push(value)}`;
  const filters = [regionScopeSql(scope, o.regionColumn, bind), ...(o.filters?.(bind) ?? [])];
  if (region) {
    const root = bind(region);
    filters.push(o.regionFilter ? o.regionFilter(root) : `${o.regionColumn} IN (SELECT code FROM region_subtree(${root}))`);
  }
  const matching = o.where?.(bind);
  filters.push(matching);
  const joins = [];
  for (const j of o.joins ?? []) if (await j.entity.permitted()) joins.push({ entity: j.entity, ...joinSql(o.db, j.entity, j.on) });
  const own = ownSelect(o);
  const { page, read, shown } = await keysetPage(
    o.db,
    {
      from: `${entityTable(o.db, o.entity)} ${o.alias}`,
      select: [own.select, ...joins.map((j) => j.select)].join(', '),
      join: joins.map((j) => j.join).join(' ') || undefined,
      filters: filters.filter((f): f is string => !!f),
      params,
      prepare: !matching && own.prepared,
    },
    request,
    o.keyOf,
  );
  o.access.recordRead(o.dataset.id, read);
  // An empty page read no related row: nothing to hand over (or to tally).
  if (shown.length) for (const j of joins) j.entity.found(joinedRows(o.db, j.entity, shown));
  return page;
}

/** A list's own select list for what is shown (the same object for a place in a parsed document) and the order. */
const ownSelects = new WeakMap<ShownColumns, Map<string, { select: string; prepared: boolean }>>();
/** Per entity, the select lists of some of its columns its pages run prepared. */
const preparedSelects = new WeakMap<object, Set<string>>();
/**
 * Column sets an entity's pages are prepared with: the first few a process sees (clients' queries ask a handful).
 * Past them a page runs unnamed, so that no client can take the process's prepared names (platform/db/prepared.ts)
 * by varying the fields it asks for.
 */
const PREPARED_SELECTS_PER_ENTITY = 8;

/** Whether a select list of some of the entity's columns is among its prepared ones, admitting it while there is room. */
function admitted(entity: object, select: string): boolean {
  let prepared = preparedSelects.get(entity);
  if (!prepared) preparedSelects.set(entity, (prepared = new Set()));
  if (!prepared.has(select) && prepared.size < PREPARED_SELECTS_PER_ENTITY) prepared.add(select);
  return prepared.has(select);
}

/**
 * The page's own columns: those shown, and the order's when a cursor is shown (`keyOf` makes cursors of them); all
 * of them when the order is not plain columns or nothing was said. And whether its statements may be prepared
 * (every column: always).
 */
function ownSelect<T extends ObjectLiteral>(o: ScopedPageOptions<T>): { select: string; prepared: boolean } {
  const orderKey = `${o.alias} ${o.order.columns.map((c) => c.sql).join(' ')}`;
  let byOrder = o.shown ? ownSelects.get(o.shown) : undefined;
  let known = byOrder?.get(orderKey);
  if (!known) {
    const columns = pageColumns(o);
    const select = entitySelect(o.db, o.entity, o.alias, columns);
    known = { select, prepared: select === entitySelect(o.db, o.entity, o.alias) || admitted(o.entity, select) };
    if (o.shown) {
      if (!byOrder) ownSelects.set(o.shown, (byOrder = new Map()));
      byOrder.set(orderKey, known);
    }
  }
  return known;
}

function pageColumns<T extends ObjectLiteral>(o: ScopedPageOptions<T>): ReadonlySet<string> | undefined {
  if (!o.shown) return undefined;
  const columns = new Set<string>(o.shown.columns);
  if (!o.shown.cursors) return columns;
  for (const c of o.order.columns) {
    const property = columnProperty(o.db, o.entity, o.alias, c.sql);
    if (!property) return undefined;
    columns.add(property);
  }
  return columns;
}
