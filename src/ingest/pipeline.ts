import { Access } from '../access/access';
import { Principal } from '../access/principal';
import { writeBatchAuditEntry } from '../admin/audit-log';
import { DerivedData, FeedDefinition, QueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { RowError, RowErrorCode, RowValidator } from '../catalog/row-validator';
import { logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { nulPath } from '../platform/text';
import { publishLiveEvent } from '../platform/live-outbox';

// The steps of the one ingestion pipeline, in the order both sources run them: a mutation's list of inputs
// (ingest.service.ts) and a file's stream of records (bulk/bulk-loader.ts).
//   validateInput → checkReferences → openBatch → upsert (or staged merge) → feed.afterWrite → closeBatch
//   (provenance and audit entry, in the transaction) → afterCommit (derived data settled, the write counted)
// The sources differ only where a list and a stream must: a list is checked and upserted in memory, its duplicate
// keys rejected before the references are looked up; a stream is checked a chunk at a time, staged by COPY, its
// duplicate keys found set-based among the staged rows, and merged once.

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

/** What a write stored and rejected, for its `ingest_batches` row and its audit entry. */
export interface BatchOutcome {
  accepted: number;
  rejected: number;
  unchanged: number;
  /** Earliest and latest times the accepted rows describe (observation feeds); the latest is the catalog's. */
  minObservedAt: Date | null;
  maxObservedAt: Date | null;
  /** The regions of the accepted rows (`touchedRegions`), for the batch's live event. */
  regionCodes: string[];
}

/** The region codes of a batch's accepted rows, from the refs its feed's `regionRef` gave them (one statement at most). */
export async function touchedRegions(feed: FeedDefinition<any, any, any>, refs: ReadonlySet<string>, db: Queryable): Promise<string[]> {
  const codes = feed.regionsOf && refs.size ? await feed.regionsOf([...refs], db) : [...refs];
  return [...new Set(codes)].sort();
}

/** Adds a row's region ref to `refs` (the feed may say none). */
export function noteRegion<R>(feed: FeedDefinition<any, R, any>, row: R, refs: Set<string>): void {
  const ref = feed.regionRef?.(row);
  if (ref) refs.add(ref);
}

/**
 * The last step inside the write's transaction: the batch's provenance settled with its outcome, its audit entry
 * (`publish` for a mutation, `bulk load` for a file), so the write is on record when it commits, and its live event
 * (`datasetUpdated`), announced to subscribers when it commits.
 */
export async function closeBatch(
  tx: Queryable,
  batch: { id: string; datasetId: string; principal: Principal; receivedAt: Date; operation: string } & BatchOutcome,
): Promise<void> {
  await tx.query('UPDATE ingest_batches SET accepted = $2, rejected = $3, unchanged = $4, max_observed_at = $5 WHERE id = $1', [
    batch.id,
    batch.accepted,
    batch.rejected,
    batch.unchanged,
    batch.maxObservedAt,
  ]);
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
export async function afterCommit(
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
