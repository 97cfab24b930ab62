import { DataSource, QueryRunner } from 'typeorm';
import { FeedDefinition, UpsertSpec } from '../catalog/feed';
import { logger } from '../platform/logger';
import {
  MonthPartitioned,
  addMonths,
  archiveMonth,
  attachedMonths,
  ensureMonths,
  finishArchiving,
  isLockTimeout,
  monthOf,
  monthStart,
  tryLockPartitionsOf,
  unlockPartitionsOf,
} from '../platform/db/partitions';
import { RollupQueue } from './queued-rollup';

/** A feed's table as month partitions: the table, its time column, and that column's value in a row. */
export interface FeedPartitioning<Row> extends MonthPartitioned {
  valueOf(row: Row): unknown;
}

/** How a feed's upsert table is partitioned by month, or undefined if it is not. */
export function monthPartitioningOf<Row>(upsert: UpsertSpec<Row>): FeedPartitioning<Row> | undefined {
  const name = upsert.partitionedByMonthOf;
  if (!name) return undefined;
  const column = upsert.columns.find((c) => c.name === name);
  if (!column || (column.type !== 'timestamptz' && column.type !== 'date')) {
    throw new Error(`${upsert.table} is partitioned by ${name}, which is no timestamptz or date column of its upsert`);
  }
  return { table: upsert.table, column: name, type: column.type, valueOf: column.value };
}

/**
 * Months seen attached, by database and table, from the month before the current one on. Archiving keeps at least
 * the current month and the one before (RETENTION_MONTHS ≥ 1), so these stay: a batch of live data skips the
 * catalog query.
 */
const recentlySeen = new WeakMap<DataSource, Map<string, Set<string>>>();

/** The pipeline's one step for partitioned tables: the months of a batch's rows exist before it writes them. */
export async function ensureBatchMonths(db: DataSource, p: MonthPartitioned, months: ReadonlySet<string>, now: Date, signal?: AbortSignal): Promise<void> {
  const byTable = recentlySeen.get(db) ?? new Map<string, Set<string>>();
  recentlySeen.set(db, byTable);
  const seen = byTable.get(p.table) ?? new Set<string>();
  const unseen = [...months].filter((m) => !seen.has(m));
  if (!unseen.length) return;
  const created = await ensureMonths(db, p, unseen, { signal });
  if (created.length) logger.info({ table: p.table, months: created }, 'partitions created for the months a batch writes into');
  const recent = addMonths(monthOf(now), -1);
  byTable.set(p.table, new Set([...seen, ...unseen].filter((m) => m >= recent)));
}

/** Months each partitioned dataset keeps: every month not listed (`all` unset) is kept for ever. */
export interface RetentionMonths {
  all?: number;
  byDataset: Record<string, number>;
}

export interface PartitionKeeperOptions {
  /** The current month and this many after it are created ahead of the rows. */
  monthsAhead: number;
  retention: RetentionMonths;
  clock?: () => Date;
}

/** What one archiving pass did for a table. */
export interface ArchiveOutcome {
  dataset: string;
  table: string;
  /** Qualified names of the tables now in the archive schema. */
  archived: string[];
  /** Why expired months were left in place, if they were. */
  postponed?: string;
}

interface KeptTable {
  dataset: string;
  partitioning: MonthPartitioned;
  /** Months kept before the current one; undefined: every month. */
  keepMonths?: number;
}

const EVERY_MS = 3_600_000;
/**
 * Detaching waits for the writes in flight (the archived table's foreign keys get triggers of their own on the
 * referenced tables), and writes queue behind it: short waits, tried again a few times, else left to the next pass.
 */
const ARCHIVE_LOCK_TIMEOUT_MS = 500;
const ARCHIVE_ATTEMPTS = 8;

/**
 * The hub's upkeep of month partitions, once per process: at start and every hour, the current month and the
 * `monthsAhead` after it are created for every partitioned dataset (a batch also creates any month it writes into:
 * `ensureBatchMonths`), and each dataset with a retention archives the partitions of the months before it keeps —
 * the current month and the `keepMonths` before it. Archiving detaches a month (`DETACH … CONCURRENTLY`) into the
 * `archive` schema, where it waits for an operator to dump it and drop it; lists no longer return its rows.
 *
 * A rollup computed from a table (`RollupQueue.source`) needs its rows until it has recomputed what was queued from
 * them: a month is not archived while such entries wait (the pass says so, and tries again next time). Once archived,
 * a month's rollup rows (region-days, site-hours) stay as they were computed: `retention_horizons` tells the drainers
 * to drop entries that would recompute them from the rows left.
 */
export class MonthPartitionKeeper {
  readonly tables: readonly KeptTable[];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** Ends a pass still waiting for locks when the hub stops. */
  private readonly stopping = new AbortController();
  private readonly clock: () => Date;

  constructor(
    private readonly db: DataSource,
    feeds: readonly FeedDefinition<any, any, any>[],
    private readonly rollups: readonly RollupQueue[],
    private readonly options: PartitionKeeperOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    const tables = feeds.flatMap((feed) => {
      const partitioning = monthPartitioningOf(feed.upsert);
      if (!partitioning) return [];
      const { valueOf: _, ...table } = partitioning;
      return [{ dataset: feed.dataset.id, partitioning: table, keepMonths: options.retention.byDataset[feed.dataset.id] ?? options.retention.all }];
    });
    const unknown = Object.keys(options.retention.byDataset).filter((id) => !tables.some((t) => t.dataset === id));
    if (unknown.length) {
      throw new Error(`RETENTION_MONTHS names ${unknown.join(', ')}: only datasets partitioned by month are archived (${tables.map((t) => t.dataset).join(', ')})`);
    }
    this.tables = tables;
  }

  /** Starts the upkeep in the background: a first pass now, then every hour. */
  start(): void {
    this.pass();
    this.timer = setInterval(() => this.pass(), EVERY_MS);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass under way, which gives up waiting for locks. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
  }

  private pass(): void {
    this.running ??= (async () => {
      await this.ensureAhead();
      await this.archiveExpired();
    })()
      .catch((error) => {
        if (!this.stopping.signal.aborted) logger.warn({ err: error }, 'partition upkeep failed; will retry');
      })
      .finally(() => (this.running = undefined));
  }

  /** Creates the current month and the months ahead for every partitioned table; returns the months created. */
  async ensureAhead(): Promise<Record<string, string[]>> {
    const current = monthOf(this.clock());
    const months = Array.from({ length: this.options.monthsAhead + 1 }, (_, i) => addMonths(current, i));
    const created: Record<string, string[]> = {};
    for (const { partitioning } of this.tables) {
      created[partitioning.table] = await ensureMonths(this.db, partitioning, months, { signal: this.stopping.signal });
      if (created[partitioning.table].length) logger.info({ table: partitioning.table, months: created[partitioning.table] }, 'partitions created ahead');
    }
    return created;
  }

  /** Archives the expired months of every table with a retention (one process at a time per table). */
  async archiveExpired(): Promise<ArchiveOutcome[]> {
    const outcomes: ArchiveOutcome[] = [];
    for (const table of this.tables) {
      if (table.keepMonths === undefined || this.stopping.signal.aborted) continue;
      const session = this.db.createQueryRunner();
      await session.connect();
      try {
        if (!(await tryLockPartitionsOf(session, table.partitioning.table))) continue;
        try {
          outcomes.push(await this.archiveTable(session, table, table.keepMonths));
        } finally {
          await unlockPartitionsOf(session, table.partitioning.table);
        }
      } finally {
        await session.release();
      }
    }
    return outcomes;
  }

  private async archiveTable(session: QueryRunner, kept: KeptTable, keepMonths: number): Promise<ArchiveOutcome> {
    const { dataset, partitioning: p } = kept;
    const outcome: ArchiveOutcome = { dataset, table: p.table, archived: [] };
    outcome.archived.push(...(await withLockRetries(() => finishArchiving(session, p, ARCHIVE_LOCK_TIMEOUT_MS))));
    const firstKept = addMonths(monthOf(this.clock()), -keepMonths);
    const expired = (await attachedMonths(session, p)).filter((m) => m.month < firstKept);
    if (!expired.length) return this.logged(outcome);
    const horizon = monthStart(firstKept);
    for (const rollup of this.rollups.filter((r) => r.source?.table === p.table)) {
      const [{ waiting }] = await session.query(
        `SELECT count(*)::int AS waiting FROM ${rollup.table} WHERE ${rollup.source!.earliestRow} < $1`,
        [horizon],
      );
      if (waiting) {
        outcome.postponed = `the ${rollup.name} still has ${waiting} entries to recompute from rows before ${firstKept}`;
        return this.logged(outcome);
      }
    }
    // First the horizon, so that from now on the rollups keep what they computed from these months.
    await session.query(
      `INSERT INTO retention_horizons (parent, archived_before) VALUES ($1, $2)
       ON CONFLICT (parent) DO UPDATE SET archived_before = greatest(retention_horizons.archived_before, EXCLUDED.archived_before)`,
      [p.table, horizon],
    );
    for (const { month } of expired) outcome.archived.push(await withLockRetries(() => archiveMonth(session, p, month, ARCHIVE_LOCK_TIMEOUT_MS)));
    return this.logged(outcome);
  }

  private logged(outcome: ArchiveOutcome): ArchiveOutcome {
    if (outcome.postponed) logger.warn(outcome, 'archiving postponed: a rollup still needs the rows');
    else if (outcome.archived.length) {
      const rollups = this.rollups.filter((r) => r.source?.table === outcome.table).map((r) => r.name);
      logger.info({ ...outcome, frozenRollups: rollups }, 'months archived; the rollups keep what they computed from them');
    }
    return outcome;
  }
}

/** A step that waits on locks the writes in flight hold: tried again a few times, then left to the next pass. */
async function withLockRetries<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!isLockTimeout(error) || attempt === ARCHIVE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

declare module '../platform/context.type' {
  interface Services {
    partitions: MonthPartitionKeeper;
  }
}
