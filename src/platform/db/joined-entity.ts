import { DataSource, ObjectLiteral } from 'typeorm';

/**
 * A to-one relation a page reads in its own statement (a LEFT JOIN) when the client's selection asks for it: one
 * statement and round trip where the relation's loader would add another. Made by the loader's own module, so the
 * rows go where the loader would have put them, checked and tallied as it does.
 */
export interface JoinedEntity<R extends ObjectLiteral> {
  entity: new () => R;
  /** The alias its columns are read under, distinct from the page's own. */
  alias: string;
  /** The column a row's own column refers to (`code`). */
  keyColumn: string;
  /**
   * Whether the page may read these rows itself: only when the caller may read all of them. Otherwise the page joins
   * nothing and the field's loader decides, as before (refuses, or applies a grant limited to some regions).
   */
  permitted(): Promise<boolean>;
  /** The related rows the page read, each once: the request's loader is primed with them. */
  found(rows: R[]): void;
}

interface JoinShape {
  select: string;
  columns: { property: string; name: string }[];
  keyName: string;
}

const shapes = new WeakMap<JoinedEntity<ObjectLiteral>['entity'], Map<string, JoinShape>>();

function shapeOf(db: DataSource, joined: JoinedEntity<ObjectLiteral>): JoinShape {
  let byAlias = shapes.get(joined.entity);
  if (!byAlias) shapes.set(joined.entity, (byAlias = new Map()));
  let shape = byAlias.get(joined.alias);
  if (!shape) {
    const columns = db.getMetadata(joined.entity).columns.map((c) => ({ property: c.propertyName, name: `${joined.alias}.${c.propertyName}`, column: c.databaseName }));
    shape = {
      select: columns.map((c) => `${joined.alias}.${c.column} AS "${c.name}"`).join(', '),
      columns: columns.map(({ property, name }) => ({ property, name })),
      keyName: columns.find((c) => c.column === joined.keyColumn)!.name,
    };
    byAlias.set(joined.alias, shape);
  }
  return shape;
}

/** The join and its columns, each named `<alias>.<field>` beside the page's own. */
export function joinSql(db: DataSource, joined: JoinedEntity<ObjectLiteral>, ownColumn: string): { join: string; select: string } {
  const table = db.getMetadata(joined.entity).tablePath;
  return { join: `LEFT JOIN ${table} ${joined.alias} ON ${joined.alias}.${joined.keyColumn} = ${ownColumn}`, select: shapeOf(db, joined).select };
}

/**
 * The related rows of a page's rows, each once (rows without one skipped). Their columns stay on the page's rows,
 * where no field reads them: copying every row without them would cost more than they weigh.
 */
export function joinedRows<R extends ObjectLiteral>(db: DataSource, joined: JoinedEntity<R>, rows: readonly ObjectLiteral[]): R[] {
  const shape = shapeOf(db, joined as JoinedEntity<ObjectLiteral>);
  const byKey = new Map<unknown, R>();
  for (const row of rows) {
    const key = row[shape.keyName];
    if (key === null || key === undefined || byKey.has(key)) continue;
    const related: Record<string, unknown> = {};
    for (const c of shape.columns) related[c.property] = row[c.name];
    byKey.set(key, related as R);
  }
  return [...byKey.values()];
}
