import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';
import { Access } from '../../access/access';
import { DerivedData, FeedDefinition, QueuedWork, mergeQueuedWork } from '../../catalog/feed';
import { Candidate, afterCommit, checkReferences, closeBatch, noteRegion, openBatch, touchedRegions, validateInput } from '../pipeline';
import { RowError, RowErrorCode, RowValidator } from '../../catalog/row-validator';
import { buildMergeFromStagingSql } from '../upsert';
import { logger } from '../../platform/logger';
import { BulkFileError } from './bulk-file-error';
import { SourceRecord } from './records';
import { STAGING_TABLE, copyIntoStagingSql, createStagingTableSql, stagingLine } from './staging';
import { cstIso } from '../../platform/cst';

/** Records checked together: one set-based lookup each, and the slice of a file held in memory at a time. */
export const CHUNK_ROWS = 5_000;
/** The most records of a file checked whole (see `checkedWhole`): a province's regions or stations are far fewer. */
const WHOLE_FILE_ROWS = 100_000;
/** Changed keys handed to `afterWrite` at a time. */
const AFTER_WRITE_PAGE = 20_000;
const CHANGED_TABLE = 'bulk_changed';
const DUPLICATES_TABLE = 'bulk_duplicates';

/** A rejected row's error, located by the line of the file it starts on. */
export interface LineError {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

export interface Rejection {
  line: number;
  /** The record as the file has it; null for duplicates, which are found after the file has streamed past. */
  original: string[] | string | null;
  errors: LineError[];
}

export interface BulkProgress {
  /** Reading and staging the file, then the one merge, then (after the commit) recomputing the rollups it queued. */
  stage: 'reading' | 'merging' | 'refreshing';
  /** Records read so far. */
  records: number;
}

export interface BulkLoadOptions {
  /** Each rejected row, in line order as the file streams, then the duplicates. */
  onRejected?(rejection: Rejection): void | Promise<void>;
  onProgress?(progress: BulkProgress): void;
  /** How many errors the report keeps, the first by line (default 100). */
  maxErrors?: number;
  /**
   * Aborts the load (the client went away): the file stops being read, the statement running is cancelled, and the
   * transaction rolls back; `load` rejects. Nothing is committed once it has fired.
   */
  signal?: AbortSignal;
}

export interface BulkReport {
  /** Records in the file (a CSV's header and blank lines are none). */
  records: number;
  accepted: number;
  rejected: number;
  unchanged: number;
  batchId: string | null;
  /** The first errors by line. */
  errors: LineError[];
  seconds: number;
}

/**
 * Files checked as one chunk: their rows reference rows of the same file (a region's parent), or their afterWrite
 * needs the lookup of every row written (the region a station leaves) — which only observation feeds do without.
 */
export function checkedWhole(feed: FeedDefinition<any, any, any>): boolean {
  return !!feed.referencesWithinBatch || (!!feed.afterWrite && !feed.observedAt);
}

/**
 * Loads a CSV or NDJSON file into a dataset through the steps of the ingestion pipeline (`../pipeline.ts`): the key
 * must publish the dataset; each record is read (`fromRecord`) and validated, references are checked set-based a
 * chunk at a time, and accepted rows stream by COPY into a staging table. Then, in the same transaction: rows
 * sharing a key anywhere in the file are all rejected, one merge writes the rest with the upsert's conflict rule,
 * afterWrite queues what depends on them, and one `ingest_batches` row records the load. All or nothing for the
 * accepted rows; memory holds a chunk, whatever the file's size.
 */
export class BulkLoader {
  constructor(
    private readonly db: DataSource,
    private readonly derived: DerivedData,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async load<I, R, L>(access: Access, feed: FeedDefinition<I, R, L>, records: AsyncIterable<SourceRecord>, options: BulkLoadOptions = {}): Promise<BulkReport> {
    const started = process.hrtime.bigint();
    access.assertPublish(feed.dataset);
    if (!feed.fromRecord) throw new BulkFileError(`dataset ${feed.dataset.id} cannot be loaded from files`);
    const load = new BulkLoad(this.db, access, feed, this.clock(), options);
    const { accepted, changed, batchId } = await load.run(records);
    if (load.queued) options.onProgress?.({ stage: 'refreshing', records: load.records });
    const rejected = load.records - accepted;
    await afterCommit(this.derived, load.queued, access, feed.dataset.id, accepted, rejected);
    return {
      records: load.records,
      accepted,
      rejected,
      unchanged: accepted - changed,
      batchId,
      errors: load.rejections.first,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  }
}

/** One file's load: its transaction, on a connection of its own for COPY and the temporary tables. */
class BulkLoad<I, R, L> {
  /** Records read so far. */
  records = 0;
  /** What afterWrite queued, settled once the load has committed. */
  queued: QueuedWork | undefined;
  readonly rejections: Rejections;
  /**
   * The region refs of the rows staged (`FeedDefinition.regionRef`), for the load's live event; a row later rejected
   * as a duplicate key still counts, the duplicates being found only once everything is staged.
   */
  private readonly regionRefs = new Set<string>();
  /** The lookup of the last chunk checked: the whole file's when `checkedWhole`. */
  private lookup = undefined as L;
  private readonly runner: QueryRunner;

  constructor(
    private readonly db: DataSource,
    private readonly access: Access,
    private readonly feed: FeedDefinition<I, R, L>,
    private readonly now: Date,
    private readonly options: BulkLoadOptions,
  ) {
    this.rejections = new Rejections(options);
    this.runner = db.createQueryRunner();
  }

  async run(records: AsyncIterable<SourceRecord>): Promise<{ accepted: number; changed: number; batchId: string | null }> {
    const { runner, feed } = this;
    const { signal } = this.options;
    const batchId = randomUUID();
    let pid: number | undefined;
    // A cancel still on its way must land neither on the rollback nor on the connection's next user: awaited below.
    let cancelling: Promise<void> | undefined;
    const cancelRunning = () => (cancelling = this.cancel(pid));
    try {
      signal?.throwIfAborted();
      const client: PoolClient = await runner.connect();
      // node-postgres keeps the connection's server process id; its types do not declare it.
      pid = (client as PoolClient & { processID?: number }).processID;
      signal?.addEventListener('abort', cancelRunning, { once: true });
      await runner.startTransaction();
      await openBatch(runner, { id: batchId, datasetId: feed.dataset.id, principal: this.access.principal, receivedAt: this.now });
      await runner.query(createStagingTableSql(feed.upsert));
      // One chunk ahead at most: the next chunk is checked while PostgreSQL takes the last one.
      const staged = Readable.from(this.stagedRows(records), { highWaterMark: 1 });
      await pipeline(staged, client.query(copyFrom(copyIntoStagingSql(feed.upsert))), { signal });

      signal?.throwIfAborted();
      this.progress('merging');
      await this.rejectDuplicates();
      const [{ accepted, earliest, latest }]: { accepted: number; earliest: Date | null; latest: Date | null }[] = await runner.query(
        `SELECT count(*)::int AS accepted, to_timestamp(min(bulk_observed_ms) / 1000.0) AS earliest,
           to_timestamp(max(bulk_observed_ms) / 1000.0) AS latest FROM ${STAGING_TABLE}`,
      );
      if (!accepted) {
        await runner.rollbackTransaction();
        return { accepted, changed: 0, batchId: null };
      }
      const changed = await this.merge(batchId);
      await closeBatch(runner, {
        id: batchId, datasetId: feed.dataset.id, principal: this.access.principal, receivedAt: this.now, operation: 'bulk load',
        accepted, rejected: this.records - accepted, unchanged: accepted - changed,
        minObservedAt: earliest, maxObservedAt: latest, regionCodes: await touchedRegions(feed, this.regionRefs, runner),
      });
      signal?.throwIfAborted();
      await runner.commitTransaction();
      return { accepted, changed, batchId };
    } catch (error) {
      await cancelling;
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      signal?.removeEventListener('abort', cancelRunning);
      await cancelling;
      await runner.release();
    }
  }

  /** Cancels the statement the load's connection is running (from another connection: that one is busy). */
  private async cancel(pid: number | undefined): Promise<void> {
    if (pid === undefined) return;
    try {
      await this.db.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch (error) {
      logger.warn({ err: error, pid }, 'bulk load: could not cancel the statement of an aborted load');
    }
  }

  /** COPY text of the accepted rows, a chunk at a time, checked as the GraphQL path checks a batch. */
  private async *stagedRows(records: AsyncIterable<SourceRecord>): AsyncGenerator<string> {
    const { feed } = this;
    const whole = checkedWhole(feed);
    for await (const chunk of chunksOf(records, whole ? WHOLE_FILE_ROWS : CHUNK_ROWS)) {
      if (whole && this.records) {
        throw new BulkFileError(`a ${feed.dataset.id} file is checked whole (its rows depend on one another): at most ${WHOLE_FILE_ROWS} records, split it`);
      }
      this.records += chunk.length;
      const errors: RowError[] = [];
      const candidates: Candidate<R>[] = [];
      for (const record of chunk) {
        if (record.problems) {
          errors.push(...record.problems);
          continue;
        }
        const check = new RowValidator(record.line);
        const input = feed.fromRecord!(record.fields!, check);
        const row = check.ok ? validateInput(feed, input, check, this.now) : undefined;
        if (row !== undefined) candidates.push({ index: record.line, row });
        else errors.push(...check.errors);
      }
      const { accepted, lookup } = await checkReferences(feed, candidates, this.db, errors);
      this.lookup = lookup;
      await this.rejections.add(chunk, errors);
      for (const { row } of accepted) noteRegion(feed, row, this.regionRefs);
      yield accepted.map(({ index, row }) => stagingLine(feed.upsert, row, index, feed.observedAt?.(row) ?? null)).join('');
      this.progress('reading');
    }
  }

  /**
   * Rows sharing a natural key (the upsert's key columns) anywhere in the file are all rejected, as the GraphQL path
   * rejects them within a batch: which one is right cannot be known. Found set-based among the staged rows, so the
   * rule spans chunks at no memory cost; a copy already rejected for another reason does not count.
   */
  private async rejectDuplicates(): Promise<void> {
    const { runner } = this;
    const keys = this.feed.upsert.columns.filter((c) => c.key).map((c) => c.name);
    const found = await runner.query(
      `CREATE TEMP TABLE ${DUPLICATES_TABLE} ON COMMIT DROP AS
       SELECT ${keys.join(', ')}, array_agg(bulk_line ORDER BY bulk_line) AS lines
       FROM ${STAGING_TABLE} GROUP BY ${keys.join(', ')} HAVING count(*) > 1`,
      [],
      true,
    );
    if (!found.affected) return;
    await runner.query(`DELETE FROM ${STAGING_TABLE} WHERE bulk_line IN (SELECT unnest(lines) FROM ${DUPLICATES_TABLE})`);
    for await (const page of pages(runner, `SELECT * FROM ${DUPLICATES_TABLE} ORDER BY lines[1]`, 1000)) {
      for (const { lines, ...key } of page as { lines: number[] }[]) {
        const described = Object.entries(key)
          .filter(([, v]) => v !== null)
          .map(([column, v]) => `${column} ${v instanceof Date ? cstIso(v) : String(v)}`)
          .join(', ');
        const listed = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, … (${lines.length} lines)` : lines.join(', ');
        const message = `key (${described}) appears on lines ${listed} of this file; none of them was stored`;
        for (const line of lines) {
          await this.rejections.reject({ line, original: null, errors: [{ line, field: null, code: RowErrorCode.DUPLICATE_KEY, message }] });
        }
      }
    }
  }

  /**
   * The one merge, then afterWrite over the changed keys a page at a time: they wait in a temporary table, not in
   * memory, and come in time order so a page holds whole days of every series (a rollup recomputes each day once).
   */
  private async merge(batchId: string): Promise<number> {
    const { runner, feed } = this;
    const mergeSql = buildMergeFromStagingSql(feed.upsert, STAGING_TABLE);
    if (!feed.afterWrite) {
      const [{ changed }] = await runner.query(`WITH merged AS (${mergeSql}) SELECT count(*)::int AS changed FROM merged`, [batchId]);
      return changed;
    }
    const keys = feed.upsert.columns.filter((c) => c.key);
    await runner.query(`CREATE TEMP TABLE ${CHANGED_TABLE} (${keys.map((c) => `${c.name} ${c.type}`).join(', ')}) ON COMMIT DROP`);
    const merged = await runner.query(`WITH merged AS (${mergeSql}) INSERT INTO ${CHANGED_TABLE} SELECT * FROM merged`, [batchId], true);
    const lookup = checkedWhole(feed) ? this.lookup : ((await feed.lookup?.([], this.db)) as L);
    const timeFirst = [...keys].sort((a, b) => Number(isTime(b.type)) - Number(isTime(a.type))).map((c) => c.name);
    for await (const page of pages(runner, `SELECT * FROM ${CHANGED_TABLE} ORDER BY ${timeFirst.join(', ')}`, AFTER_WRITE_PAGE)) {
      this.options.signal?.throwIfAborted();
      this.queued = mergeQueuedWork(this.queued, await feed.afterWrite(runner, page, lookup));
    }
    return merged.affected ?? 0;
  }

  private progress(stage: BulkProgress['stage']): void {
    this.options.onProgress?.({ stage, records: this.records });
  }
}

async function* chunksOf<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

const isTime = (type: string) => type === 'timestamptz' || type === 'date';

/** A query's rows a page at a time, through a cursor of the transaction. */
async function* pages(runner: QueryRunner, sql: string, size: number): AsyncGenerator<any[]> {
  const cursor = `bulk_cursor_${randomUUID().slice(0, 8)}`;
  await runner.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`);
  try {
    for (let page: any[]; (page = await runner.query(`FETCH ${size} FROM ${cursor}`)).length; ) yield page;
  } finally {
    await runner.query(`CLOSE ${cursor}`);
  }
}

/** Hands each rejected row to `onRejected`, and keeps the first errors by line. */
class Rejections {
  readonly first: LineError[] = [];
  private readonly max: number;

  constructor(private readonly options: BulkLoadOptions) {
    this.max = options.maxErrors ?? 100;
  }

  /** A chunk's errors, by record in line order. */
  async add(chunk: SourceRecord[], errors: RowError[]): Promise<void> {
    if (!errors.length) return;
    const byLine = new Map<number, LineError[]>();
    for (const { index, ...error } of errors) {
      const found = byLine.get(index);
      if (found) found.push({ line: index, ...error });
      else byLine.set(index, [{ line: index, ...error }]);
    }
    for (const record of chunk) {
      const lineErrors = byLine.get(record.line);
      if (lineErrors) await this.reject({ line: record.line, original: record.original, errors: lineErrors });
    }
  }

  async reject(rejection: Rejection): Promise<void> {
    for (const error of rejection.errors) this.keep(error);
    await this.options.onRejected?.(rejection);
  }

  /** In line order; duplicates, found last, may come before errors already kept. */
  private keep(error: LineError): void {
    const first = this.first;
    if (first.length === this.max) {
      if (error.line >= first[first.length - 1].line) return;
      first.pop();
    }
    let at = first.length;
    while (at > 0 && first[at - 1].line > error.line) at--;
    first.splice(at, 0, error);
  }
}
