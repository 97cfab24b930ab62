import { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '../platform/db/queryable';
import { isDatabaseUnavailable } from '../platform/db/database-errors';
import { logger } from '../platform/logger';
import { Principal } from '../access/principal';

export interface AuditEntry {
  at: Date;
  keyId: string | null;
  department: string | null;
  role: string | null;
  operation: string | null;
  operationType: string | null;
  reads: Map<string, number>;
  writes: Map<string, { accepted: number; rejected: number }>;
  durationMs: number;
  outcome: 'OK' | 'ERROR';
  errorCode: string | null;
  /** Null for work that came through no HTTP request (the CLI's bulk loads) and for a batch's own entry. */
  httpStatus: number | null;
  /** Set on the entry a write stores with its rows, in its transaction. */
  batchId?: string | null;
}

const COLUMNS = [
  ['at', 'timestamptz'],
  ['key_id', 'text'],
  ['department', 'text'],
  ['role', 'text'],
  ['operation', 'text'],
  ['operation_type', 'text'],
  ['datasets_read', 'text'],
  ['datasets_written', 'text'],
  ['rows_read', 'int'],
  ['reads', 'jsonb'],
  ['rows_accepted', 'int'],
  ['rows_rejected', 'int'],
  ['duration_ms', 'float8'],
  ['outcome', 'text'],
  ['error_code', 'text'],
  ['http_status', 'int'],
  ['batch_id', 'uuid'],
] as const;

/** Longest client-chosen text kept (operation names; API key labels are capped where they are made). */
export const MAX_AUDIT_TEXT = 200;
/** Entries kept in memory while the database cannot take them; beyond it the oldest are dropped, and logged. */
const MAX_PENDING = 50_000;

/**
 * Client-chosen text as the log can store and show it: no NUL (PostgreSQL text cannot hold it) or other control
 * characters, no unpaired surrogates, at most `MAX_AUDIT_TEXT` characters.
 */
export function storableText(text: string | null): string | null {
  if (text === null) return null;
  const clean = text.replace(/[\p{Cc}\p{Cf}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu, '\uFFFD');
  return clean.length > MAX_AUDIT_TEXT ? `${clean.slice(0, MAX_AUDIT_TEXT - 1)}…` : clean;
}

/** One statement for any number of entries. */
export async function writeAuditEntries(db: Queryable, entries: AuditEntry[]): Promise<void> {
  const rows = entries.map((e) => [
    e.at,
    e.keyId,
    e.department,
    e.role,
    storableText(e.operation),
    e.operationType,
    arrayLiteral(e.reads.keys()),
    arrayLiteral(e.writes.keys()),
    sum(e.reads.values()),
    JSON.stringify(Object.fromEntries(e.reads)),
    sum([...e.writes.values()].map((w) => w.accepted)),
    sum([...e.writes.values()].map((w) => w.rejected)),
    e.durationMs,
    e.outcome,
    storableText(e.errorCode),
    e.httpStatus,
    e.batchId ?? null,
  ]);
  await db.query(
    `INSERT INTO audit_log (${COLUMNS.map(([c]) => c).join(', ')})
     SELECT ${COLUMNS.map(([c]) => (c.startsWith('datasets_') ? `${c}::text[]` : c)).join(', ')}
     FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) AS u (${COLUMNS.map(([c]) => c).join(', ')})`,
    COLUMNS.map((_, i) => rows.map((r) => r[i])),
  );
}

/** Who made an administrative change (keys, grants): a key over GraphQL, or null for the operator at the CLI. */
export type ChangeActor = Principal | null;

/**
 * An administrative change (an API key created, rotated or revoked; a grant given or revoked) and its audit entry,
 * in one transaction: it is on record before anyone is told it happened (`operationType: change`). `work` answers
 * null when nothing changed, and then nothing is recorded.
 */
export async function withChangeEntry<T>(
  db: DataSource,
  actor: ChangeActor,
  operation: string,
  work: (tx: EntityManager) => Promise<T | null>,
): Promise<T | null> {
  const at = new Date();
  return db.transaction(async (tx) => {
    const result = await work(tx);
    if (result === null) return null;
    await writeOwnEntry(tx, { actor, at, operation, operationType: 'change' });
    return result;
  });
}

/**
 * A write's own entry, stored by the write's transaction with its rows: an acknowledged batch is audited whatever
 * happens to the process afterwards (the request's entry, with its status and duration, follows when it is sent).
 */
export function writeBatchAuditEntry(
  tx: Queryable,
  write: { principal: Principal; datasetId: string; batchId: string; accepted: number; rejected: number; startedAt: Date; operation: string },
): Promise<void> {
  return writeOwnEntry(tx, {
    actor: write.principal,
    at: write.startedAt,
    operation: write.operation,
    operationType: 'batch',
    writes: new Map([[write.datasetId, { accepted: write.accepted, rejected: write.rejected }]]),
    batchId: write.batchId,
  });
}

/** The entry a change stores in its own transaction: who, what, how long so far; it committed, so it is OK. */
function writeOwnEntry(
  tx: Queryable,
  entry: { actor: Principal | null; at: Date; operation: string; operationType: 'batch' | 'change'; writes?: AuditEntry['writes']; batchId?: string },
): Promise<void> {
  return writeAuditEntries(tx, [
    {
      at: entry.at,
      keyId: entry.actor?.keyId ?? null,
      department: entry.actor?.department ?? null,
      role: entry.actor?.role ?? null,
      operation: entry.operation,
      operationType: entry.operationType,
      reads: new Map(),
      writes: entry.writes ?? new Map(),
      durationMs: Date.now() - entry.at.getTime(),
      outcome: 'OK',
      errorCode: null,
      httpStatus: null,
      batchId: entry.batchId ?? null,
    },
  ]);
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const arrayLiteral = (items: Iterable<string>) => `{${[...items].map((i) => `"${i}"`).join(',')}}`;

/**
 * The append-only audit log (a database trigger refuses UPDATE, DELETE and TRUNCATE). Entries are buffered and written
 * a batch at a time off the request path, so auditing costs a request almost nothing; `stop()` flushes what is left.
 */
export class AuditLog {
  private buffer: AuditEntry[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly options: { flushEveryMs: number; maxBuffered: number } = { flushEveryMs: 200, maxBuffered: 500 },
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushEveryMs);
    this.timer.unref();
  }

  record(entry: AuditEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length >= this.options.maxBuffered) void this.flush();
  }

  /** Writes everything recorded so far (one statement per batch); resolves when it is stored. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    const entries = this.buffer;
    if (!entries.length) return;
    this.buffer = [];
    try {
      await writeAuditEntries(this.db, entries);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) return this.writeEachAlone(entries);
      // The database is away: keep the entries for the next flush, within bounds, and say so.
      this.buffer = [...entries, ...this.buffer];
      const dropped = this.buffer.length - MAX_PENDING;
      if (dropped > 0) this.buffer.splice(0, dropped);
      logger.error({ err: error, pending: this.buffer.length, dropped: Math.max(dropped, 0) }, 'audit log write failed; will retry');
    }
  }

  /** One entry the database refuses must not hold back the others. */
  private async writeEachAlone(entries: AuditEntry[]): Promise<void> {
    for (const entry of entries) {
      try {
        await writeAuditEntries(this.db, [entry]);
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          this.buffer.push(entry);
          continue;
        }
        logger.error({ err: error, keyId: entry.keyId, at: entry.at }, 'audit entry refused by the database; dropped');
      }
    }
  }
}
