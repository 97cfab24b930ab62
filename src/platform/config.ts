import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const BYTES = /^(\d+)(b|kb|mb|gb)$/i;
/** `24`, `air-quality-hourly=60`, or a list of them: at most one bare number (every partitioned dataset). */
const RETENTION = /^([1-9]\d*|[a-z0-9-]+=[1-9]\d*)(,[a-z0-9-]+=[1-9]\d*)*$/;
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_REPLICA_URLS: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^,]+(,postgres(ql)?:\/\/[^,]+)*$/, 'must be postgres:// or postgresql:// URLs, separated by commas')
    .optional(),
  DATABASE_REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  HUB_PROCESSES: z.coerce.number().int().min(1).max(1000).default(1),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  INGEST_MAX_BATCH: z.coerce.number().int().min(1).max(100_000).default(10_000),
  REQUEST_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 10mb').default('10mb'),
  INGEST_BODY_LIMIT: z.string().regex(BYTES, 'like 1gb or 500mb').default('1gb'),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(1).max(1000).default(30),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(1).max(1000).default(20),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(100_000),
  RATE_LIMITS: z
    .string()
    .regex(/^(PUBLISHER|READER|ADMIN)=\d+(,(PUBLISHER|READER|ADMIN)=\d+)*$/, 'like PUBLISHER=600,READER=600,ADMIN=300')
    .default('PUBLISHER=600,READER=600,ADMIN=300'),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  LIVE_CONNECTIONS_PER_KEY: z.coerce.number().int().min(1).max(10_000).default(20),
  FEED_STALE_CHECK_SECONDS: z.coerce.number().min(0.1).max(86_400).default(60),
  PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(0).max(120).default(2),
  RETENTION_MONTHS: z
    .string()
    .regex(RETENTION, 'like 24, or air-quality-hourly=60,weather-hourly=24 (months, at least 1), or both: 24,air-quality-hourly=60')
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Unset: the hub runs its own embedded PostgreSQL under `dataDir`. */
  databaseUrl?: string;
  /** Hot standbys of the primary that serve reads (src/platform/db/read-replicas.ts); none: every read on the primary. */
  databaseReplicaUrls: string[];
  /** How far behind the primary a replica may be and still serve the reads of keys that have not just written. */
  replicaMaxLagMs: number;
  /** Hub processes serving one database: each enforces its share of the rate limits (1/n of each). */
  hubProcesses: number;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  embeddedPgPort: number;
  dbPoolSize: number;
  ingestMaxBatch: number;
  requestBodyLimit: string;
  /** Largest body of a bulk file over `POST /ingest/<dataset>`, in bytes. */
  ingestBodyLimit: number;
  limits: { maxDepth: number; maxAliases: number; maxDirectives: number; maxCost: number };
  /** Requests a minute per key (token bucket), by role, across all `hubProcesses`. */
  rateLimits: Record<'PUBLISHER' | 'READER' | 'ADMIN', number>;
  /**
   * Failed authentications a minute per client address (token bucket) before its requests are refused unread, across
   * all `hubProcesses`.
   */
  authFailuresPerMinute: number;
  /** Open subscription (WebSocket) connections a key may hold on one hub process. */
  liveConnectionsPerKey: number;
  /** How often each hub process looks for datasets turned stale (one process at a time checks). */
  feedStaleCheckMs: number;
  /** Month partitions created ahead: the current month and this many after it. */
  partitionMonthsAhead: number;
  /**
   * Months a partitioned dataset keeps before the current one; older months are archived. `all` for every
   * partitioned dataset, `byDataset` for some; neither: everything is kept.
   */
  retentionMonths: { all?: number; byDataset: Record<string, number> };
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; every entry point (server, CLI, tests) goes through here. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  const rateLimits = {
    PUBLISHER: 600,
    READER: 600,
    ADMIN: 300,
    ...Object.fromEntries(e.RATE_LIMITS.split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])])),
  };
  const tooLow = Object.entries({ ...rateLimits, AUTH_FAILURES_PER_MINUTE: e.AUTH_FAILURES_PER_MINUTE }).filter(([, n]) => n < e.HUB_PROCESSES);
  if (tooLow.length) {
    throw new ConfigError(
      `Invalid configuration:\n  ${tooLow.map(([name]) => name).join(', ')}: below HUB_PROCESSES (${e.HUB_PROCESSES}); ` +
        'each process enforces its share of a limit, and a share under one request a minute would refuse every request',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrls: e.DATABASE_REPLICA_URLS?.split(',') ?? [],
    replicaMaxLagMs: e.DATABASE_REPLICA_MAX_LAG_SECONDS * 1000,
    hubProcesses: e.HUB_PROCESSES,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    dbPoolSize: e.DB_POOL_SIZE,
    ingestMaxBatch: e.INGEST_MAX_BATCH,
    requestBodyLimit: e.REQUEST_BODY_LIMIT,
    ingestBodyLimit: bytesOf(e.INGEST_BODY_LIMIT),
    limits: { maxDepth: e.MAX_QUERY_DEPTH, maxAliases: e.MAX_QUERY_ALIASES, maxDirectives: e.MAX_QUERY_DIRECTIVES, maxCost: e.MAX_QUERY_COST },
    rateLimits,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    liveConnectionsPerKey: e.LIVE_CONNECTIONS_PER_KEY,
    feedStaleCheckMs: e.FEED_STALE_CHECK_SECONDS * 1000,
    partitionMonthsAhead: e.PARTITION_MONTHS_AHEAD,
    retentionMonths: retentionOf(e.RETENTION_MONTHS),
  };
}

function retentionOf(setting: string | undefined): Config['retentionMonths'] {
  const items = setting?.split(',') ?? [];
  const all = items.find((item) => !item.includes('='));
  const pairs = items.filter((item) => item.includes('=')).map((item) => item.split('='));
  return { all: all === undefined ? undefined : Number(all), byDataset: Object.fromEntries(pairs.map(([id, months]) => [id, Number(months)])) };
}

function bytesOf(size: string): number {
  const [, amount, unit] = BYTES.exec(size)!;
  return Number(amount) * UNITS[unit.toLowerCase()];
}

/** `FOO=` in a shell means "unset", not "empty string". */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => !!kv[1]));
}
