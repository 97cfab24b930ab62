import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the process; served as text on GET /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
let pool: PoolStats | undefined;

/** The pool gauge reads the live pg pool at scrape time. */
export function watchPool(p: PoolStats): void {
  pool = p;
}

/**
 * Client-chosen names (GraphQL operation names) as label values: each distinct value is a series kept for the life of
 * the process, so a name is cut to 64 characters of [_A-Za-z0-9] (others become `_`), and only the first `max`
 * distinct names get a series of their own; later ones are counted under `other`.
 */
export class BoundedLabels {
  static readonly OTHER = 'other';
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly maxLength = 64,
  ) {}

  label(name: string): string {
    const clean = name.slice(0, this.maxLength).replace(/[^_A-Za-z0-9]/g, '_') || '_';
    if (this.seen.has(clean)) return clean;
    if (this.seen.size >= this.max) return BoundedLabels.OTHER;
    this.seen.add(clean);
    return clean;
  }
}

/** The `operation` label of the GraphQL metrics. */
export const operationLabels = new BoundedLabels(200);

export const metrics = {
  graphqlRequests: new Counter({
    name: 'lantian_graphql_requests_total',
    help: 'GraphQL operations by operation name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  }),
  graphqlDuration: new Histogram({
    name: 'lantian_graphql_request_duration_seconds',
    help: 'GraphQL operation latency by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  ingestedRows: new Counter({
    name: 'lantian_ingested_rows_total',
    help: 'Rows received by publish mutations, by dataset and outcome (accepted/rejected)',
    labelNames: ['dataset', 'outcome'] as const,
    registers: [registry],
  }),
  readsRouted: new Counter({
    name: 'lantian_graphql_reads_routed_total',
    help: 'GraphQL requests by the server their reads went to (primary or replica), when read replicas are configured',
    labelNames: ['server'] as const,
    registers: [registry],
  }),
  dbPool: new Gauge({
    name: 'lantian_db_pool_connections',
    help: 'PostgreSQL pool connections by state: total, idle, and clients waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  }),
};
