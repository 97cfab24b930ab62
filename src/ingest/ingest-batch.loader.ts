import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { entitySelect, entityTable } from '../platform/db/entity-select';
import { preparedRead } from '../platform/db/prepared';
import { IngestBatch } from './ingest-batch.entity';

/**
 * Batches already read, for every request of the process. A batch's row is written and settled inside its write's
 * transaction (pipeline.ts) and never changed after: whoever sees a row of it sees its final provenance, so a batch
 * once found never goes stale. One not found (not committed yet, or not replayed on this replica) is not kept.
 */
const settledBatches = new LRUCache<string, IngestBatch>({ max: 20_000 });

export function createIngestBatchLoaders(db: DataSource) {
  const select = entitySelect(db, IngestBatch, 'b');
  const batchById = new DataLoader<string, IngestBatch>(async (ids) => {
    const found = new Map<string, IngestBatch>();
    for (const id of ids) {
      const known = settledBatches.get(id);
      if (known) found.set(id, known);
    }
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      const rows = await preparedRead<IngestBatch>(db, `SELECT ${select} FROM ${entityTable(db, IngestBatch)} b WHERE b.id = ANY($1)`, [missing]);
      for (const b of rows) {
        found.set(b.id, b);
        settledBatches.set(b.id, b);
      }
    }
    return ids.map((id) => found.get(id) ?? new Error(`no ingest batch ${id}`));
  });
  return {
    /** The batch at once when the process knows it (no promise per row: 100 hours of one batch were 100), else read in a batch. */
    findBatch: (id: string): IngestBatch | Promise<IngestBatch> => settledBatches.get(id) ?? batchById.load(id),
  };
}

type IngestBatchLoaders = ReturnType<typeof createIngestBatchLoaders>;
declare module '../platform/context.type' {
  interface Loaders extends IngestBatchLoaders {}
}
