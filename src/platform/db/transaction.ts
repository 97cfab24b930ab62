import { DataSource } from 'typeorm';
import type { Queryable } from './queryable';

/**
 * Runs `work` in a READ COMMITTED transaction of its own (whatever the server's default), opened in one round trip
 * with `preamble`: statements of constants only (SET LOCAL …, an advisory lock), sent with the BEGIN as one
 * simple-protocol string, where TypeORM's transaction and a query per statement took a round trip each. Commits what
 * `work` did, or rolls back and rethrows its error (the driver's, as TypeORM wraps it).
 */
export async function readCommittedTransaction<T>(db: DataSource, preamble: readonly string[], work: (tx: Queryable) => Promise<T>): Promise<T> {
  const tx = db.createQueryRunner();
  try {
    await tx.query(['START TRANSACTION ISOLATION LEVEL READ COMMITTED', ...preamble].join('; '));
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    // The work's error is the one to report, whatever becomes of the rollback.
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await tx.release();
  }
}
