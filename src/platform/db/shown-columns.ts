import { GraphQLResolveInfo } from 'graphql';
import { DataSource } from 'typeorm';
import { connectionNodeType, connectionShowsCursors, nodesFields } from '../selection';

/** An entity's class (any class: its prototype stands for its rows' type). */
type EntityClass<T> = (abstract new (...args: never[]) => unknown) & { prototype: T };

/** Per entity class: what each of its type's resolved fields reads of a row. */
const resolvedReads = new Map<EntityClass<unknown>, Map<string, readonly string[]>>();

/**
 * Declares, beside the resolvers, what fields with a resolver of an entity's GraphQL type read of its row (the columns
 * `region` needs is `regionCode`), so that a page asked for them reads those columns (`shownColumns`). A resolved field
 * nobody declared makes a page read every column.
 */
export function resolvedFieldsRead<T>(entity: EntityClass<T>, reads: Record<string, readonly (keyof T & string)[]>): void {
  let fields = resolvedReads.get(entity);
  if (!fields) resolvedReads.set(entity, (fields = new Map()));
  for (const [field, columns] of Object.entries(reads)) fields.set(field, columns);
}

/**
 * What a client's selection needs of a list's rows: the columns (as properties) its nodes' fields read, and whether
 * it shows a cursor (which a row's order columns make).
 */
export interface ShownColumns {
  columns: ReadonlySet<string>;
  cursors: boolean;
}

/** Per field node of a parsed document (the server caches parsed documents) and entity: the answer below. */
const known = new WeakMap<object, Map<EntityClass<unknown>, ShownColumns | undefined>>();

/**
 * The entity's columns (as properties) that the fields a connection's nodes ask for read: a field read straight from
 * the row (no resolver) its own column, a resolved field what `resolvedFieldsRead` declared; and whether a cursor is
 * shown. Undefined, for every column, when a field's needs are not known. Reading only these spares decoding what
 * nobody shows, and the garbage it leaves (100 stations' monitored pollutants, an array each, cost more to parse than
 * their codes and names).
 */
export function shownColumns<T>(db: DataSource, entity: EntityClass<T>, info: GraphQLResolveInfo): ShownColumns | undefined {
  const cacheable = info.fieldNodes.length === 1;
  let byEntity = cacheable ? known.get(info.fieldNodes[0]) : undefined;
  if (byEntity?.has(entity)) return byEntity.get(entity);
  const columns = columnsFor(db, entity, info);
  const shown = columns && { columns, cursors: connectionShowsCursors(info) };
  if (cacheable) {
    if (!byEntity) known.set(info.fieldNodes[0], (byEntity = new Map()));
    byEntity.set(entity, shown);
  }
  return shown;
}

function columnsFor(db: DataSource, entity: EntityClass<unknown>, info: GraphQLResolveInfo): ReadonlySet<string> | undefined {
  const nodeType = connectionNodeType(info);
  if (!nodeType) return undefined;
  const properties = new Set(db.getMetadata(entity).columns.map((c) => c.propertyName));
  const fields = nodeType.getFields();
  const needed = new Set<string>();
  for (const name of nodesFields(info)) {
    if (name === '__typename') continue;
    const field = fields[name];
    if (!field) return undefined;
    if (!field.resolve && properties.has(name)) {
      needed.add(name);
      continue;
    }
    const declared = resolvedReads.get(entity)?.get(name);
    if (!declared) return undefined;
    for (const column of declared) needed.add(column);
  }
  return needed;
}
