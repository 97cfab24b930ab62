import { PoolClient, QueryResult } from 'pg';
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
 * A read on the hot path (a page, a loader's batch) as a prepared statement, on a connection of the server the
 * request reads from (`prepare` false: unnamed, for a statement whose text a client shapes), taken as TypeORM takes its own (so a replica that cannot connect hands over to the primary,
 * read-replicas.ts). Not for statements inside a transaction: they run on the transaction's own connection.
 */
export async function preparedRead<T>(db: DataSource, text: string, values: unknown[], prepare = true): Promise<T[]> {
  let name = prepare ? statementNames.get(text) : undefined;
  if (prepare && name === undefined && statementNames.size < MAX_PREPARED) {
    name = `hub_read_${statementNames.size}`;
    statementNames.set(text, name);
  }
  // TypeORM types the pool's release as a bare Function: it is pg's, which drops the connection when given an error.
  const [client, release] = (await (db.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (error?: Error) => void];
  // As pg's own pool.query: a connection that fails mid-statement may only say so by an 'error' event, and a
  // connection that failed is dropped, not handed to the next request.
  const result = await new Promise<QueryResult>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      client.removeListener('error', fail);
      release(error);
      reject(error);
    };
    client.once('error', fail);
    client.query(name === undefined ? { text, values } : { name, text, values }).then((answer) => {
      if (settled) return;
      settled = true;
      client.removeListener('error', fail);
      release();
      resolve(answer);
    }, fail);
  });
  return result.rows as T[];
}
