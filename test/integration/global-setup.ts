import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../ormconfig';
import { EmbeddedPostgres } from '../../src/platform/db/embedded-postgres';
import { createDatabase } from '../support/test-database';
import { freePort } from '../support/free-port';


/**
 * One PostgreSQL per test run: DATABASE_URL's server when set, else a throwaway embedded cluster. On it, a fresh
 * database migrated with the real migrations serves as the template every spec file copies.
 */
export default async function globalSetup(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantian-test-'));
    const embedded = await EmbeddedPostgres.ensure({ dataDir, port: await freePort(), database: 'postgres' });
    process.env.LANTIAN_TEST_EMBEDDED_DIR = dataDir;
    serverUrl = embedded.url;
  }
  const name = `lantian_test_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(serverUrl, name);
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  process.env.LANTIAN_TEST_TEMPLATE_URL = url;
}
