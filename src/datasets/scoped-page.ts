import { DatasetDefinition } from '../catalog/dataset';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Access, scopeCondition } from '../access/access';
import { Bind, CursorKey, KeysetOrder, Page, PageArgs, beyondSql, orderTerms, pageRequest, toPage, windowSql } from '../platform/pagination';
import { assertRegionExists } from '../regions/region.queries';

export interface ScopedPageOptions<T extends ObjectLiteral> {
  access: Access;
  dataset: DatasetDefinition;
  args: PageArgs & { regionCode?: string | null };
  /** SQL giving a row's region: what a region-limited grant and the `regionCode` argument apply to. */
  regionColumn: string;
  /** The dataset's query with its own filters (called for the page, and for the count and the far side if asked for). */
  query: () => SelectQueryBuilder<T>;
  /** The `regionCode` filter, when an index serves better than `regionColumn` (default: regionColumn in the subtree). */
  regionFilter?: (qb: SelectQueryBuilder<T>, regionCode: string) => void;
  /** The list's `where`, written with the page's `bind` (`WhereInput.compile`); null when it sets none. The scope applies apart from it. */
  where?: (bind: Bind) => string | null;
  /** Keyset order (the natural key, or an `orderBy` completed by it) and a row's values of its columns. */
  order: KeysetOrder;
  keyOf: (row: T) => CursorKey;
}

/**
 * A page of a hand-written feed's rows as the caller may see them: within its grant's regions, the region filter
 * checked against the grant, keyset pagination on the order either way, the read tallied for the audit log: the one
 * page of every list written with the query builder (regions, stations, air quality, targets). Declared datasets page
 * in raw SQL (dataset-list.ts) and the stations of many regions page in one statement (air-station.loader.ts), all on
 * the same page steps (platform/pagination.ts: pageRequest, windowSql, orderTerms, beyondSql, toPage).
 */
export async function scopedPage<T extends ObjectLiteral>(o: ScopedPageOptions<T>): Promise<Page<T>> {
  const request = pageRequest(o.args, o.order);
  const scope = await o.access.readScope(o.dataset);
  const region = o.args.regionCode;
  if (region) {
    await assertRegionExists(o.query().connection, 'regionCode', region);
    await o.access.assertRegion(o.dataset, region);
  }
  /** Adds conditions written with `bind` placeholders (`:<prefix>N`) to a query. */
  const where = (qb: SelectQueryBuilder<T>, prefix: string, write: (bind: Bind) => string[] | string | null) => {
    const params: Record<string, unknown> = {};
    const bind = (v: unknown) => {
      const name = `${prefix}${Object.keys(params).length}`;
      params[name] = v;
      return `:${name}`;
    };
    const conditions = [write(bind)].flat().filter((c): c is string => !!c);
    for (const c of conditions) qb.andWhere(c, params);
    return qb;
  };
  const filtered = () => {
    const qb = o.query().andWhere(...scopeCondition(scope, o.regionColumn));
    if (region && o.regionFilter) o.regionFilter(qb, region);
    else if (region) qb.andWhere(`${o.regionColumn} IN (SELECT code FROM region_subtree(:scopedRegion))`, { scopedRegion: region });
    return o.where ? where(qb, 'where', o.where) : qb;
  };
  const qb = where(filtered(), 'pageKey', (bind) => windowSql(request, bind)).limit(request.limit + 1);
  qb.orderBy(Object.fromEntries(orderTerms(request)));
  const rows = await qb.getMany();
  o.access.recordRead(o.dataset.id, Math.min(rows.length, request.limit));
  return toPage(
    rows,
    request,
    o.keyOf,
    () => filtered().getCount(),
    async () => !!(await where(filtered(), 'pageKey', (bind) => beyondSql(request, bind)).select('1').limit(1).getRawOne()),
  );
}
