import { DataSource } from 'typeorm';
import { preparedRead } from '../platform/db/prepared';
import { CursorKey, Page, PageRequest, beyondSql, orderSql, toPage, windowSql } from '../platform/pagination';

/** A list's rows before paging: the table, the columns as the node's fields, and the filters with their bound values. */
export interface FilteredRows {
  /** The table and its alias, e.g. `air_quality_hourly a`. */
  from: string;
  /** The select list, each column named as its node's field (`a.observed_at AS "observedAt"`). */
  select: string;
  /** Tables joined for the page's own select only (related rows it reads along, platform/db/joined-entity.ts), not for its count. */
  join?: string;
  /** Conditions written with `$n` placeholders of `params`, all applying. */
  filters: string[];
  params: unknown[];
  /**
   * Whether the statements are prepared: not when the filters hold a client's `where`, whose shapes have no end and
   * would take the prepared names (platform/db/prepared.ts) from the lists' fixed statements.
   */
  prepare: boolean;
}

/**
 * One page of rows in a keyset order, in raw SQL (plain rows, no entity built per row): the page's statement, and,
 * only if a client asks for them, the total count and whether rows lie beyond the cursor the page was read from. The
 * one way every list pages, each statement prepared (platform/db/prepared.ts) (hand-written lists through scopedPage, declared datasets through datasetList). `read` is
 * the number of rows the page shows, for the audit log; `shown`, those rows.
 */
export async function keysetPage<T>(db: DataSource, rows: FilteredRows, request: PageRequest, keyOf: (row: T) => CursorKey): Promise<{ page: Page<T>; read: number; shown: T[] }> {
  const filtered = rows.filters.length ? rows.filters.join(' AND ') : 'true';
  const params = [...rows.params];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const window = windowSql(request, bind);
  const found = await preparedRead<T>(
    db,
    `SELECT ${rows.select} FROM ${rows.from}${rows.join ? ` ${rows.join}` : ''} WHERE ${[filtered, ...window].join(' AND ')} ORDER BY ${orderSql(request)} LIMIT ${bind(request.limit + 1)}`,
    params,
    rows.prepare,
  );
  const count = async () => (await preparedRead<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${rows.from} WHERE ${filtered}`, rows.params, rows.prepare))[0].n;
  const beyond = async () => {
    const beyondParams = [...rows.params];
    const past = beyondSql(request, (value) => `$${beyondParams.push(value)}`);
    const [{ found: exists }] = await preparedRead<{ found: boolean }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM ${rows.from} WHERE ${filtered} AND ${past}) AS found`,
      beyondParams,
      rows.prepare,
    );
    return exists;
  };
  const shown = found.slice(0, request.limit);
  return { page: toPage(found, request, keyOf, count, beyond), read: shown.length, shown };
}
