import { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, GraphQLSchema, ValidationRule, validate } from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { Role } from '../core/enums';
import { DEFAULT_PAGE } from '../core/pagination';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
}

function limitError(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/** A connection costs its page size times what each node costs: `regions(first: 1000) { … airStations(first: 1000) }` is 10⁶. */
export const connectionEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  if (!field.args.some((a) => a.name === 'first')) return undefined;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
  return 1 + Math.max(first, 1) * childComplexity;
};

/**
 * Depth, aliases, directives and cost are checked once the operation is known and before it runs; each refusal has
 * its own code (QUERY_TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_DIRECTIVES, QUERY_TOO_COSTLY). Introspection is exempt
 * from the depth limit, so any valid key can still load the schema.
 */
export function operationLimitsPlugin<C extends object>(schema: GraphQLSchema, limits: OperationLimits): ApolloServerPlugin<C> {
  const rules: [string, ValidationRule][] = [
    ['QUERY_TOO_DEEP', maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true }) as ValidationRule],
    ['TOO_MANY_ALIASES', maxAliasesRule({ n: limits.maxAliases, exposeLimits: true }) as ValidationRule],
    ['TOO_MANY_DIRECTIVES', maxDirectivesRule({ n: limits.maxDirectives, exposeLimits: true }) as ValidationRule],
  ];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          for (const [code, rule] of rules) {
            // graphql-armor's rules throw their refusal (propagateOnRejection) rather than report it.
            let refusal: GraphQLError | undefined;
            try {
              [refusal] = validate(schema, document, [rule]);
            } catch (error) {
              if (!(error instanceof GraphQLError)) throw error;
              refusal = error;
            }
            if (refusal) throw limitError(code, refusal.message.replace(/^Syntax Error: /, ''));
          }
          const cost = getComplexity({
            schema,
            query: document,
            operationName: operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > limits.maxCost) {
            throw limitError('QUERY_TOO_COSTLY', `the query costs ${cost}, more than the ${limits.maxCost} allowed: ask for smaller pages (first) or fewer nested lists`, {
              cost,
              maxCost: limits.maxCost,
            });
          }
        },
      };
    },
  };
}

/**
 * Per-key token buckets: a key may burst up to `perMinute` requests, refilled continuously at `perMinute` a minute.
 * (Kept by hand: a bucket is a few lines, and the rate-limiting libraries are window-based.) Per process: behind a
 * load balancer each hub instance enforces it separately.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: Record<Role, number>,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Takes a token for the key, or says how many seconds until one is free. */
  take(keyId: string, role: Role): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const capacity = this.perMinute[role];
    const perMs = capacity / 60_000;
    const now = this.clock();
    const bucket = this.buckets.get(keyId) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / perMs / 1000) };
  }
}
