import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { OsUser, postgresOsUser } from '../../src/platform/db/embedded-postgres';
import { freePort } from './free-port';

const run = promisify(execFile);

/** The machine's PostgreSQL 15: the embedded package ships initdb, pg_ctl and postgres, but no pg_basebackup. */
const PG_BIN = process.env.LANTIAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const SUPERUSER = 'lantian';

/** Clusters still running: stopped when this process exits, however it exits, so none outlives a failed run. */
const running = new Set<ReplicatedCluster>();
process.once('exit', () => {
  for (const cluster of running) cluster.killNow();
});

/**
 * A primary and a hot standby streaming from it (`pg_basebackup -R`), two real clusters on free loopback ports in a
 * temporary directory, for the tests of read replicas. As root, the binaries run as the `postgres` OS user like the
 * embedded cluster's (PostgreSQL refuses root). Loopback only, `trust` authentication: throwaway clusters.
 * `pg_stat_statements` is loaded in both, so a test can tell which server ran a statement.
 */
export class ReplicatedCluster {
  private constructor(
    private readonly dir: string,
    private readonly runAs: OsUser | undefined,
    readonly primaryPort: number,
    readonly standbyPort: number,
    readonly database: string,
  ) {}

  get primaryUrl(): string {
    return `postgres://${SUPERUSER}@127.0.0.1:${this.primaryPort}/${this.database}`;
  }

  get standbyUrl(): string {
    return `postgres://${SUPERUSER}@127.0.0.1:${this.standbyPort}/${this.database}`;
  }

  private get primaryData(): string {
    return path.join(this.dir, 'primary');
  }

  private get standbyData(): string {
    return path.join(this.dir, 'standby');
  }

  /** Initialises and starts the primary with `database` (pg_stat_statements created in it), then clones and starts the standby. */
  static async start(database = 'lantian'): Promise<ReplicatedCluster> {
    if (!existsSync(path.join(PG_BIN, 'pg_basebackup'))) throw new Error(`no pg_basebackup in ${PG_BIN} (set LANTIAN_PG_BIN)`);
    const runAs = await postgresOsUser();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantian-replicas-'));
    if (runAs) await fs.chown(dir, runAs.uid, runAs.gid);
    const cluster = new ReplicatedCluster(dir, runAs, await freePort(), await freePort(), database);
    running.add(cluster);
    try {
      await cluster.initPrimary();
      await cluster.cloneStandby();
      return cluster;
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  private async initPrimary(): Promise<void> {
    await this.bin('initdb', ['-D', this.primaryData, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C']);
    await fs.appendFile(path.join(this.primaryData, 'postgresql.conf'), [
      '',
      "listen_addresses = '127.0.0.1'",
      `port = ${this.primaryPort}`,
      "unix_socket_directories = ''",
      'wal_level = replica',
      'max_wal_senders = 4',
      'hot_standby = on',
      "shared_preload_libraries = 'pg_stat_statements'",
      // Throwaway clusters: durability buys nothing here, and the machine is shared.
      'fsync = off',
      'full_page_writes = off',
      '',
    ].join('\n'));
    await this.pgCtl(['start', '-D', this.primaryData, '-w', '-t', '60', '-l', path.join(this.dir, 'primary.log')]);
    await this.sql(`postgres://${SUPERUSER}@127.0.0.1:${this.primaryPort}/postgres`, `CREATE DATABASE ${this.database}`);
    await this.sql(this.primaryUrl, 'CREATE EXTENSION pg_stat_statements');
  }

  private async cloneStandby(): Promise<void> {
    await this.bin('pg_basebackup', ['-D', this.standbyData, '-h', '127.0.0.1', '-p', String(this.primaryPort), '-U', SUPERUSER,
      '-R', '-X', 'stream', '-c', 'fast']);
    await fs.appendFile(path.join(this.standbyData, 'postgresql.conf'), `\nport = ${this.standbyPort}\n`);
    await this.startStandby();
  }

  /** Starts the standby (again) and waits until it streams from the primary. */
  async startStandby(): Promise<void> {
    await this.pgCtl(['start', '-D', this.standbyData, '-w', '-t', '60', '-l', path.join(this.dir, 'standby.log')]);
    await this.waitUntil(async () => {
      const [row] = await this.sql(this.primaryUrl, "SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'");
      return row !== undefined;
    }, 'the standby never streamed from the primary');
  }

  /** Fast shutdown of the standby: its sessions are ended, new connections refused. */
  async stopStandby(): Promise<void> {
    await this.pgCtl(['stop', '-D', this.standbyData, '-m', 'fast', '-w']);
  }

  /** The standby keeps receiving WAL but applies none of it: its data stays as it is now. */
  async pauseReplay(): Promise<void> {
    await this.sql(this.standbyUrl, 'SELECT pg_wal_replay_pause()');
    await this.waitUntil(async () => {
      const [row] = await this.sql(this.standbyUrl, 'SELECT pg_get_wal_replay_pause_state() AS state');
      return row.state === 'paused';
    }, 'replay did not pause');
  }

  async resumeReplay(): Promise<void> {
    await this.sql(this.standbyUrl, 'SELECT pg_wal_replay_resume()');
  }

  /** Waits until the standby has applied everything the primary has written so far. */
  async waitForReplay(): Promise<void> {
    const [{ lsn }] = await this.sql(this.primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
    await this.waitUntil(async () => {
      const [row] = await this.sql(this.standbyUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up', [lsn]);
      return row.caught_up === true;
    }, `the standby did not replay up to ${lsn}`);
  }

  /** Calls of statements matching `pattern` (a LIKE pattern over the normalised text) on one server since its last reset. */
  async calls(server: 'primary' | 'standby', pattern: string): Promise<number> {
    const [row] = await this.sql(this.urlOf(server), 'SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements WHERE query LIKE $1', [pattern]);
    return row.calls;
  }

  async resetStatements(servers: ('primary' | 'standby')[] = ['primary', 'standby']): Promise<void> {
    for (const server of servers) await this.sql(this.urlOf(server), 'SELECT pg_stat_statements_reset()');
  }

  /** One statement on one server, on a connection of its own. */
  async sql(url: string, text: string, values: unknown[] = []): Promise<Record<string, any>[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** Stops both servers (immediate: nothing to keep) and deletes their directories. */
  async destroy(): Promise<void> {
    for (const data of [this.standbyData, this.primaryData]) {
      if (existsSync(path.join(data, 'postmaster.pid'))) await this.pgCtl(['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => undefined);
    }
    await fs.rm(this.dir, { recursive: true, force: true });
    running.delete(this);
  }

  /** For the exit hook: synchronous, best effort. */
  killNow(): void {
    for (const data of [this.standbyData, this.primaryData]) {
      try {
        const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // not running
      }
    }
  }

  private urlOf(server: 'primary' | 'standby'): string {
    return server === 'primary' ? this.primaryUrl : this.standbyUrl;
  }

  private async waitUntil(condition: () => Promise<boolean>, failure: string, withinMs = 30_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!(await condition().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(failure);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async pgCtl(args: string[]): Promise<void> {
    await this.bin('pg_ctl', args);
  }

  private async bin(name: string, args: string[]): Promise<void> {
    try {
      await run(path.join(PG_BIN, name), args, { ...this.runAs, cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${name} ${args[0]} failed: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error });
    }
  }
}
