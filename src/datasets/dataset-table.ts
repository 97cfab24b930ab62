import { DatasetSpec, snake, specFields } from './dataset-spec';

/** The columns a spec needs (name, type, NOT NULL) and its key: what its migration must create. */
export function expectedTable(spec: DatasetSpec): { table: string; columns: { name: string; type: string; notNull: boolean }[]; primaryKey: string[] } {
  const fields = specFields(spec);
  return {
    table: spec.table,
    columns: [
      ...fields.map(([n, f]) => ({ name: snake(n), type: f.kind.pgType, notNull: !!(f.required || f.key) })),
      { name: 'batch_id', type: 'uuid', notNull: true },
    ],
    primaryKey: fields.filter(([, f]) => f.key).map(([n]) => snake(n)),
  };
}
