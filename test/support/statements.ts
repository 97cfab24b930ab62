import { Client } from 'pg';

/**
 * Runs `run` with every statement this process sends to PostgreSQL (through node-postgres) handed to `onStatement`
 * on its way, with the name it is prepared under (none: unnamed): the one hook the specs and benches count or catch
 * statements with.
 */
export async function observeStatements<T>(
  run: () => Promise<T>,
  onStatement: (text: string, values: unknown[] | undefined, name: string | undefined) => void,
): Promise<T> {
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: any[]) {
    const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
    if (typeof text === 'string') onStatement(text, Array.isArray(args[1]) ? args[1] : args[0]?.values, args[0]?.name);
    return (original as any).apply(this, args);
  } as any;
  try {
    return await run();
  } finally {
    Client.prototype.query = original;
  }
}

/** A reading statement (SELECT, WITH). */
export const isRead = (text: string): boolean => /^\s*(SELECT|WITH)/i.test(text);

/**
 * How many reading statements `run` sends to PostgreSQL, the fewest of `tries` runs: background work of the hub (the
 * audit flush, the rollups' timers) may read during one run, never during all of them.
 */
export async function countReadStatements(run: () => Promise<unknown>, tries = 3): Promise<number> {
  let fewest = Infinity;
  for (let i = 0; i < tries; i++) {
    let count = 0;
    await observeStatements(run, (text) => {
      if (isRead(text)) count++;
    });
    fewest = Math.min(fewest, count);
  }
  return fewest;
}
