import 'reflect-metadata';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import './src/platform/db/pg-types';
import { ENTITIES } from './src/app/entities';

/** The one DataSource shape for the server, the CLI, tests and benchmarks. Schema changes: migrations only. */
export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string; connectTimeoutMs?: number } = {}) {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [path.join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Failed queries surface as errors and are logged (masked to clients) where they are handled.
    logging: false,
    connectTimeoutMS: options.connectTimeoutMs,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'lantian-hub',
      // No JIT compilation: the hub's statements are short, but one over many month partitions is estimated costly
      // enough to set it off (bench:history at 100×: 1.1 s of JIT in a 1.35 s overview).
      options: '-c jit=off',
    },
  });
}

/** For the TypeORM CLI (`typeorm migration:generate -d ormconfig.ts`): needs DATABASE_URL. */
export default createDataSource(process.env.DATABASE_URL ?? 'postgres://localhost/lantian');
