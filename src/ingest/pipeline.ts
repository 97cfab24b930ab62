import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { Access } from '../access/access';
import { Principal } from '../access/principal';
import { writeBatchAuditEntry } from '../admin/audit-log';
import { DerivedData, FeedDefinition, QueuedWork, mergeQueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { RowError, RowErrorCode, RowValidator } from '../catalog/row-validator';
import { logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { nulPath } from '../platform/text';
import { publishLiveEvent } from '../platform/live-outbox';
import { MonthSet } from '../platform/db/partitions';
import { ensureBatchMonths, monthPartitioningOf } from './month-partitions';

// The one ingestion pipeline. `runIngestion` owns the sequence for every write:
//   authorise → validate (a chunk at a time) → check references → stage → create the months of a partitioned table
//   → open batch → write → feed.afterWrite
//   → close batch (provenance and audit entry, in the transaction) → commit → afterCommit (derived data settled,
//   the write counted)
// and a source supplies only what a list and a stream do differently (`IngestSource`): a mutation's list of inputs
// (ingest.service.ts) is one chunk, its duplicate keys rejected in memory, its rows upserted by one statement; a
// file's stream of records (bulk/bulk-loader.ts) comes in chunks staged by COPY as they are checked, its duplicate
// keys found set-based among the staged rows, and is merged once.

/** An input row that passed validation, with its position (the GraphQL list index, or a file's line). */
export interface Candidate<R> {
  index: number;
  row: R;
}

/** A chunk of records after validation: the rows still candidates, and why the others were rejected. */
export interface ValidatedChunk<R> {
  /** Records the chunk held. */
  records: number;
  candidates: Candidate<R>[];
  errors: RowError[];
}

/** Where a write stands, for a long one's progress report. */
export interface IngestProgress {
  /** Reading, checking and staging records, then the write, then (after the commit) recomputing what it queued. */
  stage: 'reading' | 'merging' | 'refreshing';
  /** Records read so far. */
  records: number;
}

/** What differs between a list of inputs and a stream of records; `runIngestion` runs everything else. */
export interface IngestSource<R, Chunk> {
  /** The batch's audit operation: `publish` for a mutation, `bulk load` for a file. */
  readonly operation: string;
  /** Every record is checked in one chunk: afterWrite gets that chunk's lookup, else the lookup of no rows. */
  readonly checkedWhole: boolean;
  /** Refuses the write as a whole (too large, not loadable this way); runs once the key may publish. */
  admit(): void;
  /** The records as they arrive, a chunk at a time. */
  chunks(): AsyncIterable<Chunk>;
  /** Each record of a chunk validated (`validateInput`); rejected rows are data, not thrown. */
  validate(chunk: Chunk, now: Date): ValidatedChunk<R>;
  /** Reports the rows of a chunk rejected by validation or by their references. */
  reject(chunk: Chunk, errors: RowError[]): Promise<void>;
  /**
   * Keeps the accepted rows of each chunk until the write, in memory or in the write's transaction (`tx.begin()`
   * opens it on first use). Consumes `accepted` whole: the pipeline checks a chunk as it is asked for the next.
   */
  stage(accepted: AsyncIterable<Candidate<R>[]>, tx: WriteTransaction): Promise<void>;
  /**
   * Once every record is staged: rejects rows whose key occurs more than once, then counts the rows to write and the
   * earliest and latest times they describe (observation feeds).
   */
  staged(tx: WriteTransaction): Promise<{ accepted: number; earliest: Date | null; latest: Date | null }>;
  /**
   * Writes the staged rows in `tx` (the batch is open): how many were inserted or changed, and — when `withKeys`,
   * for afterWrite — their key columns, in non-empty pages.
   */
  write(tx: QueryRunner, batchId: string, withKeys: boolean): Promise<{ changed: number; changedKeys: AsyncIterable<any[]> | Iterable<any[]> }>;
}

export interface IngestOptions {
  onProgress?(progress: IngestProgress): void;
  /**
   * Aborts the write (the client went away): the statement running is cancelled and the transaction rolls back;
   * `runIngestion` rejects. Nothing is committed once it has fired.
   */
  signal?: AbortSignal;
}

export interface IngestOutcome {
  records: number;
  accepted: number;
  rejected: number;
  unchanged: number;
  /** Provenance id of the rows stored; null if none was. */
  batchId: string | null;
}

/** What the pipeline runs on: the database and the owner of derived data. */
export interface IngestDeps {
  db: DataSource;
  derived: DerivedData;
}

/** The pipeline, one write from `source` into `feed`'s dataset on behalf of `access`. */
export async function runIngestion<I, R, L, Chunk>(
  deps: IngestDeps,
  access: Access,
  feed: FeedDefinition<I, R, L>,
  source: IngestSource<R, Chunk>,
  now: () => Date,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const { db } = deps;
  const { signal, onProgress } = options;
  const datasetId = feed.dataset.id;
  access.assertPublish(feed.dataset);
  source.admit();
  const receivedAt = now();
  const batch = { id: randomUUID(), datasetId, principal: access.principal, receivedAt };
  const tx = new WriteTransaction(db, batch, signal);

  let records = 0;
  let lookup = undefined as L;
  // The region refs of the rows that passed their checks, for the batch's live event (a row rejected afterwards as a
  // duplicate key still counts: duplicates are found only once everything is staged).
  const regionRefs = new Set<string>();
  // The months the checked rows lie in, for a table partitioned by month (duplicates rejected later count too). Each is
  // created as soon as a chunk reaches it, in a transaction of its own while the next chunks are checked and staged
  // (the write's transaction holds no lock on a shared table until the batch opens); the write waits for them.
  const partitioning = monthPartitioningOf(feed.upsert);
  const months = new MonthSet();
  let monthsCreated: Promise<void> = Promise.resolve();
  const progress = (stage: IngestProgress['stage']) => onProgress?.({ stage, records });
  async function* checked(): AsyncGenerator<Candidate<R>[]> {
    for await (const chunk of source.chunks()) {
      const { records: read, candidates, errors } = source.validate(chunk, receivedAt);
      records += read;
      const references = await checkReferences(feed, candidates, db, errors);
      lookup = references.lookup;
      const monthsBefore = new Set(months.months);
      for (const { row } of references.accepted) {
        noteRegion(feed, row, regionRefs);
        if (partitioning) months.add(partitioning.valueOf(row) as Date | string);
      }
      if (partitioning && months.months.size > monthsBefore.size) {
        // The months new in this chunk: those before are on their way already.
        const wanted = new Set([...months.months].filter((m) => !monthsBefore.has(m)));
        monthsCreated = monthsCreated.then(() => ensureBatchMonths(db, partitioning, wanted, receivedAt, signal));
        // Awaited before the write (or after a failure); until then a failure to create one must not go unhandled.
        monthsCreated.catch(() => undefined);
      }
      await source.reject(chunk, errors);
      yield references.accepted;
      progress('reading');
    }
  }

  let outcome: IngestOutcome;
  let queued: QueuedWork | undefined;
  try {
    await source.stage(checked(), tx);
    signal?.throwIfAborted();
    progress('merging');
    const { accepted, earliest, latest } = await source.staged(tx);
    if (!accepted) {
      outcome = { records, accepted, rejected: records, unchanged: 0, batchId: null };
    } else {
      // Before the write's transaction holds the locks that creating a partition waits for.
      await monthsCreated;
      const runner = await tx.beginWrite();
      const { changed, changedKeys } = await source.write(runner, batch.id, !!feed.afterWrite);
      if (feed.afterWrite) {
        const written = source.checkedWhole ? lookup : ((await feed.lookup?.([], db)) as L);
        for await (const page of changedKeys) {
          signal?.throwIfAborted();
          queued = mergeQueuedWork(queued, await feed.afterWrite(runner, page, written));
        }
      }
      outcome = { records, accepted, rejected: records - accepted, unchanged: accepted - changed, batchId: batch.id };
      const regionCodes = await touchedRegions(feed, regionRefs, runner);
      await closeBatch(runner, { ...batch, operation: source.operation, ...outcome, minObservedAt: earliest, maxObservedAt: latest, regionCodes });
      await tx.commit();
    }
  } finally {
    await tx.end();
    // A failed write leaves no month being created behind it.
    await monthsCreated.catch(() => undefined);
  }

  if (queued) progress('refreshing');
  await afterCommit(deps.derived, queued, access, datasetId, outcome.accepted, outcome.rejected);
  return outcome;
}

/** The normalised row, or undefined when `check` holds why the input was rejected. */
export function validateInput<I, R>(feed: FeedDefinition<I, R, any>, input: I, check: RowValidator, now: Date): R | undefined {
  if (!storableText(input as object, check)) return undefined;
  const row = feed.validate(input, check, now);
  return row !== undefined && check.ok ? row : undefined;
}

/**
 * U+0000 cannot be stored in PostgreSQL text, nor even looked up: a field holding it (a name, a code, an item of a
 * list) rejects its row before the feed sees it, whatever the feed and the path.
 */
function storableText(input: object, check: RowValidator): boolean {
  // for…in rather than Object.entries: no array of pairs per row (inputs are plain objects or input-class instances,
  // whose prototypes hold no enumerable property).
  for (const field in input) {
    const path = nulPath(field, (input as Record<string, unknown>)[field]);
    if (path) check.fail(field, RowErrorCode.CONTROL_CHARACTER, `${path} contains U+0000 (NUL), which no text can hold`);
  }
  return check.ok;
}

/**
 * References checked set-based: one `lookup` for all the rows, then each row against it. For a feed whose rows
 * reference each other, again over the rows still accepted until none more is rejected. Errors go to `errors`.
 */
async function checkReferences<R, L>(
  feed: FeedDefinition<any, R, L>,
  candidates: Candidate<R>[],
  db: Queryable,
  errors: RowError[],
): Promise<{ accepted: Candidate<R>[]; lookup: L }> {
  let accepted = candidates;
  let lookup = undefined as L;
  if (feed.lookup && feed.checkReferences) {
    for (let before = -1; accepted.length && accepted.length !== before; ) {
      before = accepted.length;
      lookup = await feed.lookup(accepted.map((c) => c.row), db);
      accepted = accepted.filter(({ index, row }) => {
        const check = new RowValidator(index);
        feed.checkReferences!(row, lookup, check);
        errors.push(...check.errors);
        return check.ok;
      });
      if (!feed.referencesWithinBatch) break;
    }
  }
  return { accepted, lookup };
}

interface Batch {
  id: string;
  datasetId: string;
  principal: Principal;
  receivedAt: Date;
}

/**
 * The write's transaction, on a connection of its own (a stream's COPY and temporary tables need one): begun when
 * first needed — by a source staging in it, else once rows are accepted. The batch's provenance row, which the
 * stored rows reference, is written right before them (`beginWrite`): until then the transaction holds no lock on a
 * shared table, so creating a partition while a file is staged never waits for the file's own transaction. An abort
 * cancels the statement running and rolls back.
 */
export class WriteTransaction {
  private runner: QueryRunner | undefined;
  private pid: number | undefined;
  // A cancel still on its way must land neither on the rollback nor on the connection's next user: awaited in end().
  private cancelling: Promise<void> | undefined;
  private readonly cancelRunning = () => (this.cancelling = this.cancel());

  constructor(
    private readonly db: DataSource,
    private readonly batch: Batch,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async begin(): Promise<QueryRunner> {
    if (this.runner) return this.runner;
    this.signal?.throwIfAborted();
    const runner = (this.runner = this.db.createQueryRunner());
    const client: PoolClient = await runner.connect();
    // node-postgres keeps the connection's server process id; its types do not declare it.
    this.pid = (client as PoolClient & { processID?: number }).processID;
    this.signal?.addEventListener('abort', this.cancelRunning, { once: true });
    await runner.startTransaction();
    return runner;
  }

  /** Begins if need be, then writes the batch's provenance row: the step before the rows are written. */
  async beginWrite(): Promise<QueryRunner> {
    const runner = await this.begin();
    await openBatch(runner, this.batch);
    return runner;
  }

  async commit(): Promise<void> {
    this.signal?.throwIfAborted();
    await this.runner!.commitTransaction();
  }

  /** Rolls back what was not committed and gives the connection back. */
  async end(): Promise<void> {
    const { runner } = this;
    if (!runner) return;
    try {
      await this.cancelling;
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    } finally {
      this.signal?.removeEventListener('abort', this.cancelRunning);
      await this.cancelling;
      await runner.release();
    }
  }

  /** Cancels the statement the write's connection is running (from another connection: that one is busy). */
  private async cancel(): Promise<void> {
    if (this.pid === undefined) return;
    try {
      await this.db.query('SELECT pg_cancel_backend($1)', [this.pid]);
    } catch (error) {
      logger.warn({ err: error, pid: this.pid }, 'ingest: could not cancel the statement of an aborted write');
    }
  }
}

/** Provenance of the rows a write stores: opened before they are written (they reference it), settled after. */
async function openBatch(tx: Queryable, batch: Batch): Promise<void> {
  await tx.query(
    `INSERT INTO ingest_batches (id, dataset, department, key_id, received_at, accepted, rejected, unchanged)
     VALUES ($1, $2, $3, $4, $5, 0, 0, 0)`,
    [batch.id, batch.datasetId, batch.principal.department, batch.principal.keyId, batch.receivedAt],
  );
}

/** The region codes of a batch's accepted rows, from the refs its feed's `regionRef` gave them (one statement at most). */
async function touchedRegions(feed: FeedDefinition<any, any, any>, refs: ReadonlySet<string>, db: Queryable): Promise<string[]> {
  const codes = feed.regionsOf && refs.size ? await feed.regionsOf([...refs], db) : [...refs];
  return [...new Set(codes)].sort();
}

/** Adds a row's region ref to `refs` (the feed may say none). */
function noteRegion<R>(feed: FeedDefinition<any, R, any>, row: R, refs: Set<string>): void {
  const ref = feed.regionRef?.(row);
  if (ref) refs.add(ref);
}

/** What a write stored and rejected, for its `ingest_batches` row, its audit entry and its live event. */
interface BatchOutcome {
  operation: string;
  accepted: number;
  rejected: number;
  unchanged: number;
  /** Earliest and latest times the accepted rows describe (observation feeds); the latest is the catalog's. */
  minObservedAt: Date | null;
  maxObservedAt: Date | null;
  /** The regions of the accepted rows (`touchedRegions`). */
  regionCodes: string[];
}

/**
 * The last step inside the write's transaction: the batch's provenance settled with its outcome and the regions it
 * published into, its audit entry (`publish` for a mutation, `bulk load` for a file), so the write is on record when
 * it commits, and its live event (`datasetUpdated`), announced to subscribers when it commits.
 */
async function closeBatch(tx: Queryable, batch: Batch & BatchOutcome): Promise<void> {
  // Where the dataset last published, for its freshness per region (regions/latest-in-regions.ts): a row per region
  // the batch changed something in, so that the latest is one index probe whatever the history. One statement with
  // the batch's outcome.
  const changedRegions = batch.accepted > batch.unchanged ? batch.regionCodes : [];
  await tx.query(
    `WITH settled AS (UPDATE ingest_batches SET accepted = $2, rejected = $3, unchanged = $4, max_observed_at = $5 WHERE id = $1)
     INSERT INTO batch_regions (dataset, region_code, received_at, batch_id) SELECT $6, code, $7, $1 FROM unnest($8::text[]) AS code`,
    [batch.id, batch.accepted, batch.rejected, batch.unchanged, batch.maxObservedAt, batch.datasetId, batch.receivedAt, changedRegions],
  );
  await writeBatchAuditEntry(tx, {
    principal: batch.principal,
    datasetId: batch.datasetId,
    batchId: batch.id,
    accepted: batch.accepted,
    rejected: batch.rejected,
    startedAt: batch.receivedAt,
    operation: batch.operation,
  });
  await publishLiveEvent(tx, {
    kind: 'dataset-updated',
    body: {
      dataset: batch.datasetId,
      batchId: batch.id,
      department: batch.principal.department,
      accepted: batch.accepted,
      rejected: batch.rejected,
      unchanged: batch.unchanged,
      observedFrom: batch.minObservedAt?.toISOString() ?? null,
      observedTo: batch.maxObservedAt?.toISOString() ?? null,
      regionCodes: batch.regionCodes,
      landedAt: new Date().toISOString(),
    },
  });
}

/**
 * After the write committed (or when nothing was stored): waits until the derived data it queued (rollups) is
 * recomputed, so reads after the acknowledgement reflect it, then counts the write for the request's audit entry and
 * the metrics. The rows are stored whatever happens to the rollup: a failure is logged, and the queue keeps the work
 * for the next drain.
 */
async function afterCommit(
  derived: DerivedData,
  queued: QueuedWork | undefined,
  access: Access,
  datasetId: string,
  accepted: number,
  rejected: number,
): Promise<void> {
  if (queued) {
    try {
      await derived.settle(queued);
    } catch (error) {
      logger.warn({ err: error, dataset: datasetId }, 'derived data not yet recomputed after a committed write; it stays queued');
    }
  }
  access.recordWrite(datasetId, accepted, rejected);
  metrics.ingestedRows.inc({ dataset: datasetId, outcome: 'accepted' }, accepted);
  metrics.ingestedRows.inc({ dataset: datasetId, outcome: 'rejected' }, rejected);
}
