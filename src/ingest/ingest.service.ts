import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { ErrorCode, hubError } from '../platform/errors';
import { DerivedData, FeedDefinition, QueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { IngestReport } from './ingest-report';
import { RowError, RowErrorCode, RowValidator } from '../catalog/row-validator';
import { buildUpsertSql, upsertParameters } from './upsert';
import { Candidate, afterCommit, checkReferences, closeBatch, noteRegion, openBatch, touchedRegions, validateInput } from './pipeline';

/**
 * The pipeline (pipeline.ts) over a list of inputs, a mutation's: authorise, validate each row, reject in-batch
 * duplicate keys, check references set-based, then record the batch and upsert the accepted rows in one
 * transaction, and settle the derived data after the commit. The bulk loader runs a stream of records through it.
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
    let queued: QueuedWork | undefined;
    if (batchId) {
      written = await this.db.transaction(async (tx) => {
        await openBatch(tx, { id: batchId, datasetId: dataset.id, principal: access.principal, receivedAt: now });
        const changedKeys = await tx.query(this.upsertSql(feed), upsertParameters(feed.upsert, rows, batchId));
        if (feed.afterWrite && changedKeys.length) queued = await feed.afterWrite(tx as Queryable, changedKeys, lookup);
        const refs = new Set<string>();
        for (const row of rows) noteRegion(feed, row, refs);
        const times = observedRange(feed, rows);
        await closeBatch(tx, {
          id: batchId, datasetId: dataset.id, principal: access.principal, receivedAt: now, operation: 'publish',
          accepted: rows.length, rejected, unchanged: rows.length - changedKeys.length,
          minObservedAt: times.min, maxObservedAt: times.max, regionCodes: await touchedRegions(feed, refs, tx),
        });
        return changedKeys.length as number;
      });
    }

    await afterCommit(this.derived, queued, access, dataset.id, rows.length, rejected);
    return { accepted: rows.length, rejected, unchanged: rows.length - written, errors, batchId };
  }

  private upsertSql(feed: FeedDefinition<any, any, any>): string {
    let sql = this.sqlCache.get(feed);
    if (!sql) this.sqlCache.set(feed, (sql = buildUpsertSql(feed.upsert)));
    return sql;
  }
}

function observedRange<R>(feed: FeedDefinition<any, R, any>, rows: R[]): { min: Date | null; max: Date | null } {
  if (!feed.observedAt) return { min: null, max: null };
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const t = feed.observedAt(row).getTime();
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  return { min: new Date(min), max: new Date(max) };
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
