import { Client } from 'pg';

/**
 * How many reading statements (SELECT, WITH) `run` sends to PostgreSQL, the fewest of `tries` runs: background work
 * of the hub (the audit flush, the rollup's timer) may read during one run, never during all of them.
 */
export async function countReadStatements(run: () => Promise<unknown>, tries = 3): Promise<number> {
  let fewest = Infinity;
  for (let i = 0; i < tries; i++) {
    const original = Client.prototype.query;
    let count = 0;
    Client.prototype.query = function (this: Client, ...args: any[]) {
      const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
      if (typeof text === 'string' && /^\s*(SELECT|WITH)/i.test(text)) count++;
      return (original as any).apply(this, args);
    } as any;
    try {
      await run();
    } finally {
      Client.prototype.query = original;
    }
    fewest = Math.min(fewest, count);
  }
  return fewest;
}
