import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { Access, regionScopeSql } from '../access/access';
import { Row, builtDataset, regionExpression, snake, specFields } from './dataset-spec';

/**
 * Per-request loaders of rows by key for any defined dataset (relations, federation references): one statement per
 * dataset per response, through the caller's access (under a region-limited grant, a key with no row inside it is
 * FORBIDDEN, whether its row lies outside or does not exist).
 */
export function createDatasetRowLoaders(db: DataSource, access: Access) {
  const loaders = new Map<string, DataLoader<string, Row | null>>();
  return (datasetId: string): DataLoader<string, Row | null> => {
    let loader = loaders.get(datasetId);
    if (!loader) {
      const { spec, dataset } = builtDataset(datasetId);
      const fields = specFields(spec);
      const key = fields.find(([, f]) => f.key)![0];
      const select = [...fields.map(([n]) => `t.${snake(n)} AS "${n}"`), 't.batch_id AS "batchId"'].join(', ');
      const region = regionExpression(spec);
      loader = new DataLoader<string, Row | null>(async (keys) => {
        const scope = await access.readScope(dataset);
        const params: unknown[] = [keys];
        const rows: (Row & { inScope: boolean })[] = await db.query(
          `SELECT ${select}, ${regionScopeSql(scope, region, (v) => (params.push(v), `$${params.length}`))} AS "inScope"
           FROM ${spec.table} t WHERE t.${snake(key)} = ANY($1::text[])`,
          params,
        );
        access.recordRead(datasetId, rows.filter((r) => r.inScope).length);
        const visible = new Map(rows.filter((r) => r.inScope).map(({ inScope: _inScope, ...row }) => [String(row[key]), row as Row]));
        return keys.map((k) => visible.get(k) ?? access.unseenByKey(dataset, scope, `${spec.typeName} ${key} ${k}`));
      });
      loaders.set(datasetId, loader);
    }
    return loader;
  };
}

declare module '../platform/context.type' {
  interface Loaders {
    datasetRow: ReturnType<typeof createDatasetRowLoaders>;
  }
}
