import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { entitySelect, entityTable } from '../platform/db/entity-select';
import { preparedRead } from '../platform/db/prepared';
import { IngestBatch } from './ingest-batch.entity';

export function createIngestBatchLoaders(db: DataSource) {
  const select = entitySelect(db, IngestBatch, 'b');
  return {
    batchById: new DataLoader<string, IngestBatch>(async (ids) => {
      const rows = await preparedRead<IngestBatch>(db, `SELECT ${select} FROM ${entityTable(db, IngestBatch)} b WHERE b.id = ANY($1)`, [ids]);
      const byId = new Map(rows.map((b) => [b.id, b]));
      return ids.map((id) => byId.get(id) ?? new Error(`no ingest batch ${id}`));
    }),
  };
}

type IngestBatchLoaders = ReturnType<typeof createIngestBatchLoaders>;
declare module '../platform/context.type' {
  interface Loaders extends IngestBatchLoaders {}
}
