import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Access } from '../../auth/access';
import { ErrorCode, hubError } from '../../errors';
import { metrics } from '../../metrics';
import { FeedDefinition, Queryable } from './feed';
import { IngestReport } from './ingest-report';
import { RowError, RowErrorCode, RowValidator } from './row-validator';
import { buildUpsertSql, upsertParameters } from './upsert';

/**
 * The one ingestion path of every feed: authorise, validate each row, check references set-based, reject
 * in-batch duplicate keys, then record the batch and upsert the accepted rows in one transaction.
 */
export class IngestService {
  private readonly sqlCache = new WeakMap<object, string>();

  constructor(
    private readonly db: DataSource,
    private readonly maxBatch: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ingest<I, R, L>(access: Access, feed: FeedDefinition<I, R, L>, inputs: readonly I[]): Promise<IngestReport> {
    const { dataset } = feed;
    const { principal } = access;
    access.assertPublish(dataset.id);
    if (inputs.length > this.maxBatch) {
      throw hubError(ErrorCode.BATCH_TOO_LARGE, `a batch holds at most ${this.maxBatch} rows; got ${inputs.length}. Split it, or use the bulk loader.`, {
        limit: this.maxBatch,
        received: inputs.length,
      });
    }

    const now = this.clock();
    const errors: RowError[] = [];
    const candidates: { index: number; row: R }[] = [];
    inputs.forEach((input, index) => {
      const check = new RowValidator(index);
      const row = feed.validate(input, check, now);
      if (row !== undefined && check.ok) candidates.push({ index, row });
      else errors.push(...check.errors);
    });

    let accepted = rejectDuplicateKeys(candidates, (r) => feed.naturalKey(r), errors);
    let lookup = undefined as L;
    if (feed.lookup && feed.checkReferences) {
      for (let before = -1; accepted.length && accepted.length !== before; ) {
        before = accepted.length;
        lookup = await feed.lookup(accepted.map((c) => c.row), this.db);
        accepted = accepted.filter(({ index, row }) => {
          const check = new RowValidator(index);
          feed.checkReferences!(row, lookup, check);
          errors.push(...check.errors);
          return check.ok;
        });
        if (!feed.referencesWithinBatch) break;
      }
    }
    errors.sort((a, b) => a.index - b.index);

    const rows = accepted.map((a) => a.row);
    const batchId = rows.length ? randomUUID() : null;
    let written = 0;
    if (batchId) {
      written = await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO ingest_batches (id, dataset, department, key_id, received_at, accepted, rejected, unchanged, max_observed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)`,
          [batchId, dataset.id, principal.department, principal.keyId, now, rows.length, inputs.length - rows.length, latest(feed, rows)],
        );
        const changedKeys = await tx.query(this.upsertSql(feed), upsertParameters(feed.upsert, rows, batchId));
        if (feed.afterWrite && changedKeys.length) await feed.afterWrite(tx as Queryable, changedKeys, lookup);
        await tx.query('UPDATE ingest_batches SET unchanged = $2 WHERE id = $1', [batchId, rows.length - changedKeys.length]);
        return changedKeys.length as number;
      });
    }

    access.recordWrite(dataset.id, rows.length, inputs.length - rows.length);
    metrics.ingestedRows.inc({ dataset: dataset.id, outcome: 'accepted' }, rows.length);
    metrics.ingestedRows.inc({ dataset: dataset.id, outcome: 'rejected' }, inputs.length - rows.length);
    return {
      accepted: rows.length,
      rejected: inputs.length - rows.length,
      unchanged: rows.length - written,
      errors,
      batchId,
    };
  }

  private upsertSql(feed: FeedDefinition<any, any, any>): string {
    let sql = this.sqlCache.get(feed);
    if (!sql) this.sqlCache.set(feed, (sql = buildUpsertSql(feed.upsert)));
    return sql;
  }
}

function latest<R>(feed: FeedDefinition<any, R, any>, rows: R[]): Date | null {
  if (!feed.observedAt) return null;
  return new Date(rows.reduce((max, r) => Math.max(max, feed.observedAt!(r).getTime()), -Infinity));
}

/** Every row whose natural key appears more than once in the batch is rejected: we cannot know which one is right. */
function rejectDuplicateKeys<R>(rows: { index: number; row: R }[], keyOf: (r: R) => string, errors: RowError[]) {
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
