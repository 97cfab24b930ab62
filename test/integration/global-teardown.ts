import { EmbeddedPostgres } from '../../src/platform/db/embedded-postgres';
import { dropDatabase } from '../support/test-database';

/** Drops the run's template database, and the embedded cluster if the run started one. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.LANTIAN_TEST_TEMPLATE_URL;
  if (template) await dropDatabase(template, new URL(template).pathname.slice(1));
  const dir = process.env.LANTIAN_TEST_EMBEDDED_DIR;
  if (dir) await EmbeddedPostgres.destroy(dir);
}
