import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * An entity's columns named as its properties (`a.observed_at AS "observedAt"`), for raw SQL whose rows serve as the
 * entity's plain objects: reads that build no entity per row (TypeORM's hydration cost more than the query). Written
 * once per entity and alias.
 */
export function entitySelect<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, alias: string): string {
  const metadata = db.getMetadata(entity);
  let byAlias = selectLists.get(metadata);
  if (!byAlias) selectLists.set(metadata, (byAlias = new Map()));
  let select = byAlias.get(alias);
  if (!select) {
    select = metadata.columns.map((c) => `${alias}.${c.databaseName} AS "${c.propertyName}"`).join(', ');
    byAlias.set(alias, select);
  }
  return select;
}

/** An entity's table, as raw SQL names it. */
export function entityTable<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>): string {
  return db.getMetadata(entity).tablePath;
}
