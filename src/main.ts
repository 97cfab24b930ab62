import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createServices } from './context';
import { Database, openDatabase } from './db/database';
import { configureLogger, logger } from './logger';
import { HubServer, startHttpServer } from './http';

// The hub runs on isolated government networks: Apollo must never phone home.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  configureLogger(config.logLevel);

  const database: Database = await openDatabase(config, { migrate: true });
  let server: HubServer | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    try {
      await server?.stop();
      await database.close();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exitCode = 1;
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    server = await startHttpServer(config, database.dataSource, createServices(database.dataSource, config));
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.info({ url: `${server.url}/graphql` }, 'Lantian Hub is serving');
  process.stderr.write(
    `\nLantian Hub serves GraphQL at ${server.url}/graphql (health: /healthz, /readyz, /metrics)\n` +
      'Create an API key:  npm run lantian -- keys create --department ECOLOGY --role PUBLISHER\n' +
      'then send it as:    Authorization: Bearer <key>\n\n',
  );
}

main().catch((error) => {
  logger.fatal({ err: error }, 'failed to start');
  console.error(`Lantian Hub failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
