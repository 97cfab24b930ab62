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
