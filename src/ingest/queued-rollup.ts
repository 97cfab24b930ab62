import { DataSource } from 'typeorm';
import { DerivedData, QueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { logger } from '../platform/logger';
import { readCommittedTransaction } from '../platform/db/transaction';

/**
 * A rollup kept from a queue: writers insert what they touched into `table` in their own transaction (a plain
 * insert, its id from the sequence every queue shares, `derived_queue_id_seq`, so a write's ids name its entries in
 * whichever queues), and one drainer at a time recomputes the entries it takes from the committed rows.
 */
export interface RollupQueue {
  /** For the logs. */
  name: string;
  /** The queue table: `id`, `queued_at` and the key columns of what to recompute. */
  table: string;
  /** Any 64-bit number of the rollup's own: the lock that makes one drainer at a time, across every hub process. */
  lock: number;
  /** Queue entries one drain pass takes: the newest half first (a fresh write is settled at once, even behind a bulk
   * load's backlog) and the oldest half (nothing waits forever). */
  passEntries: number;
  /** Recomputes what the taken entries name (their rows, duplicates included), inside the pass's transaction. */
  refresh(tx: Queryable, taken: Record<string, unknown>[]): Promise<void>;
  /**
   * The month-partitioned table it recomputes from, and (SQL over the queue's columns) the earliest time of the rows
   * an entry's recompute reads. Rows before the table's archive horizon (`retained_from`) are archived: an entry
   * needing them is dropped, and what the rollup computed from them stays as it was, rather than recomputed from
   * the rows left. Archiving waits while entries need the rows it would take (`ingest/month-partitions.ts`).
   */
  source?: { table: string; earliestRow: string };
}

const DRAIN_EVERY_MS = 5_000;
const DRAIN_LOCK_TIMEOUT = '30s';

/**
 * Keeps a rollup up to date from its queue. Writers never touch the rollup's rows themselves, so concurrent
 * publishers of one key never collide on them, and a recompute never runs inside a writer's transaction, where it
 * could not see another writer's uncommitted rows: each writer queues what it touched, and after its commit waits
 * (`settle`) until a drain pass has recomputed it — a read after an acknowledged write reflects it. Passes are
 * single-flight in a process (concurrent writers share one) and serialised across processes by an advisory lock,
 * so only one transaction at a time writes the rollup, and it sees every entry it takes with the rows behind it
 * committed; each pass is its own short transaction, so a failed one leaves its entries queued. A timer drains what
 * a crashed or failed writer left.
 */
export class QueuedRollup {
  private pass?: Promise<number>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly queue: RollupQueue,
  ) {}

  /** The queue table it drains. */
  get table(): string {
    return this.queue.table;
  }

  /**
   * Resolves once none of the entries of `work` (committed, queued here) is still queued. A pass that starts now
   * sees them, so when it takes less than a full pass it has taken the whole queue, theirs included, and nothing
   * need be asked; a pass already running may have started before they were committed, so after it the queue is
   * asked, as it is after a full pass.
   */
  async settle(work: QueuedWork): Promise<void> {
    for (;;) {
      const startsNow = this.pass === undefined;
      const taken = await this.drainPass();
      if (startsNow && taken < this.queue.passEntries) return;
      if (!(await this.stillQueued(work))) return;
    }
  }

  /** Drains the whole queue, then keeps draining it in the background until `stop()`. */
  async start(): Promise<void> {
    await this.drainAll();
    this.timer = setInterval(() => {
      this.drainAll().catch((error) => logger.warn({ err: error }, `${this.queue.name}: drain failed; will retry`));
    }, DRAIN_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async drainAll(): Promise<void> {
    while ((await this.drainPass()) > 0);
  }

  private async stillQueued(work: QueuedWork): Promise<boolean> {
    const [{ queued }] = await this.db.query(`SELECT EXISTS (SELECT 1 FROM ${this.queue.table} WHERE id BETWEEN $1 AND $2) AS queued`, [
      work.first,
      work.last,
    ]);
    return queued;
  }

  /** One pass, shared by whoever asks while it runs; resolves to the number of entries it took. */
  private drainPass(): Promise<number> {
    this.pass ??= this.runPass().finally(() => (this.pass = undefined));
    return this.pass;
  }

  /** A pass: its own short transaction, after every writer's whose entries it takes. */
  private runPass(): Promise<number> {
    const { table, lock, passEntries, refresh, source } = this.queue;
    // The horizon is read once per pass, not per entry.
    const archived = source ? `${source.earliestRow} < (SELECT retained_from('${source.table}'))` : 'false';
    // READ COMMITTED, since after the lock each statement must see the previous pass; a drainer of another process
    // that hangs must not hang this one's writers (the pass fails, and is retried); one drainer at a time.
    return readCommittedTransaction(this.db, [`SET LOCAL lock_timeout = '${DRAIN_LOCK_TIMEOUT}'`, `SELECT pg_advisory_xact_lock(${lock})`], async (tx) => {
      const taken: (Record<string, unknown> & { archived_rows: boolean })[] = await tx.query(
        `WITH taken AS (
           DELETE FROM ${table} WHERE id IN (
             (SELECT id FROM ${table} ORDER BY id DESC LIMIT $1)
             UNION
             (SELECT id FROM ${table} ORDER BY id LIMIT $1))
           RETURNING *)
         SELECT *, ${archived} AS archived_rows FROM taken`,
        [passEntries / 2],
      );
      const recomputed = taken.filter((entry) => !entry.archived_rows).map(({ archived_rows: _, ...entry }) => entry);
      if (recomputed.length) await refresh(tx, recomputed);
      return taken.length;
    });
  }
}

/** Every rollup the hub keeps, as the ingestion pipeline settles them: a write's entries, in whichever queue. */
export class Rollups implements DerivedData {
  constructor(private readonly all: readonly QueuedRollup[]) {}

  async settle(work: QueuedWork): Promise<void> {
    for (const rollup of this.all) if (work.queues.includes(rollup.table)) await rollup.settle(work);
  }

  async start(): Promise<void> {
    for (const rollup of this.all) await rollup.start();
  }

  stop(): void {
    for (const rollup of this.all) rollup.stop();
  }
}

/** Inserts entries into a rollup's queue (`entries`: a SELECT of its key columns) and says which ids they got. */
export async function queueEntries(db: Queryable, table: string, columns: string[], entries: string, params: unknown[]): Promise<QueuedWork | undefined> {
  const [range]: { first: string | null; last: string | null }[] = await db.query(
    `WITH queued AS (INSERT INTO ${table} (${columns.join(', ')}) ${entries} RETURNING id)
     SELECT min(id) AS first, max(id) AS last FROM queued`,
    params,
  );
  return range.first === null ? undefined : { first: Number(range.first), last: Number(range.last), queues: [table] };
}

declare module '../platform/context.type' {
  interface Services {
    rollups: Rollups;
  }
}
