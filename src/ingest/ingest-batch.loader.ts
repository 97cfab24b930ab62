import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { IngestBatch } from './ingest-batch.entity';

export function createIngestBatchLoaders(db: DataSource) {
  return {
    batchById: new DataLoader<string, IngestBatch>(async (ids) => {
      const rows = await db.getRepository(IngestBatch).createQueryBuilder('b').where('b.id = ANY(:ids)', { ids }).getMany();
      const byId = new Map(rows.map((b) => [b.id, b]));
      return ids.map((id) => byId.get(id) ?? new Error(`no ingest batch ${id}`));
    }),
  };
}

type IngestBatchLoaders = ReturnType<typeof createIngestBatchLoaders>;
declare module '../platform/context.type' {
  interface Loaders extends IngestBatchLoaders {}
}
