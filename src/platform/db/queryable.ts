/** Anything that runs SQL: a DataSource, an EntityManager inside a transaction, a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}
