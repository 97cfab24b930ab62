import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { writeBatchAuditEntry } from '../admin/audit-log';
import { Principal } from '../access/principal';
import { ErrorCode, hubError } from '../platform/errors';
import { metrics } from '../platform/metrics';
import { logger } from '../platform/logger';
import { DerivedData, FeedDefinition, Queryable, QueuedWork } from '../catalog/feed';
import { IngestReport } from './ingest-report';
import { RowError, RowErrorCode, RowValidator } from '../catalog/row-validator';
import { buildUpsertSql, upsertParameters } from './upsert';
import { nulPath } from '../platform/text';

/**
 * The one ingestion path of every feed: authorise, validate each row, check references set-based, reject
 * in-batch duplicate keys, then record the batch and upsert the accepted rows in one transaction. The bulk loader
 * (`bulk/bulk-loader.ts`) runs files through the same steps, exported below.
 */
export class IngestService {
  private readonly sqlCache = new WeakMap<object, string>();

  constructor(
    private readonly db: DataSource,
    private readonly maxBatch: number,
    private readonly derived: DerivedData,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ingest<I, R, L>(access: Access, feed: FeedDefinition<I, R, L>, inputs: readonly I[]): Promise<IngestReport> {
    const { dataset } = feed;
    access.assertPublish(dataset);
    if (inputs.length > this.maxBatch) {
      throw hubError(ErrorCode.BATCH_TOO_LARGE, `a batch holds at most ${this.maxBatch} rows; got ${inputs.length}. Split it, or use the bulk loader.`, {
        limit: this.maxBatch,
        received: inputs.length,
      });
    }

    const now = this.clock();
    const errors: RowError[] = [];
    const candidates: Candidate<R>[] = [];
    inputs.forEach((input, index) => {
      const check = new RowValidator(index);
      const row = validateInput(feed, input, check, now);
      if (row !== undefined) candidates.push({ index, row });
      else errors.push(...check.errors);
    });

    const unique = rejectDuplicateKeys(candidates, (r) => feed.naturalKey(r), errors);
    const { accepted, lookup } = await checkReferences(feed, unique, this.db, errors);
    errors.sort((a, b) => a.index - b.index);

    const rows = accepted.map((a) => a.row);
    const rejected = inputs.length - rows.length;
    const batchId = rows.length ? randomUUID() : null;
    let written = 0;
    if (batchId) {
      let queued: QueuedWork | undefined;
      written = await this.db.transaction(async (tx) => {
        await openBatch(tx, { id: batchId, datasetId: dataset.id, principal: access.principal, receivedAt: now });
        const changedKeys = await tx.query(this.upsertSql(feed), upsertParameters(feed.upsert, rows, batchId));
        if (feed.afterWrite && changedKeys.length) queued = await feed.afterWrite(tx as Queryable, changedKeys, lookup);
        await settleBatch(tx, batchId, { accepted: rows.length, rejected, unchanged: rows.length - changedKeys.length, maxObservedAt: latest(feed, rows) });
        await writeBatchAuditEntry(tx, { principal: access.principal, datasetId: dataset.id, batchId, accepted: rows.length, rejected, startedAt: now, operation: 'publish' });
        return changedKeys.length as number;
      });
      await settleDerived(this.derived, queued, dataset.id);
    }

    countWrite(access, dataset.id, rows.length, rejected);
    return { accepted: rows.length, rejected, unchanged: rows.length - written, errors, batchId };
  }

  private upsertSql(feed: FeedDefinition<any, any, any>): string {
    let sql = this.sqlCache.get(feed);
    if (!sql) this.sqlCache.set(feed, (sql = buildUpsertSql(feed.upsert)));
    return sql;
  }
}

/** An input row that passed validation, with its position (the GraphQL list index, or a file's line). */
export interface Candidate<R> {
  index: number;
  row: R;
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
  for (const [field, value] of Object.entries(input)) {
    const path = nulPath(field, value);
    if (path) check.fail(field, RowErrorCode.CONTROL_CHARACTER, `${path} contains U+0000 (NUL), which no text can hold`);
  }
  return check.ok;
}

/**
 * References checked set-based: one `lookup` for all the rows, then each row against it. For a feed whose rows
 * reference each other, again over the rows still accepted until none more is rejected. Errors go to `errors`.
 */
export async function checkReferences<R, L>(
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

/** Provenance of the rows a write stores: opened before they are written (they reference it), settled after. */
export async function openBatch(tx: Queryable, batch: { id: string; datasetId: string; principal: Principal; receivedAt: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO ingest_batches (id, dataset, department, key_id, received_at, accepted, rejected, unchanged)
     VALUES ($1, $2, $3, $4, $5, 0, 0, 0)`,
    [batch.id, batch.datasetId, batch.principal.department, batch.principal.keyId, batch.receivedAt],
  );
}

export interface BatchOutcome {
  accepted: number;
  rejected: number;
  unchanged: number;
  /** Latest time the stored rows describe (observation feeds), for the catalog. */
  maxObservedAt: Date | null;
}

export async function settleBatch(tx: Queryable, batchId: string, outcome: BatchOutcome): Promise<void> {
  await tx.query('UPDATE ingest_batches SET accepted = $2, rejected = $3, unchanged = $4, max_observed_at = $5 WHERE id = $1', [
    batchId,
    outcome.accepted,
    outcome.rejected,
    outcome.unchanged,
    outcome.maxObservedAt,
  ]);
}

/**
 * After a write committed: waits until the derived data it queued (rollups) is recomputed, so reads after the
 * acknowledgement reflect it. The rows are stored whatever happens here: a failure is logged, and the queue keeps the
 * work for the next drain.
 */
export async function settleDerived(derived: DerivedData, queued: QueuedWork | undefined, datasetId: string): Promise<void> {
  if (!queued) return;
  try {
    await derived.settle(queued);
  } catch (error) {
    logger.warn({ err: error, dataset: datasetId }, 'derived data not yet recomputed after a committed write; it stays queued');
  }
}

/** What a write did, for the request's audit entry and the metrics. */
export function countWrite(access: Access, datasetId: string, accepted: number, rejected: number): void {
  access.recordWrite(datasetId, accepted, rejected);
  metrics.ingestedRows.inc({ dataset: datasetId, outcome: 'accepted' }, accepted);
  metrics.ingestedRows.inc({ dataset: datasetId, outcome: 'rejected' }, rejected);
}

function latest<R>(feed: FeedDefinition<any, R, any>, rows: R[]): Date | null {
  if (!feed.observedAt) return null;
  return new Date(rows.reduce((max, r) => Math.max(max, feed.observedAt!(r).getTime()), -Infinity));
}

/** Every row whose natural key appears more than once in the batch is rejected: we cannot know which one is right. */
function rejectDuplicateKeys<R>(rows: Candidate<R>[], keyOf: (r: R) => string, errors: RowError[]): Candidate<R>[] {
  const byKey = new Map<string, number[]>();
  for (const { index, row } of rows) {
    const key = keyOf(row);
    const positions = byKey.get(key);
    if (positions) positions.push(index);
    else byKey.set(key, [index]);
  }
  return rows.filter(({ index, row }) => {
    const positions = byKey.get(keyOf(row))!;
    if (positions.length === 1) return true;
    errors.push({
      index,
      field: null,
      code: RowErrorCode.DUPLICATE_KEY,
      message: `key ${keyOf(row)} appears in rows ${positions.join(', ')} of this batch; none of them was stored`,
    });
    return false;
  });
}

declare module '../platform/context.type' {
  interface Services {
    ingest: IngestService;
  }
}
