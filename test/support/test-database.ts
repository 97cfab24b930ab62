import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Replaces the database name of a postgres URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database copied from the run's migrated template: each spec file gets its own, so specs running in
 * parallel never see each other's rows. Returns its URL and a function that drops it.
 */
export async function createSpecDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = process.env.LANTIAN_TEST_TEMPLATE_URL;
  if (!template) throw new Error('LANTIAN_TEST_TEMPLATE_URL is unset: run through jest (global-setup.ts)');
  const templateName = new URL(template).pathname.slice(1);
  const name = `${templateName}_${randomBytes(4).toString('hex')}`;
  // Two specs copying the template at the same instant can collide ("being accessed by other users"): retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(template, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} TEMPLATE ${c.escapeIdentifier(templateName)}`));
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
  return {
    url: withDatabase(template, name),
    drop: () => admin(template, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}
