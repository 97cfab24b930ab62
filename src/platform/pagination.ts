import { createHash } from 'node:crypto';
import { ArgsType, ClassType, Field, Int } from 'type-graphql';
import { ObjectType } from './object-type';
import { badUserInput } from './errors';
import { isCalendarDay, isWithinTimeRange } from './scalars';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

/** The descriptions of every connection's page arguments, written once. */
export const FIRST_DESCRIPTION = 'Page size, reading forward: default 50, at most 1,000. Not with `last`.';
export const AFTER_DESCRIPTION = "The `endCursor` of the previous page (or an edge's `cursor`): the page starts after it. Omitted: the first page.";
export const LAST_DESCRIPTION = 'Page size, reading backward: the last `last` nodes (before `before`, when given), in the list\'s order; at most 1,000. Not with `first`.';
export const BEFORE_DESCRIPTION = "The `startCursor` of the next page (or an edge's `cursor`): the page ends before it. A cursor is valid only with the ordering (`orderBy`) that returned it.";

/**
 * A field whose value may be a promise (a statement run only when the field is asked), so it keeps a resolver: the
 * compiled execution awaits what resolvers return, but reads a plain field (platform/object-type.ts) as it is.
 */
const MAY_BE_PENDING = { simple: false } as const;

@ObjectType({ description: 'Relay page info: pages go forward (`first`/`after`) or backward (`last`/`before`).' })
export class PageInfo {
  @Field(() => Boolean, { ...MAY_BE_PENDING, description: 'True when nodes follow this page: pass `endCursor` as `after` to read them.' })
  hasNextPage!: boolean | Promise<boolean>;

  @Field(() => Boolean, { ...MAY_BE_PENDING, description: 'True when nodes precede this page: pass `startCursor` as `before` (with `last`) to read them.' })
  hasPreviousPage!: boolean | Promise<boolean>;

  @Field(() => String, { nullable: true, description: 'Cursor of the first node of the page, the `before` of the previous page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last node of the page, the `after` of the next page; null when the page is empty.' })
  endCursor!: string | null;
}

/** The page arguments of every connection: `first`/`after` forward, `last`/`before` backward (Relay). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: FIRST_DESCRIPTION })
  first?: number | null;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: LAST_DESCRIPTION })
  last?: number | null;

  @Field(() => String, { nullable: true, description: BEFORE_DESCRIPTION })
  before?: string | null;
}

/** A node of a page and its cursor, encoded only when a client reads it (most lists are read without cursors). */
export class PageEdge<T> {
  private encoded?: string;

  constructor(
    readonly node: T,
    private readonly order: KeysetOrder,
    private readonly keyOf: (node: T) => CursorKey,
  ) {}

  get cursor(): string {
    return (this.encoded ??= encodeCursor(this.order, this.keyOf(this.node)));
  }
}

/** A page of nodes with the total count computed only if a client asks for it. */
export class Page<T> {
  constructor(
    readonly edges: PageEdge<T>[],
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
    @Field({ description: 'Opaque cursor of this node: pass it as `after` (or `before`) to read the nodes that follow (or precede) it.' })
    cursor!: string;

    @Field(() => node, { description: `The ${node.name}.` })
    node!: T;
  }

  @ObjectType(`${node.name}Connection`, { description: `A page of ${node.name} nodes (Relay connection), in the order of the query that returned it.` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The nodes of this page, in order, each with its cursor.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether nodes follow or precede this page, and the cursors of this page.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { ...MAY_BE_PENDING, description: 'Number of nodes matching the filters, over all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** `first` or `last`: default 50, at most 1,000. */
export function pageSize(size: number | null | undefined, name = 'first'): number {
  if (size === null || size === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
    throw badUserInput(`${name} must be between 0 and ${MAX_PAGE}; got ${size}`);
  }
  return size;
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

/** One column of a keyset order: its SQL, what a cursor holds for it, the SQL type a bound value is cast to, its direction. */
export interface SortColumn {
  sql: string;
  part: CursorPart;
  cast?: string;
  desc?: boolean;
}

/**
 * A list's order, total (it ends with the natural key) so a cursor names one position. `list` names the list: with
 * the columns and directions it makes the tag every cursor carries, so a cursor of another list or of another ordering
 * of this one is refused rather than read as a position in the wrong order.
 */
export interface KeysetOrder {
  list: string;
  columns: SortColumn[];
}

export type CursorKey = (string | number)[];

/**
 * Each order's tag, hashed once: the orders are few (a list's sortable fields, a few entries of `orderBy`), and a
 * request rebuilds its order from its `orderBy`.
 */
const orderTags = new Map<string, string>();

function orderTag(order: KeysetOrder): string {
  const signature = [order.list, ...order.columns.map((c) => `${c.sql}:${c.part}:${c.desc ? 'D' : 'A'}`)].join('|');
  let tag = orderTags.get(signature);
  if (!tag) {
    tag = createHash('sha256').update(signature).digest('base64url').slice(0, 10);
    orderTags.set(signature, tag);
  }
  return tag;
}

/** Opaque cursors: the tag of the order, then the sort key of the node, base64url JSON. */
export function encodeCursor(order: KeysetOrder, key: CursorKey): string {
  return Buffer.from(JSON.stringify([orderTag(order), ...key])).toString('base64url');
}

/** The sort key a cursor holds, each value checked against the order; a cursor that is not one of this list and order is BAD_USER_INPUT. */
export function decodeCursor(cursor: string | null | undefined, order: KeysetOrder, argument = 'after'): CursorKey | null {
  if (cursor === null || cursor === undefined) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parts = order.columns.map((c) => c.part);
  const [tag, ...key] = Array.isArray(decoded) ? decoded : [];
  if (typeof tag === 'string' && key.length && tag !== orderTag(order)) {
    throw badUserInput(`${argument} is not a cursor returned by this connection in this order: a cursor of another ordering (orderBy) or list is refused`, { argument });
  }
  const values = tag && key.length === parts.length ? parts.map((part, i) => CURSOR_PARTS[part](key[i])) : [];
  if (values.length !== parts.length || values.some((v) => v === undefined)) {
    throw badUserInput(`${argument} is not a cursor returned by this connection: ${JSON.stringify(cursor.slice(0, 100))}`, { argument });
  }
  return values as CursorKey;
}

/** A connection's page arguments, checked: how many rows, which way, and the keys the page lies between. */
export interface PageRequest {
  order: KeysetOrder;
  limit: number;
  /** `last`: the rows are fetched in reverse order, then turned back. */
  backward: boolean;
  after: CursorKey | null;
  before: CursorKey | null;
}

/** The one reading of a connection's page arguments: `first` or `last` (pageSize), `after` and `before` against the order. */
export function pageRequest(args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null }, order: KeysetOrder): PageRequest {
  const hasLast = args.last !== null && args.last !== undefined;
  if (hasLast && args.first !== null && args.first !== undefined) throw badUserInput('give first or last, not both', { argument: 'last' });
  return {
    order,
    limit: hasLast ? pageSize(args.last, 'last') : pageSize(args.first),
    backward: hasLast,
    after: decodeCursor(args.after, order, 'after'),
    before: decodeCursor(args.before, order, 'before'),
  };
}

/** Binds a value as a query parameter and gives its placeholder (`$3`, `:p3`). */
export type Bind = (value: unknown) => string;

/**
 * The rows on one side of a key in the order: `follow` those after it, else those before it; `inclusive` the key's
 * own row too. One direction throughout: a row comparison an index serves. Mixed directions: the expanded form.
 * Both after a bound on the first column alone, which an index can use whatever its other columns.
 */
export function keysetSql(order: KeysetOrder, key: CursorKey, follow: boolean, inclusive: boolean, bind: Bind): string {
  const { columns } = order;
  const values = key.map((v, i) => (columns[i].cast ? `${bind(v)}::${columns[i].cast}` : bind(v)));
  const op = (c: SortColumn) => ((c.desc ? !follow : follow) ? '>' : '<');
  if (columns.length === 1) return `${columns[0].sql} ${op(columns[0])}${inclusive ? '=' : ''} ${values[0]}`;
  // The first column's bound alone: an index led by it, or led by columns held equal and then it, starts there.
  const bound = `${columns[0].sql} ${op(columns[0])}= ${values[0]}`;
  if (columns.every((c) => !!c.desc === !!columns[0].desc)) {
    return `${bound} AND (${columns.map((c) => c.sql).join(', ')}) ${op(columns[0])}${inclusive ? '=' : ''} (${values.join(', ')})`;
  }
  const branches = columns.map((c, i) => [...columns.slice(0, i).map((p, j) => `${p.sql} = ${values[j]}`), `${c.sql} ${op(c)} ${values[i]}`].join(' AND '));
  if (inclusive) branches.push(columns.map((c, i) => `${c.sql} = ${values[i]}`).join(' AND '));
  return `${bound} AND ((${branches.join(') OR (')}))`;
}

/** The conditions of the page's window: after `after`, before `before`. */
export function windowSql(request: PageRequest, bind: Bind): string[] {
  const conditions: string[] = [];
  if (request.after) conditions.push(keysetSql(request.order, request.after, true, false, bind));
  if (request.before) conditions.push(keysetSql(request.order, request.before, false, false, bind));
  return conditions;
}

/** The terms of the fetch's ORDER BY: the order, or its reverse when reading backward. */
export function orderTerms(request: PageRequest): [string, 'ASC' | 'DESC'][] {
  return request.order.columns.map((c) => [c.sql, !!c.desc !== request.backward ? 'DESC' : 'ASC']);
}

/** The ORDER BY of the fetch, as SQL. */
export function orderSql(request: PageRequest): string {
  return orderTerms(request)
    .map(([sql, direction]) => `${sql} ${direction}`)
    .join(', ');
}

/**
 * The condition of the rows beyond the cursor the page was read from — at or before `after` going forward, at or
 * after `before` going backward — to tell whether a previous (next) page exists; null when the page starts at an end.
 */
export function beyondSql(request: PageRequest, bind: Bind): string | null {
  if (!request.backward && request.after) return keysetSql(request.order, request.after, false, true, bind);
  if (request.backward && request.before) return keysetSql(request.order, request.before, true, true, bind);
  return null;
}

/**
 * Builds a page from `limit + 1` rows fetched in `orderSql` order (the extra row only tells whether the list goes on
 * that way). `beyond` (rows past the cursor the page was read from exist: `beyondSql`) is asked only if a client
 * reads the flag it answers.
 */
export function toPage<T>(rows: T[], request: PageRequest, keyOf: (row: T) => CursorKey, count: () => Promise<number>, beyond?: () => Promise<boolean>): Page<T> {
  const { limit, backward, order } = request;
  const nodes = rows.slice(0, limit);
  if (backward) nodes.reverse();
  const edges = nodes.map((node) => new PageEdge(node, order, keyOf));
  const more = rows.length > limit;
  let asked: Promise<boolean> | undefined;
  const past = () => (beyond && (backward ? request.before : request.after) ? (asked ??= beyond()) : false);
  const pageInfo: PageInfo = {
    get hasNextPage() {
      return backward ? past() : more;
    },
    get hasPreviousPage() {
      return backward ? more : past();
    },
    get startCursor() {
      return edges[0]?.cursor ?? null;
    },
    get endCursor() {
      return edges[edges.length - 1]?.cursor ?? null;
    },
  };
  return new Page(edges, pageInfo, count);
}
