import { DataSource } from 'typeorm';
import { logger } from '../logger';

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
  /** Null for work that came through no HTTP request (the CLI's bulk loads). */
  httpStatus: number | null;
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
] as const;

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
    const rows = entries.map((e) => [
      e.at,
      e.keyId,
      e.department,
      e.role,
      e.operation,
      e.operationType,
      arrayLiteral(e.reads.keys()),
      arrayLiteral(e.writes.keys()),
      sum(e.reads.values()),
      JSON.stringify(Object.fromEntries(e.reads)),
      sum([...e.writes.values()].map((w) => w.accepted)),
      sum([...e.writes.values()].map((w) => w.rejected)),
      e.durationMs,
      e.outcome,
      e.errorCode,
      e.httpStatus,
    ]);
    try {
      await this.db.query(
        `INSERT INTO audit_log (${COLUMNS.map(([c]) => c).join(', ')})
         SELECT ${COLUMNS.map(([c]) => (c.startsWith('datasets_') ? `${c}::text[]` : c)).join(', ')}
         FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) AS u (${COLUMNS.map(([c]) => c).join(', ')})`,
        COLUMNS.map((_, i) => rows.map((r) => r[i])),
      );
    } catch (error) {
      // Never lose entries silently: keep them for the next flush and say so.
      this.buffer = [...entries, ...this.buffer];
      logger.error({ err: error, pending: this.buffer.length }, 'audit log write failed; will retry');
    }
  }
}
