import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../platform/config';
import { Department, Role } from '../platform/enums';
import { cstIso } from '../platform/cst';
import type { Database } from './database';

// Modules that load typeorm, the schema or the services are imported by the commands that need them, so that
// `--help`, `db status` and mistakes answer at once.

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

/** Opens the same database `npm start` uses (the running embedded server, or starts it for this command). */
async function withDatabase<T>(work: (db: Database) => Promise<T>, migrateFirst = true): Promise<T> {
  const config = loadConfig();
  const { configureLogger } = await import('../platform/logger');
  const { openDatabase } = await import('./database');
  configureLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 2);
  const db = await openDatabase(config, { migrate: migrateFirst, applicationName: 'lantian-cli' });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const program = new Command('lantian').description('Lantian Hub command line').showHelpAfterError();

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() =>
    withDatabase(async (db) => {
      const { migrate } = await import('./database');
      const applied = await migrate(db.dataSource);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
    }, false),
  );

const keys = program.command('keys').description('manage API keys');

keys
  .command('create')
  .description('create an API key; prints the key alone on the last line')
  .addOption(new Option('--department <code>', 'owning department').choices(Object.values(Department)).makeOptionMandatory())
  .addOption(new Option('--role <role>', 'role').choices(Object.values(Role)).makeOptionMandatory())
  .option('--name <label>', 'a label to recognise the key by')
  .action((opts: { department: Department; role: Role; name?: string }) =>
    withDatabase(async (db) => {
      const { ApiKeyService } = await import('../admin/api-key.service');
      const { key, token } = await new ApiKeyService(db.dataSource).create(opts.department, opts.role, opts.name, null);
      console.log(`created key ${key.id} (${key.department} ${key.role}, "${key.name}"); store it now, it is not shown again:`);
      console.log(token);
    }),
  );

keys
  .command('list')
  .description('list API keys (never their secrets)')
  .action(() =>
    withDatabase(async (db) => {
      const { ApiKeyService } = await import('../admin/api-key.service');
      const all = await new ApiKeyService(db.dataSource).list();
      console.log(['id', 'department', 'role', 'name', 'created', 'last used', 'revoked'].join('\t'));
      for (const k of all) {
        console.log([k.id, k.department, k.role, k.name, iso(k.createdAt), iso(k.lastUsedAt), iso(k.revokedAt)].join('\t'));
      }
    }),
  );

keys
  .command('revoke <keyId>')
  .description('revoke an API key: it stops working at once')
  .action((keyId: string) =>
    withDatabase(async (db) => {
      const { ApiKeyService } = await import('../admin/api-key.service');
      if (!(await new ApiKeyService(db.dataSource).revoke(keyId, null))) {
        console.error(`no active key ${keyId}`);
        process.exitCode = 1;
        return;
      }
      console.log(`revoked ${keyId}`);
    }),
  );

keys
  .command('rotate <keyId>')
  .description('give a key a new secret; the old one keeps working for the grace period. Prints the new key last')
  .option('--grace-minutes <n>', 'how long the old secret still works', '60')
  .action((keyId: string, opts: { graceMinutes: string }) =>
    withDatabase(async (db) => {
      const grace = Number(opts.graceMinutes);
      if (!Number.isInteger(grace) || grace < 0) throw new Error('--grace-minutes must be a whole number ≥ 0');
      const { ApiKeyService } = await import('../admin/api-key.service');
      const rotated = await new ApiKeyService(db.dataSource).rotate(keyId, grace, null);
      if (!rotated) {
        console.error(`no active key ${keyId}`);
        process.exitCode = 1;
        return;
      }
      console.log(`rotated ${keyId}; the old secret works until ${(rotated.key.previousValidUntil ? cstIso(rotated.key.previousValidUntil) : '-')}. New key:`);
      console.log(rotated.token);
    }),
  );

program
  .command('seed')
  .description('load the demo data set: Beijing, December 2016 (real) and a synthetic slice of the other feeds')
  .requiredOption('--demo', 'the demo data set (the only one there is)')
  .action(() =>
    withDatabase(async (db) => {
      const config = loadConfig();
      const { seedDemo } = await import('./demo/seed');
      const { createServices } = await import('./context');
      const results = await seedDemo(db.dataSource, createServices(db.dataSource, config), config.ingestMaxBatch);
      for (const r of results) console.log(`${r.dataset.padEnd(32)} accepted ${String(r.accepted).padStart(6)}  rejected ${r.rejected}`);
      console.log('Try: { cityDailyAqi(regionCode: "110100", from: "2016-12-14", to: "2016-12-22") { date aqi level primaryPollutants } }');
    }),
  );

program
  .command('ingest')
  .description('load a CSV or NDJSON file into a dataset: validated like the API, streamed, all accepted rows in one transaction')
  .requiredOption('--dataset <id>', 'the dataset, e.g. air-quality-hourly')
  .requiredOption('--file <path>', 'a .csv (header: the API input field names) or .ndjson file')
  .option('--key <key>', "a PUBLISHER key of the dataset's owner; `-` reads it from stdin (default: env LANTIAN_KEY)")
  .addOption(new Option('--format <format>', 'when the file name does not tell').choices(['csv', 'ndjson']))
  .action(async (opts: { dataset: string; file: string; key?: string; format?: 'csv' | 'ndjson' }) => {
    const key = opts.key === '-' ? await readKeyFromStdin() : opts.key;
    await withDatabase(async (db) => {
      const { runIngestCommand } = await import('./ingest-command');
      process.exitCode = await runIngestCommand(db.dataSource, { ...opts, key });
    });
  });

const dbCommand = program
  .command('db')
  .description('the embedded PostgreSQL under DATA_DIR (each hub or command using it records itself; the last to leave stops it)');

dbCommand
  .command('status')
  .description('where the embedded cluster is, whether it runs, and which live processes use it')
  .action(async () => {
    const { EmbeddedPostgres } = await import('../platform/db/embedded-postgres');
    const status = await EmbeddedPostgres.status(loadConfig().dataDir);
    console.log(`cluster  ${status.pgData}`);
    console.log(`running  ${status.port === undefined ? 'no' : `yes, on 127.0.0.1:${status.port}`}`);
    console.log(`used by  ${status.usedBy.length ? status.usedBy.map((pid) => `pid ${pid}`).join(', ') : 'no live hub or lantian command'}`);
  });

dbCommand
  .command('stop')
  .description('stop the embedded PostgreSQL left running (e.g. by a hub that was killed)')
  .option('--force', 'stop it even while a live hub or lantian command uses it')
  .action(async (opts: { force?: boolean }) => {
    const { EmbeddedPostgres } = await import('../platform/db/embedded-postgres');
    const result = await EmbeddedPostgres.stopCluster(loadConfig().dataDir, opts.force === true);
    if (!result.wasRunning) {
      console.log(`no embedded PostgreSQL is running on ${result.pgData}`);
    } else if (result.usedBy.length && !opts.force) {
      const pids = result.usedBy.join(', ');
      console.error(`the embedded PostgreSQL on ${result.pgData} is in use by process ${pids}: stop it first (kill -TERM ${pids}), or pass --force`);
      process.exitCode = 1;
    } else {
      console.log(`stopped the embedded PostgreSQL on ${result.pgData}`);
    }
  });

/** `--key -`: the key's first line on stdin, so it shows neither in the shell's history, `ps` nor npm's echo. */
async function readKeyFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('API key: ');
  for await (const line of createInterface({ input: process.stdin, terminal: false })) {
    if (line.trim()) return line.trim();
  }
  throw new Error('--key -: no key on stdin');
}

const iso = (d: Date | null) => (d ? cstIso(d) : '-');

program.parseAsync().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `lantian: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
