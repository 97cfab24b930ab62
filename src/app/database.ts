import { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { Config } from '../platform/config';
import { logger } from '../platform/logger';
import { watchPool } from '../platform/metrics';
import { EmbeddedPostgres } from '../platform/db/embedded-postgres';
import { ReadReplicas } from '../platform/db/read-replicas';

export interface Database {
  /** The primary: every write, every migration, LISTEN, and the reads of requests that may write. */
  dataSource: DataSource;
  /** The hot standbys of DATABASE_REPLICA_URLS, when any: connected when the server starts them. */
  replicas?: ReadReplicas;
  /** Present when the hub runs its own PostgreSQL. */
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

/** How long a connection to a replica may take before its reads go to the primary instead. */
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

/** The external server of DATABASE_URL, or the embedded one under DATA_DIR; pending migrations applied if asked. */
export async function openDatabase(config: Config, options: { migrate: boolean; applicationName?: string }): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await EmbeddedPostgres.ensure({ dataDir: config.dataDir, port: config.embeddedPgPort });
    logger.info({ dataDir: config.dataDir, pgData: embedded.pgData, origin: embedded.origin }, EMBEDDED_ORIGIN[embedded.origin]);
    url = embedded.url;
  }
  const dataSource = createDataSource(url, { poolSize: config.dbPoolSize, applicationName: options.applicationName });
  try {
    await dataSource.initialize();
    if (options.migrate) await migrate(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  watchPool((dataSource.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }).master);
  const replicas = config.databaseReplicaUrls.length
    ? new ReadReplicas(
        dataSource,
        config.databaseReplicaUrls.map((replicaUrl) => ({
          url: replicaUrl,
          db: createDataSource(replicaUrl, {
            poolSize: config.dbPoolSize,
            applicationName: options.applicationName,
            connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS,
          }),
        })),
        config.replicaMaxLagMs,
      )
    : undefined;
  return {
    dataSource,
    replicas,
    embedded,
    async close() {
      await replicas?.close();
      await dataSource.destroy();
      const stillUsedBy = await embedded?.stop();
      if (stillUsedBy?.length) logger.info({ pids: stillUsedBy }, 'embedded PostgreSQL left running: other processes use it');
    },
  };
}

const EMBEDDED_ORIGIN = {
  started: 'embedded PostgreSQL started',
  adopted: 'took over the embedded PostgreSQL left running by processes that are gone; it stops with this one',
  shared: 'connected to the embedded PostgreSQL already running; the last process using it stops it',
} as const;

export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  for (const m of applied) logger.info({ migration: m.name }, 'migration applied');
  return applied.map((m) => m.name);
}
