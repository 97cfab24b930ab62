import { DatasetDefinition } from './dataset';
import { RowValidator } from './row-validator';
import type { Queryable } from '../platform/db/queryable';


export interface UpsertColumn<Row> {
  name: string;
  /** PostgreSQL type of the column; array types (`text[]`) travel as array literals and are cast back. */
  type: string;
  value(row: Row): unknown;
  /** Part of the natural key: never updated, not compared. */
  key?: boolean;
}

export interface UpsertSpec<Row> {
  table: string;
  /** The unique index ON CONFLICT targets. May name a generated column. */
  conflict: string[];
  columns: UpsertColumn<Row>[];
  /**
   * The table is partitioned by the CST month of this column (one of `columns`, a `timestamptz` or a `date`;
   * `platform/db/partitions.ts`): the pipeline creates the months a batch writes into before it writes.
   */
  partitionedByMonthOf?: string;
}

/**
 * A publishable dataset: how to validate one input row, what it references, its natural key and how to upsert it.
 * The ingestion pipeline (`src/ingest/pipeline.ts`) runs every feed, from a mutation or a file; a feed only declares.
 */
export interface FeedDefinition<Input, Row, Lookup = void> {
  dataset: DatasetDefinition;
  /** Shape, units, physical limits, time. Pure: no database. Returns the normalised row, or nothing if rejected. */
  validate(input: Input, check: RowValidator, now: Date): Row | undefined;
  /** One query per referenced table for the whole batch (known stations, regions, …). */
  lookup?(rows: Row[], db: Queryable): Promise<Lookup>;
  /** Checks a row against what `lookup` found. */
  checkReferences?(row: Row, lookup: Lookup, check: RowValidator): void;
  /**
   * Rows may reference other rows of the same batch (a region and its parent): references are re-checked against
   * the rows still accepted until none more is rejected, so a rejected parent never takes its children down with
   * a foreign-key error.
   */
  referencesWithinBatch?: boolean;
  /**
   * A text record (a CSV row by header, an NDJSON object) as this feed's input, for bulk loads, read with
   * `bulk/coerce.ts`'s RecordReader: a value that does not read as its type is reported on `check` as
   * INVALID_FORMAT for its field, and the row is rejected without `validate`. Missing values are null even where
   * the GraphQL input requires them: `validate` checks presence on every path.
   */
  fromRecord?(record: Record<string, unknown>, check: RowValidator): Input;
  /** Former names of fields (deprecated aliases, docs/architecture.md Naming) a record may still use; `fromRecord` reads them. */
  formerFieldNames?: readonly string[];
  /** The time a row describes, for observation feeds: the catalog reports the latest one. */
  observedAt?(row: Row): Date;
  /** Natural key as a string: rows of a batch sharing one are all rejected. */
  naturalKey(row: Row): string;
  upsert: UpsertSpec<Row>;
  /**
   * Runs in the same transaction after the upsert, with the key columns of the rows that changed: queues the derived
   * data to recompute (rollups) and says what it queued, which the writer settles after its commit. A bulk load
   * calls it after its one merge, a page of changed keys at a time (in time order). It checks an observation feed's
   * file (`observedAt`) chunk by chunk and passes the lookup of no rows, so an observation feed's afterWrite must
   * rest on the changed keys alone; another feed with an afterWrite has its file checked whole, and its lookup.
   */
  afterWrite?(tx: Queryable, changedKeys: any[], lookup: Lookup): Promise<QueuedWork | undefined>;
  /**
   * What afterWrite needs of the changed rows when it is less than their key columns: SQL expressions over the key
   * columns, by the names afterWrite reads. PostgreSQL reduces the changed rows to each distinct combination (a
   * batch of hours is a few series-days), so the rows themselves never come back to the process; a bulk load's pages
   * come ordered by these columns in the order given, so the time goes first.
   */
  afterWriteKeys?: Readonly<Record<string, string>>;
  /**
   * Where a row lies, for the batch's live event (which regions it touched): its region code, or a key that
   * `regionsOf` turns into region codes (a station's, an enterprise's). Absent or null: the row lies in no region.
   */
  regionRef?(row: Row): string | null;
  /** The region codes of the refs `regionRef` gave, in one statement; absent when those refs are region codes. */
  regionsOf?(refs: string[], db: Queryable): Promise<string[]>;
}

/** The entries a write added to derived-data queues (ids first…last, possibly interleaved with others'). */
export interface QueuedWork {
  first: number;
  last: number;
  /** The queue tables that hold them: a rollup no entry went to has nothing to settle. */
  queues: readonly string[];
}

/** Keeps derived data (rollups) in step with writes: `settle` resolves once the queued work is done. */
export interface DerivedData {
  settle(work: QueuedWork): Promise<void>;
}

/** One range covering both: a load that queued in pages settles them together. */
export function mergeQueuedWork(a: QueuedWork | undefined, b: QueuedWork | undefined): QueuedWork | undefined {
  if (!a || !b) return a ?? b;
  return { first: Math.min(a.first, b.first), last: Math.max(a.last, b.last), queues: [...new Set([...a.queues, ...b.queues])] };
}

/** The fields a bulk record of a feed may have: its dataset's, and their former names still accepted. */
export function recordFieldNames(feed: Pick<FeedDefinition<unknown, unknown, unknown>, 'dataset' | 'formerFieldNames'>): string[] {
  return [...feed.dataset.fields.map((f) => f.name), ...(feed.formerFieldNames ?? [])];
}
