import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * An entity's columns named as its properties (`a.observed_at AS "observedAt"`), for raw SQL whose rows serve as the
 * entity's plain objects: reads that build no entity per row (TypeORM's hydration cost more than the query). `only`,
 * some of them (their properties), else all. Written once per entity, alias and set of columns.
 */
export function entitySelect<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, alias: string, only?: ReadonlySet<string>): string {
  const metadata = db.getMetadata(entity);
  let byAlias = selectLists.get(metadata);
  if (!byAlias) selectLists.set(metadata, (byAlias = new Map()));
  const key = only ? `${alias} ${[...only].sort().join(' ')}` : alias;
  let select = byAlias.get(key);
  if (!select) {
    select = metadata.columns
      .filter((c) => !only || only.has(c.propertyName))
      .map((c) => `${alias}.${c.databaseName} AS "${c.propertyName}"`)
      .join(', ');
    byAlias.set(key, select);
  }
  return select;
}

/** The property of an entity's column written as `<alias>.<column>`, if `sql` is one. */
export function columnProperty<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, alias: string, sql: string): string | undefined {
  return db.getMetadata(entity).columns.find((c) => `${alias}.${c.databaseName}` === sql)?.propertyName;
}

/** An entity's table, as raw SQL names it. */
export function entityTable<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>): string {
  return db.getMetadata(entity).tablePath;
}
