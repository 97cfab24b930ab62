import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from '../errors';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

@ObjectType({ description: 'Relay page info. Pages go forward only (`first`/`after`).' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field({ description: 'Always false: pages go forward only.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
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
  @ObjectType(`${node.name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${node.name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
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

export function decodeCursor(after: string | null | undefined, arity: number): (string | number)[] | null {
  if (after === null || after === undefined) return null;
  try {
    const key = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput(`after is not a cursor returned by this connection: ${after}`);
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
