import { DatasetDefinition } from '../catalog/dataset';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Access, scopeCondition } from '../access/access';
import { CursorPart, Page, afterKeySql, pageRequest, toPage } from '../platform/pagination';
import { assertRegionExists } from '../regions/region.queries';

export interface ScopedPageOptions<T extends ObjectLiteral> {
  access: Access;
  dataset: DatasetDefinition;
  args: { first?: number | null; after?: string | null; regionCode?: string | null };
  /** SQL giving a row's region: what a region-limited grant and the `regionCode` argument apply to. */
  regionColumn: string;
  /** The dataset's query with its own filters (called twice: the page, and the count if asked for). */
  query: () => SelectQueryBuilder<T>;
  /** The `regionCode` filter, when an index serves better than `regionColumn` (default: regionColumn in the subtree). */
  regionFilter?: (qb: SelectQueryBuilder<T>, regionCode: string) => void;
  /** Keyset order: the key columns, what each holds (checked in a cursor), a row's key, and the key as bound from a cursor. */
  key: { columns: string[]; parts: CursorPart[]; of: (row: T) => (string | number)[]; fromCursor?: (values: (string | number)[]) => unknown[] };
}

/**
 * A page of a hand-written feed's rows as the caller may see them: within its grant's regions, the region filter
 * checked against the grant, keyset pagination on the key, the read tallied for the audit log: the one page of every
 * list written with the query builder (regions, stations, air quality, targets). Declared datasets page in raw SQL
 * (dataset-list.ts) and the stations of many regions page in one statement (air-station.loader.ts), all on the
 * same page steps (platform/pagination.ts: pageRequest, afterKeySql, toPage).
 */
export async function scopedPage<T extends ObjectLiteral>(o: ScopedPageOptions<T>): Promise<Page<T>> {
  const { limit, after } = pageRequest(o.args, o.key.parts);
  const scope = await o.access.readScope(o.dataset);
  const region = o.args.regionCode;
  if (region) {
    await assertRegionExists(o.query().connection, 'regionCode', region);
    await o.access.assertRegion(o.dataset, region);
  }
  const filtered = () => {
    const qb = o.query().andWhere(...scopeCondition(scope, o.regionColumn));
    if (region && o.regionFilter) o.regionFilter(qb, region);
    else if (region) qb.andWhere(`${o.regionColumn} IN (SELECT code FROM region_subtree(:scopedRegion))`, { scopedRegion: region });
    return qb;
  };
  const qb = filtered().limit(limit + 1);
  o.key.columns.forEach((column, i) => (i ? qb.addOrderBy(column) : qb.orderBy(column)));
  if (after) {
    const values = o.key.fromCursor?.(after) ?? after;
    qb.andWhere(
      afterKeySql(o.key.columns, values.map((_, i) => `:afterKey${i}`)),
      Object.fromEntries(values.map((v, i) => [`afterKey${i}`, v])),
    );
  }
  const rows = await qb.getMany();
  o.access.recordRead(o.dataset.id, Math.min(rows.length, limit));
  return toPage(rows, limit, o.key.of, () => filtered().getCount());
}
