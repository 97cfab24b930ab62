import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedPostgres, ROOT_RUNTIME_DIR } from '../../src/platform/db/embedded-postgres';
import { createSpecDatabase } from '../support/test-database';
import { freePort } from '../support/free-port';

/**
 * `npm start` run the way a user or a service manager runs it — embedded PostgreSQL (no DATABASE_URL), NODE_ENV unset
 * — and stopped the way they stop it: SIGTERM to the pid they started, Ctrl+C to the whole process group, kill -9 of
 * the hub. Nothing may be left running: neither the hub nor the postmaster of its DATA_DIR.
 */

const PROJECT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

jest.setTimeout(180_000);


/** Alive and not a zombie. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if (condition()) return true;
  }
  return condition();
}

function postmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
}

interface Hub {
  process: ChildProcess;
  /** The hub's own pid, from its "serving" log line (the npm process in front of it has another). */
  hubPid: number;
  port: number;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment of a hub on its own ports and DATA_DIR, as a user runs it: embedded PostgreSQL, not in test mode. */
function userEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...env };
  delete result.DATABASE_URL;
  delete result.NODE_ENV; // jest sets it to "test", which would keep Apollo from installing its own signal handlers
  return result;
}

/** Starts `command` (its own process group, as a terminal's foreground job is) and waits until /readyz answers 200. */
async function startHub(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Hub> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: userEnv({ ...options.env, PORT: String(port) }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let exited = false;
  void exit.then(() => (exited = true));
  for (const deadline = Date.now() + 150_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (exited) throw new Error(`${command} ${args.join(' ')} exited before it served:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${command} ${args.join(' ')} did not become ready:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) break;
  }
  const serving = output.split('\n').find((line) => line.includes('"Lantian Hub is serving"'));
  return { process: child, hubPid: JSON.parse(serving!).pid, port, output: () => output, exit };
}

/** How the hub's process (npm, or node itself) ended, or 'still running' after 30 s (a shutdown that hangs). */
function exitOf(hub: Hub): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
  return Promise.race([hub.exit, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000).unref())]);
}

const npmStart = (env: Record<string, string>) => startHub('npm', ['start'], { cwd: PROJECT, env });

/** After a stop: the hub and the postmaster are gone (pg_ctl stop waits for the postmaster, so this is quick). */
async function expectAllStopped(hub: Hub, postmaster: number, dataDir: string): Promise<void> {
  expect(await waitUntil(() => !isRunning(hub.hubPid) && !isRunning(postmaster), 10_000)).toBe(true);
  expect(postmasterPid(dataDir)).toBeUndefined();
  expect(hub.output()).toContain('"msg":"stopped"');
  expect(hub.output()).not.toContain('unclean shutdown');
}

describe('npm start with the embedded PostgreSQL', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const started: Hub[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantian-lifecycle-'));
    env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
  });

  afterAll(async () => {
    for (const hub of started) if (isRunning(hub.hubPid)) process.kill(hub.hubPid, 'SIGKILL');
    await EmbeddedPostgres.destroy(dataDir);
  });

  async function start(): Promise<Hub> {
    const hub = await npmStart(env);
    started.push(hub);
    return hub;
  }

  it('SIGTERM to the pid of npm start drains and stops the hub and its PostgreSQL', async () => {
    const hub = await start();
    const postmaster = postmasterPid(dataDir)!;
    expect(isRunning(postmaster)).toBe(true);

    process.kill(hub.process.pid!, 'SIGTERM');

    expect(await exitOf(hub)).toEqual({ code: 0, signal: null });
    await expectAllStopped(hub, postmaster, dataDir);
  });

  it('Ctrl+C (SIGINT to the process group, which npm forwards a second time) stops everything', async () => {
    const hub = await start();
    const postmaster = postmasterPid(dataDir)!;

    process.kill(-hub.process.pid!, 'SIGINT');

    expect(await exitOf(hub)).toEqual({ code: 0, signal: null });
    await expectAllStopped(hub, postmaster, dataDir);
  });

  it('after kill -9 of the hub, the next start adopts the cluster left running, and SIGTERM stops it', async () => {
    const crashed = await start();
    const postmaster = postmasterPid(dataDir)!;
    process.kill(crashed.hubPid, 'SIGKILL');
    await crashed.exit;
    expect(isRunning(postmaster)).toBe(true); // detached from the hub: a crash leaves it behind

    const hub = await start();
    expect(postmasterPid(dataDir)).toBe(postmaster);
    expect(hub.output()).toContain('"origin":"adopted"');
    process.kill(hub.process.pid!, 'SIGTERM');

    expect(await exitOf(hub)).toEqual({ code: 0, signal: null });
    await expectAllStopped(hub, postmaster, dataDir);
  });

  it('lantian db stop refuses while a live hub uses the cluster, and stops one a killed hub left behind', async () => {
    const lantian = (...args: string[]) =>
      run(process.execPath, ['bin/lantian.js', ...args], { cwd: PROJECT, env: userEnv(env) }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const hub = await start();
    const postmaster = postmasterPid(dataDir)!;

    const refused = await lantian('db', 'stop');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${hub.hubPid}`);
    expect(isRunning(postmaster)).toBe(true);

    process.kill(hub.hubPid, 'SIGKILL');
    await hub.exit;
    const stopped = await lantian('db', 'stop');
    expect(stopped).toMatchObject({ code: 0, stdout: expect.stringContaining('stopped the embedded PostgreSQL') });
    expect(await waitUntil(() => !isRunning(postmaster), 10_000)).toBe(true);
    expect(postmasterPid(dataDir)).toBeUndefined();
  });
});

describe('npm scripts', () => {
  it('run the last build without compiling again when no source changed', async () => {
    const help = () => run(process.execPath, ['bin/run-built.js', 'src/app/cli', '--help'], { cwd: PROJECT });
    await help(); // compiles if a source changed since the last build
    const { stdout, stderr } = await help();
    expect(stdout).toContain('Usage: lantian');
    expect(stderr).not.toContain('compiling');
  });
});

describe('lantian ingest --key -', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dir: string;
  beforeAll(async () => {
    database = await createSpecDatabase();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantian-key-'));
  });
  afterAll(async () => {
    await database.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** `lantian …` on the spec's database, with `stdin` piped in; resolves with the exit code and output. */
  function lantian(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['bin/lantian.js', ...args], { cwd: PROJECT, env: { ...process.env, DATABASE_URL: database.url } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.once('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  it('reads the key from stdin, never from the command line', async () => {
    const created = await lantian(['keys', 'create', '--department', 'ECOLOGY', '--role', 'PUBLISHER'], '');
    const key = created.stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^lt_/);
    const file = path.join(dir, 'hours.csv');
    await fs.writeFile(file, 'stationCode,observedAt,pm25\nNO-SUCH-STATION,2016-12-01T08:00:00+08:00,35\n');
    const ingest = (stdin: string) => lantian(['ingest', '--dataset', 'air-quality-hourly', '--file', file, '--key', '-'], stdin);

    // Past the key check: the file itself is read and its one row refused for its station.
    const accepted = await ingest(`${key}\n`);
    expect(accepted).toMatchObject({ code: 0, stdout: expect.stringMatching(/rejected +1[\s\S]*UNKNOWN_REFERENCE/) });

    const wrongKey = await ingest('lt_000000000000_wrong\n');
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('the API key is unknown, revoked or malformed');

    const noKey = await ingest('');
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('--key -: no key on stdin');
  });
});

// Root runs the embedded server as the `postgres` OS user. Here the project sits in a mode-700 directory (like a
// clone in /root), reached through a symbolic link node keeps as is (--preserve-symlinks), so that user can reach
// neither the binaries nor the default DATA_DIR (`.data` in the project).
(process.getuid?.() === 0 ? describe : describe.skip)('as root, in a directory the postgres user cannot enter', () => {
  let home: string;

  afterAll(async () => {
    await EmbeddedPostgres.destroy(path.join(home, 'hub', '.data'));
    await fs.rm(home, { recursive: true, force: true });
  });

  it('runs PostgreSQL from binaries and a cluster placed under /var/lib/lantian-hub, and stops it on SIGTERM', async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'lantian-home-'));
    expect((await fs.stat(home)).mode & 0o777).toBe(0o700);
    const project = path.join(home, 'hub');
    await fs.mkdir(project);
    await fs.cp(path.join(PROJECT, 'dist'), path.join(project, 'dist'), { recursive: true });
    await fs.copyFile(path.join(PROJECT, 'package.json'), path.join(project, 'package.json'));
    await fs.symlink(path.join(PROJECT, 'node_modules'), path.join(project, 'node_modules'));

    const hub = await startHub(process.execPath, ['--preserve-symlinks', 'dist/src/app/main.js'], {
      cwd: project,
      env: { EMBEDDED_PG_PORT: String(await freePort()) },
    });
    const dataDir = path.join(project, '.data');
    expect(await fs.readlink(path.join(dataDir, 'pg'))).toMatch(new RegExp(`^${ROOT_RUNTIME_DIR}/clusters/[0-9a-f]{16}$`));
    const postmaster = postmasterPid(dataDir)!;
    expect(await fs.readlink(`/proc/${postmaster}/exe`)).toMatch(new RegExp(`^${ROOT_RUNTIME_DIR}/postgres-[^/]+/bin/postgres$`));

    process.kill(hub.process.pid!, 'SIGTERM');

    expect(await exitOf(hub)).toEqual({ code: 0, signal: null });
    await expectAllStopped(hub, postmaster, dataDir);
  });
});
