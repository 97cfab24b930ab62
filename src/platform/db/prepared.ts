import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Distinct statements run as named prepared statements, per process: each connection keeps those it has run, so
 * PostgreSQL plans each once per connection rather than at every request (a page of a month-partitioned table spent
 * more time planned than executed). A list's `where` can write statements without end: past this many, the rest run
 * unnamed.
 */
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();

/**
 * A read on the hot path (a page, a loader's batch) as a prepared statement, on the pool of the server the request
 * reads from. Not for statements inside a transaction: they run on the transaction's own connection.
 */
export async function preparedRead<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `hub_read_${statementNames.size}`;
    statementNames.set(text, name);
  }
  const pool = (db.driver as PostgresDriver).master as Pool;
  const result = await pool.query(name === undefined ? { text, values } : { name, text, values });
  return result.rows as T[];
}
