import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from './errors';
import { isCalendarDay, isWithinTimeRange } from './scalars';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

/** The descriptions of every connection's page arguments, written once. */
export const FIRST_DESCRIPTION = 'Page size: default 50, at most 1,000.';
export const AFTER_DESCRIPTION = "The `endCursor` of the previous page (or an edge's `cursor`): the page starts after it. Omitted: the first page.";

@ObjectType({ description: 'Relay page info. Pages go forward only (`first`/`after`).' })
export class PageInfo {
  @Field({ description: 'True when more nodes follow this page: pass `endCursor` as `after` to read them.' })
  hasNextPage!: boolean;

  @Field({ description: 'Always false: pages go forward only.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first node of the page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last node of the page, the `after` of the next page; null when the page is empty.' })
  endCursor!: string | null;
}

/** A page of nodes with the total count computed only if a client asks for it. */
export class Page<T> {
  constructor(
    readonly edges: { cursor: string; node: T }[],
    readonly pageInfo: PageInfo,
    private readonly count: () => Promise<number>,
  ) {}

  get totalCount(): Promise<number> {
    return this.count();
  }
}

/** `XxxConnection` and `XxxEdge` types for a node type (Relay connection spec). */
export function Connection<T extends object>(node: ClassType<T>) {
  @ObjectType(`${node.name}Edge`, { description: `One ${node.name} of a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this node: pass it as `after` to read the nodes that follow it.' })
    cursor!: string;

    @Field(() => node, { description: `The ${node.name}.` })
    node!: T;
  }

  @ObjectType(`${node.name}Connection`, { description: `A page of ${node.name} nodes (Relay connection), in the order of the query that returned it.` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The nodes of this page, in order, each with its cursor.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether more nodes follow, and the cursors of this page.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of nodes matching the filters, over all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** `first`: default 50, at most 1,000. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE}; got ${first}`);
  }
  return first;
}

/** Opaque cursors: the sort key of the last row, base64url JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What each value of a connection's sort key is, so a cursor that comes back is checked before it reaches SQL: a
 * forged or foreign one (another list's, garbage in base64) is the client's mistake, never a database error.
 * `text` (no U+0000), `integer` (32-bit), `bigint` (digits, as a serial id is written), `date` (YYYY-MM-DD),
 * `instant` (milliseconds or ISO 8601, given back as ISO 8601 UTC).
 */
export type CursorPart = 'text' | 'integer' | 'bigint' | 'date' | 'instant';

const MAX_CURSOR_TEXT = 1000;

const CURSOR_PARTS: Record<CursorPart, (v: unknown) => string | number | undefined> = {
  text: (v) => (typeof v === 'string' && v.length <= MAX_CURSOR_TEXT && !v.includes('\u0000') ? v : undefined),
  integer: (v) => (Number.isInteger(v) && Math.abs(v as number) <= 2_147_483_647 ? (v as number) : undefined),
  bigint: (v) => (typeof v === 'string' && /^\d{1,18}$/.test(v) ? v : undefined),
  date: (v) => (typeof v === 'string' && isCalendarDay(v) ? v : undefined),
  instant: (v) => {
    const time = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isInteger(time) && isWithinTimeRange(time) ? new Date(time).toISOString() : undefined;
  },
};

/** The sort key a cursor holds, each value checked against `parts`; a cursor that is not one of this list is BAD_USER_INPUT. */
export function decodeCursor(after: string | null | undefined, parts: readonly CursorPart[]): (string | number)[] | null {
  if (after === null || after === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const values = Array.isArray(key) && key.length === parts.length ? parts.map((part, i) => CURSOR_PARTS[part](key[i])) : [];
  if (values.length !== parts.length || values.some((v) => v === undefined)) {
    throw badUserInput(`after is not a cursor returned by this connection: ${JSON.stringify(after.slice(0, 100))}`);
  }
  return values as (string | number)[];
}

/** A connection's `first` and `after`, checked: how many rows the page holds and the sort key it starts after (null: the first page). */
export interface PageRequest {
  limit: number;
  after: (string | number)[] | null;
}

/** The one reading of a connection's page arguments: `first` (pageSize), then `after` against the list's key parts. */
export function pageRequest(args: { first?: number | null; after?: string | null }, parts: readonly CursorPart[]): PageRequest {
  return { limit: pageSize(args.first), after: decodeCursor(args.after, parts) };
}

/** The keyset condition of a page in ascending key order: the rows whose key, compared as a row, follows the cursor's. */
export function afterKeySql(columns: readonly string[], values: readonly string[]): string {
  return `(${columns.join(', ')}) > (${values.join(', ')})`;
}

/** Builds a page from `limit + 1` fetched rows (the extra row only tells whether there is a next page). */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[], count: () => Promise<number>): Page<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return new Page(
    edges,
    {
      hasNextPage: rows.length > limit,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    count,
  );
}
