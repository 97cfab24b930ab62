import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';
import { Access } from '../../access/access';
import { DerivedData, FeedDefinition } from '../../catalog/feed';
import { Candidate, IngestOptions, IngestProgress, IngestSource, ValidatedChunk, WriteTransaction, runIngestion, validateInput } from '../pipeline';
import { RowError, RowErrorCode, RowValidator } from '../../catalog/row-validator';
import { buildMergeFromStagingSql } from '../upsert';
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

/** Reading and staging the file, then the one merge, then (after the commit) recomputing the rollups it queued. */
export type BulkProgress = IngestProgress;

/** `signal` also stops the file being read. */
export interface BulkLoadOptions extends IngestOptions {
  /** Each rejected row, in line order as the file streams, then the duplicates. */
  onRejected?(rejection: Rejection): void | Promise<void>;
  /** How many errors the report keeps, the first by line (default 100). */
  maxErrors?: number;
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
 * Loads a CSV or NDJSON file into a dataset through the ingestion pipeline (`../pipeline.ts`), its records the
 * stream source below: the key must publish the dataset; each record is read (`fromRecord`) and validated,
 * references are checked set-based a chunk at a time, and accepted rows stream by COPY into a staging table. Then,
 * in the same transaction: rows sharing a key anywhere in the file are all rejected, one merge writes the rest with
 * the upsert's conflict rule, afterWrite queues what depends on them, and one `ingest_batches` row records the load.
 * All or nothing for the accepted rows; memory holds a chunk, whatever the file's size.
 */
export class BulkLoader {
  constructor(
    private readonly db: DataSource,
    private readonly derived: DerivedData,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async load<I, R, L>(access: Access, feed: FeedDefinition<I, R, L>, records: AsyncIterable<SourceRecord>, options: BulkLoadOptions = {}): Promise<BulkReport> {
    const started = process.hrtime.bigint();
    const source = new StreamSource(feed, records, options);
    const outcome = await runIngestion({ db: this.db, derived: this.derived }, access, feed, source, this.clock, options);
    return { ...outcome, errors: source.rejections.first, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }
}

/**
 * The stream source: records a chunk at a time (the whole file at once when `checkedWhole`), rejected rows handed
 * on by line as they stream past, accepted rows staged by COPY in the write's transaction, duplicate keys found
 * among the staged rows, one merge.
 */
class StreamSource<I, R> implements IngestSource<R, SourceRecord[]> {
  readonly operation = 'bulk load';
  readonly checkedWhole: boolean;
  readonly rejections: Rejections;

  constructor(
    private readonly feed: FeedDefinition<I, R, any>,
    private readonly records: AsyncIterable<SourceRecord>,
    private readonly options: BulkLoadOptions,
  ) {
    this.checkedWhole = checkedWhole(feed);
    this.rejections = new Rejections(options);
  }

  admit(): void {
    if (!this.feed.fromRecord) throw new BulkFileError(`dataset ${this.feed.dataset.id} cannot be loaded from files`);
  }

  async *chunks(): AsyncGenerator<SourceRecord[]> {
    const whole = this.checkedWhole;
    let first = true;
    for await (const chunk of chunksOf(this.records, whole ? WHOLE_FILE_ROWS : CHUNK_ROWS)) {
      if (whole && !first) {
        throw new BulkFileError(`a ${this.feed.dataset.id} file is checked whole (its rows depend on one another): at most ${WHOLE_FILE_ROWS} records, split it`);
      }
      first = false;
      yield chunk;
    }
  }

  validate(chunk: SourceRecord[], now: Date): ValidatedChunk<R> {
    const { feed } = this;
    const errors: RowError[] = [];
    const candidates: Candidate<R>[] = [];
    for (const record of chunk) {
      if (record.problems) {
        errors.push(...record.problems);
        continue;
      }
      const check = new RowValidator(record.line);
      const input = feed.fromRecord!(record.fields!, check);
      const row = check.ok ? validateInput(feed, input, check, now) : undefined;
      if (row !== undefined) candidates.push({ index: record.line, row });
      else errors.push(...check.errors);
    }
    return { records: chunk.length, candidates, errors };
  }

  reject(chunk: SourceRecord[], errors: RowError[]): Promise<void> {
    return this.rejections.add(chunk, errors);
  }

  /** COPY text of the accepted rows, a chunk at a time, into the staging table of the write's transaction. */
  async stage(accepted: AsyncIterable<Candidate<R>[]>, tx: WriteTransaction): Promise<void> {
    const { feed } = this;
    const runner = await tx.begin();
    const client: PoolClient = await runner.connect();
    await runner.query(createStagingTableSql(feed.upsert));
    async function* lines(): AsyncGenerator<string> {
      for await (const rows of accepted) yield rows.map(({ index, row }) => stagingLine(feed.upsert, row, index, feed.observedAt?.(row) ?? null)).join('');
    }
    // One chunk ahead at most: the next chunk is checked while PostgreSQL takes the last one.
    await pipeline(Readable.from(lines(), { highWaterMark: 1 }), client.query(copyFrom(copyIntoStagingSql(feed.upsert))), { signal: this.options.signal });
  }

  async staged(tx: WriteTransaction): Promise<{ accepted: number; earliest: Date | null; latest: Date | null }> {
    const runner = await tx.begin();
    await this.rejectDuplicates(runner);
    const [counted]: { accepted: number; earliest: Date | null; latest: Date | null }[] = await runner.query(
      `SELECT count(*)::int AS accepted, to_timestamp(min(bulk_observed_ms) / 1000.0) AS earliest,
         to_timestamp(max(bulk_observed_ms) / 1000.0) AS latest FROM ${STAGING_TABLE}`,
    );
    return counted;
  }

  /**
   * Rows sharing a natural key (the upsert's key columns) anywhere in the file are all rejected, as the GraphQL path
   * rejects them within a batch: which one is right cannot be known. Found set-based among the staged rows, so the
   * rule spans chunks at no memory cost; a copy already rejected for another reason does not count.
   */
  private async rejectDuplicates(runner: QueryRunner): Promise<void> {
    const keys = this.feed.upsert.columns.filter((c) => c.key).map((c) => c.name);
    // Whether any key repeats, by a hashed count of each key: the usual file has none, and gathering each key's lines
    // in order (below) sorts every staged row.
    const [{ repeated }] = await runner.query(`SELECT EXISTS (SELECT FROM ${STAGING_TABLE} GROUP BY ${keys.join(', ')} HAVING count(*) > 1) AS repeated`);
    if (!repeated) return;
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
   * The one merge. For afterWrite, the changed keys (or what the feed reduces them to, `afterWriteKeys`) wait in a
   * temporary table, not in memory, and come a page at a time in time order, so a page holds whole days of every
   * series (a rollup recomputes each day once).
   */
  async write(runner: QueryRunner, batchId: string, withKeys: boolean): Promise<{ changed: number; changedKeys: AsyncIterable<any[]> | any[][] }> {
    const { upsert, afterWriteKeys } = this.feed;
    if (!withKeys) {
      // The row count rather than a count of RETURNING rows: nothing to gather, 3 % of the merge's CPU.
      const { affected } = await runner.query(buildMergeFromStagingSql(upsert, STAGING_TABLE, { returning: false }), [batchId], true);
      return { changed: affected ?? 0, changedKeys: [] };
    }
    const mergeSql = buildMergeFromStagingSql(upsert, STAGING_TABLE);
    const keys = upsert.columns.filter((c) => c.key);
    const timeFirst = [...keys].sort((a, b) => Number(isTime(b.type)) - Number(isTime(a.type))).map((c) => c.name);
    const kept = afterWriteKeys ?? Object.fromEntries(timeFirst.map((name) => [name, name]));
    const columns = Object.keys(kept).join(', ');
    const values = Object.entries(kept).map(([name, sql]) => `${sql} AS ${name}`).join(', ');
    // Typed like the expressions over the table's own key columns; filled from the merge's changed keys.
    await runner.query(`CREATE TEMP TABLE ${CHANGED_TABLE} ON COMMIT DROP AS SELECT ${values} FROM ${upsert.table} WITH NO DATA`);
    const [{ changed }] = await runner.query(
      `WITH merged AS (${mergeSql}),
         kept AS (INSERT INTO ${CHANGED_TABLE} SELECT ${afterWriteKeys ? 'DISTINCT ' : ''}${values} FROM merged)
       SELECT count(*)::int AS changed FROM merged`,
      [batchId],
    );
    return { changed, changedKeys: pages(runner, `SELECT * FROM ${CHANGED_TABLE} ORDER BY ${columns}`, AFTER_WRITE_PAGE) };
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
