import 'reflect-metadata';
import { ConfigError, loadConfig } from '../platform/config';
import { createServices } from './context';
import { Database, openDatabase } from './database';
import { configureLogger, logger } from '../platform/logger';
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

  // Listening before the database opens: a stop asked for during start-up (a service manager's SIGTERM) still ends
  // with the embedded cluster stopped. Under `npm start` a Ctrl+C arrives twice (from the terminal and forwarded by
  // npm), so a repeated signal is ignored rather than left to kill the process mid-drain.
  let stopSignal: NodeJS.Signals | undefined;
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopSignal) return;
      stopSignal = signal;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  const database: Database = await openDatabase(config, { migrate: true });
  let server: HubServer | undefined;
  if (!stopSignal) {
    try {
      server = await startHttpServer(config, database.dataSource, createServices(database.dataSource, config), { replicas: database.replicas });
    } catch (error) {
      await database.close();
      throw error;
    }
    logger.info({ url: `${server.url}/graphql`, pid: process.pid }, 'Lantian Hub is serving');
    process.stderr.write(
      `\nLantian Hub serves GraphQL at ${server.url}/graphql (health: /healthz, /readyz, /metrics)\n` +
        'Create an API key:  npm run lantian -- keys create --department ECOLOGY --role PUBLISHER\n' +
        'then send it as:    Authorization: Bearer <key>\n\n',
    );
  }

  logger.info({ signal: await stopRequested }, 'shutting down: draining requests');
  try {
    await server?.stop();
    await database.close();
    logger.info('stopped');
  } catch (error) {
    logger.error({ err: error }, 'unclean shutdown');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  logger.fatal({ err: error }, 'failed to start');
  console.error(`Lantian Hub failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
