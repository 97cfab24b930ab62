import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { ErrorCode, hubError } from '../platform/errors';
import { DerivedData, FeedDefinition } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { IngestReport } from './ingest-report';
import { RowError, RowErrorCode, RowValidator } from '../catalog/row-validator';
import { buildUpsertSql, countChangedSql, reducedChangedKeysSql, upsertParameters } from './upsert';
import { Candidate, IngestSource, ValidatedChunk, runIngestion, validateInput } from './pipeline';

/** A mutation's write: its list of inputs through the pipeline (pipeline.ts), answered with an `IngestReport`. */
export class IngestService {
  constructor(
    private readonly db: DataSource,
    private readonly maxBatch: number,
    private readonly derived: DerivedData,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ingest<I, R, L>(access: Access, feed: FeedDefinition<I, R, L>, inputs: readonly I[]): Promise<IngestReport> {
    const source = new ListSource(feed, inputs, this.maxBatch);
    const { accepted, rejected, unchanged, batchId } = await runIngestion({ db: this.db, derived: this.derived }, access, feed, source, this.clock);
    return { accepted, rejected, unchanged, errors: source.errors, batchId };
  }
}

/** A feed's write statements, built once: the upsert returning its changed keys, their count, their reduction. */
interface WriteStatements {
  keys: string;
  count: string;
  reduced?: string;
}

const writeStatements = new WeakMap<FeedDefinition<any, any, any>, WriteStatements>();

function statementsOf(feed: FeedDefinition<any, any, any>): WriteStatements {
  let statements = writeStatements.get(feed);
  if (!statements) {
    const keys = buildUpsertSql(feed.upsert);
    const reduced = feed.afterWriteKeys && reducedChangedKeysSql(keys, feed.afterWriteKeys);
    writeStatements.set(feed, (statements = { keys, count: countChangedSql(keys), reduced }));
  }
  return statements;
}

/**
 * The list source: the inputs are one chunk, checked in memory (a duplicate key rejected before the references are
 * looked up), reported as `RowError`s by list index, and written by one upsert statement that returns the keys it
 * changed.
 */
class ListSource<I, R> implements IngestSource<R, readonly I[]> {
  readonly operation = 'publish';
  readonly checkedWhole = true;
  errors: RowError[] = [];
  private readonly rows: R[] = [];

  constructor(
    private readonly feed: FeedDefinition<I, R, any>,
    private readonly inputs: readonly I[],
    private readonly maxBatch: number,
  ) {}

  admit(): void {
    const { inputs, maxBatch } = this;
    if (inputs.length > maxBatch) {
      throw hubError(ErrorCode.BATCH_TOO_LARGE, `a batch holds at most ${maxBatch} rows; got ${inputs.length}. Split it, or use the bulk loader.`, {
        limit: maxBatch,
        received: inputs.length,
      });
    }
  }

  async *chunks(): AsyncGenerator<readonly I[]> {
    yield this.inputs;
  }

  validate(inputs: readonly I[], now: Date): ValidatedChunk<R> {
    const { feed } = this;
    const errors: RowError[] = [];
    const candidates: Candidate<R>[] = [];
    inputs.forEach((input, index) => {
      const check = new RowValidator(index);
      const row = validateInput(feed, input, check, now);
      if (row !== undefined) candidates.push({ index, row });
      else errors.push(...check.errors);
    });
    return { records: inputs.length, candidates: rejectDuplicateKeys(feed, candidates, errors), errors };
  }

  async reject(_inputs: readonly I[], errors: RowError[]): Promise<void> {
    this.errors = errors.sort((a, b) => a.index - b.index);
  }

  async stage(accepted: AsyncIterable<Candidate<R>[]>): Promise<void> {
    for await (const chunk of accepted) for (const { row } of chunk) this.rows.push(row);
  }

  async staged(): Promise<{ accepted: number; earliest: Date | null; latest: Date | null }> {
    return { accepted: this.rows.length, ...observedRange(this.feed, this.rows) };
  }

  /** Only what afterWrite needs comes back: nothing but a count without one, the reduced keys when the feed has them. */
  async write(tx: Queryable, batchId: string, withKeys: boolean): Promise<{ changed: number; changedKeys: any[][] }> {
    const { feed } = this;
    const statements = statementsOf(feed);
    const parameters = upsertParameters(feed.upsert, this.rows, batchId);
    if (!withKeys) {
      const [{ changed }] = await tx.query(statements.count, parameters);
      return { changed, changedKeys: [] };
    }
    if (!statements.reduced) {
      const changedKeys: any[] = await tx.query(statements.keys, parameters);
      return { changed: changedKeys.length, changedKeys: changedKeys.length ? [changedKeys] : [] };
    }
    let changed = 0;
    const reduced: any[] = (await tx.query(statements.reduced, parameters)).map(({ changed_rows: rows, ...key }: { changed_rows: number }) => {
      changed += rows;
      return key;
    });
    return { changed, changedKeys: reduced.length ? [reduced] : [] };
  }
}

/** The earliest and latest times the rows describe (observation feeds). */
function observedRange<R>(feed: FeedDefinition<any, R, any>, rows: R[]): { earliest: Date | null; latest: Date | null } {
  if (!feed.observedAt || !rows.length) return { earliest: null, latest: null };
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const t = feed.observedAt(row).getTime();
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  return { earliest: new Date(min), latest: new Date(max) };
}

/**
 * A key column's value as the duplicate check compares it, as the conflict target would: an instant by its
 * milliseconds, any other value by its text.
 */
const keyPart = (value: unknown) => (value instanceof Date ? value.getTime() : value === null || value === undefined ? null : String(value));

/**
 * Every row whose natural key appears more than once in the batch is rejected: we cannot know which one is right.
 * Rows are found by their values of the upsert's key columns, one Map level per column, the last one holding the
 * first row with the key: no string is built per row (joining the values into one key, with a list of positions per
 * key, cost as much as the rest of the validation). Positions are gathered only for the keys seen twice.
 */
function rejectDuplicateKeys<R>(feed: FeedDefinition<any, R, any>, rows: Candidate<R>[], errors: RowError[]): Candidate<R>[] {
  const keyColumns = feed.upsert.columns.filter((c) => c.key);
  const keyOf = (row: R) => keyColumns.map((c) => keyPart(c.value(row)));
  const firstByKey = new Map<unknown, any>();
  const duplicated = new Set<Candidate<R>>();
  for (const candidate of rows) {
    const key = keyOf(candidate.row);
    let level = firstByKey;
    for (let c = 0; c < key.length - 1; c++) {
      let next = level.get(key[c]);
      if (!next) level.set(key[c], (next = new Map()));
      level = next;
    }
    const first: Candidate<R> | undefined = level.get(key[key.length - 1]);
    if (first === undefined) level.set(key[key.length - 1], candidate);
    else duplicated.add(first).add(candidate);
  }
  if (!duplicated.size) return rows;
  const positions = new Map<string, number[]>();
  const repeated = rows.filter((candidate) => duplicated.has(candidate)).map(({ index, row }) => {
    const key = JSON.stringify(keyOf(row));
    const indexes = positions.get(key);
    if (indexes) indexes.push(index);
    else positions.set(key, [index]);
    return { index, row, key };
  });
  for (const { index, row, key } of repeated) {
    errors.push({
      index,
      field: null,
      code: RowErrorCode.DUPLICATE_KEY,
      message: `key ${feed.naturalKey(row)} appears in rows ${positions.get(key)!.join(', ')} of this batch; none of them was stored`,
    });
  }
  return rows.filter((candidate) => !duplicated.has(candidate));
}

declare module '../platform/context.type' {
  interface Services {
    ingest: IngestService;
  }
}
