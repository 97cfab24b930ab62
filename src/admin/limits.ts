import { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { DocumentNode, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, ValidationRule, getVariableValues, validate, visit } from 'graphql';
import { validationAbortedError } from 'graphql/validation/validationAbortedError';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { Role } from '../platform/enums';
import { DEFAULT_PAGE } from '../platform/pagination';

/**
 * Selections the cost estimate walks, fragments expanded, before it gives up: a fragment bomb (fragments spreading
 * each other many times over) expands exponentially, and its cost is refused as too high rather than computed.
 */
export const MAX_COSTED_SELECTIONS = 10_000;

/** Fragments spread within fragments (each spreading the next) at most this deep. */
export const MAX_FRAGMENT_NESTING = 50;

/** Costs remembered per document (each for one operation name and set of costed variables). */
const MAX_COSTS_PER_DOCUMENT = 64;

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
}

function limitError(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/**
 * A connection costs its page size (`first` or `last`) times what each node costs: `regions(first: 1000) { …
 * airStations(first: 1000) }` is 10⁶. A `where` or `orderBy` adds nothing, so none is priced or refused here: their
 * types offer only fields that lead an index (test/integration/dataset-tables.spec.ts checks every list's against its
 * table; a field reached through another row is a semi-join on that row's index), so no filter can make a page scan
 * a table; and a where is bounded before any SQL (MAX_WHERE_DEPTH, MAX_WHERE_CONDITIONS, MAX_IN_VALUES in
 * datasets/where-input.ts: a wider `or` or a longer `in` is BAD_USER_INPUT).
 */
export const connectionEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  if (!field.args.some((a) => a.name === 'first')) return undefined;
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE;
  return 1 + Math.max(size, 1) * childComplexity;
};

/** What an aggregate's statement costs beyond its groups: it reads many rows to return few (their range is bounded apart). */
export const AGGREGATE_STATEMENT_COST = 1_000;

/**
 * An aggregate (a field with `maxGroups`, `<query>Aggregate`) costs its statement, AGGREGATE_STATEMENT_COST, plus
 * each group it may return (`maxGroups`, default 1,000) like a node of a page: with the default limit of 100,000, a
 * handful of aggregates in one operation, or one of 10,000 small groups. The rows it reads are bounded by the range
 * it may cover (datasets/aggregate-sql.ts `maxAggregateDays`), not priced here.
 */
export const aggregateEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const maxGroups = field.args.find((a) => a.name === 'maxGroups');
  if (!maxGroups) return undefined;
  // An explicit null is the default too.
  const groups = typeof args.maxGroups === 'number' ? args.maxGroups : Number(maxGroups.defaultValue);
  return AGGREGATE_STATEMENT_COST + Math.max(groups, 1) * childComplexity;
};

/** The operation's cost; an operation too large to cost (past MAX_COSTED_SELECTIONS) is refused as too costly. */
function costOf(schema: GraphQLSchema, query: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  try {
    return getComplexity({
      schema,
      query,
      operationName,
      variables,
      estimators: [connectionEstimator, aggregateEstimator, simpleEstimator({ defaultComplexity: 1 })],
      maxQueryNodes: MAX_COSTED_SELECTIONS,
    });
  } catch (error) {
    // graphql-query-complexity's own refusal when maxQueryNodes is reached.
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw limitError('QUERY_TOO_COSTLY', `the query expands to more than ${MAX_COSTED_SELECTIONS} selections (fragments spread within fragments?): ask for less`, {
        maxSelections: MAX_COSTED_SELECTIONS,
      });
    }
    throw error;
  }
}

/** The longest chain of fragments spreading one another (1: a fragment that spreads none), cycles not followed. */
export function fragmentNesting(document: DocumentNode): number {
  const spreads = new Map<string, string[]>();
  let current: string[] = [];
  visit(document, {
    OperationDefinition: () => {
      current = [];
    },
    FragmentDefinition: (node) => {
      current = [];
      spreads.set(node.name.value, current);
    },
    FragmentSpread: (node) => {
      current.push(node.name.value);
    },
  });
  // Depth-first without recursion (the chains are what could be too deep for the stack), each fragment once.
  const depth = new Map<string, number>();
  for (const start of spreads.keys()) {
    if (depth.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    const onStack = new Set([start]);
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const children = spreads.get(frame.name)!;
      const child = children[frame.next++];
      if (child !== undefined) {
        if (spreads.has(child) && !depth.has(child) && !onStack.has(child)) {
          stack.push({ name: child, next: 0 });
          onStack.add(child);
        }
        continue;
      }
      depth.set(frame.name, 1 + children.reduce((deepest, c) => Math.max(deepest, depth.get(c) ?? 0), 0));
      stack.pop();
      onStack.delete(frame.name);
    }
  }
  return [...depth.values()].reduce((a, b) => Math.max(a, b), 0);
}

/**
 * graphql-js checks fragment cycles recursively, a stack frame per fragment of a chain: thousands of fragments each
 * spreading the next overflow the stack inside Apollo's validation, an internal error. This rule measures the chains
 * first (on entering the document, before the other rules look at a fragment) and stops the validation of a deeper
 * one with graphql-js's own signal for it, so the client gets a GRAPHQL_VALIDATION_FAILED (400) naming the limit.
 */
export function fragmentNestingRule(max = MAX_FRAGMENT_NESTING): ValidationRule {
  return (context) => ({
    Document(document) {
      const nesting = fragmentNesting(document);
      if (nesting <= max) return;
      context.reportError(new GraphQLError(`fragments spread within fragments ${nesting} deep, more than the ${max} allowed`));
      throw validationAbortedError;
    },
  });
}

/** POST /graphql runs queries and mutations; a subscription needs the WebSocket (src/app/live-server.ts). */
export const noSubscriptionOverHttpRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'subscription') {
      context.reportError(
        new GraphQLError('subscriptions run over WebSocket on /graphql (the graphql-transport-ws protocol of graphql-ws), not over HTTP', { nodes: node }),
      );
    }
  },
});

/**
 * Depth, aliases, directives and cost are checked once the operation is known and before it runs; each refusal has
 * its own code (QUERY_TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_DIRECTIVES, QUERY_TOO_COSTLY). Introspection is exempt
 * from the depth limit, so any valid key can still load the schema.
 */
export function operationLimitsPlugin<C extends object>(schema: GraphQLSchema, limits: OperationLimits): ApolloServerPlugin<C> {
  const check = operationLimitsCheck(schema, limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation, operationName }) {
          // No operation of that name: Apollo refuses the request itself (OPERATION_RESOLUTION_FAILURE) after this hook.
          if (operation) check(document, operation, operationName ?? undefined, request.variables ?? {});
        },
      };
    },
  };
}

/**
 * The limits as one check of a resolved operation, throwing the refusal: for the HTTP path (the plugin above) and
 * subscriptions over WebSocket alike.
 */
export function operationLimitsCheck(schema: GraphQLSchema, limits: OperationLimits) {
  const rules: [string, ValidationRule][] = [
    ['QUERY_TOO_DEEP', maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true }) as ValidationRule],
    ['TOO_MANY_ALIASES', maxAliasesRule({ n: limits.maxAliases, exposeLimits: true }) as ValidationRule],
    ['TOO_MANY_DIRECTIVES', maxDirectivesRule({ n: limits.maxDirectives, exposeLimits: true }) as ValidationRule],
  ];
  // Apollo hands the same parsed document to every request that sends the same text, so what depends on the document
  // alone (the three rules) is checked once per document, and its cost once per operation and costed variables.
  const refusals = new WeakMap<DocumentNode, { code: string; message: string } | null>();
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const refusalOf = (document: DocumentNode): { code: string; message: string } | null => {
    for (const [code, rule] of rules) {
      // graphql-armor's rules throw their refusal (propagateOnRejection) rather than report it.
      let refusal: GraphQLError | undefined;
      try {
        [refusal] = validate(schema, document, [rule]);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        refusal = error;
      }
      if (refusal) return { code, message: refusal.message.replace(/^Syntax Error: /, '') };
    }
    return null;
  };
  /**
   * The cost of the operation with these variables; undefined when they do not fit their types. Variables whose JSON
   * was costed before are not coerced again: a request's variables come as JSON, and execution coerces them anyway. (A
   * value JSON prints otherwise, such as 1e400 parsed as Infinity, is costed as the null it prints as; execution
   * refuses it, unless that cost was over the limit.)
   */
  const costOnce = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined, costed: Record<string, unknown>): number | undefined => {
    let known = costs.get(document);
    if (!known) costs.set(document, (known = new Map()));
    const key = `${operationName ?? ''}\u0000${JSON.stringify(costed)}`;
    let cost = known.get(key);
    if (cost === undefined) {
      if (getVariableValues(schema, operation.variableDefinitions ?? [], costed).errors) return undefined;
      cost = costOf(schema, document, operationName, costed);
      // Variables are the client's to vary: a document's memory of costs stays small.
      if (known.size >= MAX_COSTS_PER_DOCUMENT) known.clear();
      known.set(key, cost);
    }
    return cost;
  };
  return (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined, variables: Record<string, unknown>): void => {
    let refusal = refusals.get(document);
    if (refusal === undefined) refusals.set(document, (refusal = refusalOf(document)));
    // A new error each time: Apollo adds to the errors it is given.
    if (refusal) throw limitError(refusal.code, refusal.message);
    // Variables that do not fit their types are the client's mistake: execution refuses them (BAD_USER_INPUT)
    // before any resolver runs, so there is nothing to cost here.
    const cost = costOnce(document, operation, operationName, costedVariables(operation, variables));
    if (cost !== undefined && cost > limits.maxCost) {
      throw limitError('QUERY_TOO_COSTLY', `the query costs ${cost}, more than the ${limits.maxCost} allowed: ask for smaller pages (first) or fewer nested lists`, {
        cost,
        maxCost: limits.maxCost,
      });
    }
  };
}

/**
 * The variables as the cost sees them: a list variable's items cannot change the cost (the estimators read `first`
 * and `last`, Int arguments), so each list is costed empty. A publish mutation's list holds up to 10,000 rows, and
 * coercing them here, twice (the check above and getComplexity's own), cost twice what execution's one coercion does.
 */
export function costedVariables(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  let costed = variables;
  for (const { variable, type } of operation.variableDefinitions ?? []) {
    const name = variable.name.value;
    const listType = (type.kind === Kind.NON_NULL_TYPE ? type.type : type).kind === Kind.LIST_TYPE;
    if (listType && Array.isArray(variables[name]) && (variables[name] as unknown[]).length) {
      if (costed === variables) costed = { ...variables };
      costed[name] = [];
    }
  }
  return costed;
}

export type Turn = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
  perMinute: number;
}

/**
 * Token buckets by id: an id may burst up to `perMinute` takes, refilled continuously at `perMinute` a minute. (Kept
 * by hand: a bucket is a few lines, and the rate-limiting libraries are window-based.) Memory stays bounded whatever
 * the ids (client addresses are anybody's to choose): a bucket refilled to full is no different from a new one and is
 * dropped, and past `maxBuckets` the least recently used go first. Per process: each hub process enforces its share
 * of a limit (`processShare`).
 */
export class TokenBuckets {
  /** In order of last use, oldest first. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: () => number = () => Date.now(),
    private readonly maxBuckets = 100_000,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Takes a token for the id, or says how many seconds until one is free. */
  take(id: string, perMinute: number): Turn {
    const now = this.clock();
    const bucket = this.refilled(id, perMinute, now);
    const turn = this.turn(bucket);
    if (turn.allowed) bucket.tokens -= 1;
    this.buckets.delete(id);
    this.buckets.set(id, bucket);
    this.dropIdle(now);
    return turn;
  }

  private refilled(id: string, perMinute: number, now: number): Bucket {
    const bucket = this.buckets.get(id);
    if (!bucket) return { tokens: perMinute, at: now, perMinute };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);
    bucket.at = now;
    bucket.perMinute = perMinute;
    return bucket;
  }

  private turn(bucket: Bucket): Turn {
    if (bucket.tokens >= 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil(((1 - bucket.tokens) * 60) / bucket.perMinute) };
  }

  /** Oldest first, while they are full again or too many: a little work per take instead of a sweep. */
  private dropIdle(now: number): void {
    for (const [id, b] of this.buckets) {
      const full = b.tokens + ((now - b.at) * b.perMinute) / 60_000 >= b.perMinute;
      if (!full && this.buckets.size <= this.maxBuckets) return;
      this.buckets.delete(id);
    }
  }
}

/**
 * What each of `processes` hub processes enforces of per-minute limits: an equal share, so that a key whose requests
 * the load balancer spreads over them gets the whole limit and never more, at no cost per request (a bucket shared in
 * PostgreSQL would be a statement on the primary for every request). A key whose requests all reach one process gets
 * that process's share only: the error is on the strict side.
 */
export function processShare<K extends string>(perMinute: Record<K, number>, processes: number): Record<K, number> {
  return Object.fromEntries(Object.entries<number>(perMinute).map(([k, n]) => [k, n / processes])) as Record<K, number>;
}

/** Per-key token buckets, `perMinute` by the key's role. */
export class RateLimiter {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly perMinute: Record<Role, number>,
    clock: () => number = () => Date.now(),
  ) {
    this.buckets = new TokenBuckets(clock);
  }

  /** Takes a token for the key, or says how many seconds until one is free. */
  take(keyId: string, role: Role): Turn {
    return this.buckets.take(keyId, this.perMinute[role]);
  }
}
