import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';

/** A benchmark phase: its wall time, and the CPU time the hub (this process) and PostgreSQL spent in it. */
export interface Measured {
  seconds: number;
  hubCpu: number;
  /** Null when the server's processes cannot be read (another machine). */
  databaseCpu: number | null;
}

/**
 * Runs a benchmark phase and measures it. On a machine shared with other work, wall time varies with the load; CPU
 * time much less, so each phase also reports the CPU seconds of the hub's process (the bench's own, the hub runs in
 * it) and of the database server's processes working for its database (from /proc, when the server runs on this machine).
 * Where asked, it also says where the time went: `CPU_PROFILE_DIR=<dir>` writes `<dir>/<label>.cpuprofile` of the
 * phase (open it in Chrome's DevTools or speedscope), and `STATEMENTS=1` prints the statements the phase ran by total
 * time, from `pg_stat_statements` (the server must preload it; its counters are reset at the phase's start, for every
 * database of the server).
 */
export async function measure(db: DataSource, label: string, work: () => Promise<unknown>): Promise<Measured> {
  return withStatements(db, label, async () => {
    const { result: _result, ...measured } = await cpuProfiled(label, () => cpuTimes(db, work));
    return measured;
  });
}

/** Prints the statements `work` ran by total time when STATEMENTS=1 (see `measure`). */
export async function withStatements<T>(db: DataSource, label: string, work: () => Promise<T>): Promise<T> {
  const statements = process.env.STATEMENTS === '1' && (await resetStatements(db));
  try {
    return await work();
  } finally {
    if (statements) await printStatements(db, label);
  }
}

/** The wall time of `work` and the CPU time of this process and of the database server's processes meanwhile. */
export async function cpuTimes<T>(db: DataSource, work: () => Promise<T>): Promise<Measured & { result: T }> {
  const before = await cpuMark(db);
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, ...cpuBetween(before, await cpuMark(db)), result };
}

/** The CPU time used so far by this process (seconds) and by the database server's processes (ticks by pid). */
export interface CpuMark {
  hub: number;
  server: Map<number, number> | null;
}

/** Where the CPU time stands now; this process's is read at the call, the server's right after. */
export async function cpuMark(db: DataSource): Promise<CpuMark> {
  const { user, system } = process.cpuUsage();
  return { hub: (user + system) / 1e6, server: await serverTicks(db) };
}

/** The CPU time this process and the database server's processes used between two marks. */
export function cpuBetween(from: CpuMark, to: CpuMark): Omit<Measured, 'seconds'> {
  let databaseCpu: number | null = null;
  if (from.server && to.server) {
    let ticks = 0;
    for (const [pid, after] of to.server) ticks += after - (from.server.get(pid) ?? 0);
    databaseCpu = ticks / CLOCK_TICKS;
  }
  return { hubCpu: to.hub - from.hub, databaseCpu };
}

/** Runs `work` under the CPU profiler when CPU_PROFILE_DIR is set: `<dir>/<label>.cpuprofile`. */
export async function cpuProfiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.CPU_PROFILE_DIR;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(path.join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
  }
}

/** " (CPU per 10,000 rows: hub 0.41 s, PostgreSQL 0.32 s)" */
export function cpuPer10k(m: Measured, rows: number): string {
  const per = (s: number) => `${((s * 10_000) / rows).toFixed(2)} s`;
  return ` (CPU per 10,000 rows: hub ${per(m.hubCpu)}${m.databaseCpu === null ? '' : `, PostgreSQL ${per(m.databaseCpu)}`})`;
}

// Linux's USER_HZ: the unit of /proc/<pid>/stat's utime and stime.
const CLOCK_TICKS = 100;

/**
 * CPU ticks of the database server's processes that work for this database — its sessions, and the server's own
 * processes (WAL writer, checkpointer: no database) — by pid; null when they cannot be read here. Sessions of other
 * databases are left out: on a server shared with other work, they were counted as this bench's.
 */
async function serverTicks(db: DataSource): Promise<Map<number, number> | null> {
  const pids: { pid: number }[] = await db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL');
  const ticks = new Map<number, number>();
  for (const { pid } of pids) {
    const used = cpuTicksOf(pid);
    if (used !== null) ticks.set(pid, used);
  }
  return ticks.size ? ticks : null;
}

/** CPU ticks (user + system) a process of this machine has used so far; null when it is gone or not here. */
function cpuTicksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process of this machine has used so far, from /proc; null when it is gone or not here. */
export function processCpuSeconds(pid: number): number | null {
  const ticks = cpuTicksOf(pid);
  return ticks === null ? null : ticks / CLOCK_TICKS;
}

async function resetStatements(db: DataSource): Promise<boolean> {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch (error) {
    console.log(`STATEMENTS=1: no pg_stat_statements (${(error as Error).message}); preload it on the server`);
    return false;
  }
}

async function printStatements(db: DataSource, label: string, top = 12): Promise<void> {
  const rows: { calls: string; total: number; mean: number; query: string }[] = await db.query(
    `SELECT calls, total_exec_time AS total, mean_exec_time AS mean, query FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     ORDER BY total_exec_time DESC LIMIT $1`,
    [top],
  );
  const sum = rows.reduce((s, r) => s + r.total, 0);
  console.log(`  statements of "${label}" by total time (pg_stat_statements, top ${top}: ${(sum / 1000).toFixed(2)} s):`);
  for (const r of rows) {
    const text = r.query.replace(/\s+/g, ' ').slice(0, 110);
    console.log(`    ${(r.total / 1000).toFixed(2).padStart(6)} s ${String(r.calls).padStart(6)} calls ${r.mean.toFixed(1).padStart(8)} ms/call  ${text}`);
  }
}
