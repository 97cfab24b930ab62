import { ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { freePort } from './free-port';

/** Compiles the hub into dist/ (incremental: about two seconds when nothing changed). */
export async function buildHub(): Promise<void> {
  await promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT });
}


/** Children still running: killed when this process exits, however it exits, so none outlives a failed run. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const OUTPUT_TAIL = 8_000;

/**
 * The compiled hub (dist/src/app/main.js) as a process of its own, the way it is deployed, so that a test can `kill -9` it
 * or measure it. Started on a free port with the given environment; resolves once /readyz answers 200, which the hub
 * does only after it has drained the region-day rollup queue a previous process left.
 */
export class HubProcess {
  /** The end of what the process wrote (stdout and stderr), for the error when it fails to start. */
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-OUTPUT_TAIL));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => running.delete(child));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * `root`: the checkout whose build runs (default this one), e.g. a worktree of an older commit for a benchmark's
   * baseline; `nodeOptions`: options for node itself, such as `--cpu-prof`.
   */
  static async start(env: Record<string, string>, options: { readyWithinMs?: number; root?: string; nodeOptions?: string[] } = {}): Promise<HubProcess> {
    const port = await freePort();
    const root = options.root ?? PROJECT_ROOT;
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), path.join(root, 'dist', 'src', 'app', 'main.js')], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env, HOST: '127.0.0.1', PORT: String(port), APOLLO_TELEMETRY_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const hub = new HubProcess(`http://127.0.0.1:${port}`, child);
    try {
      await hub.waitUntilReady(options.readyWithinMs ?? 60_000);
    } catch (error) {
      await hub.kill();
      throw error;
    }
    return hub;
  }

  /** `kill -9`: no drain, no flush, no goodbye. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (the hub drains its requests and flushes its audit log), SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Resident set size of the hub process, in bytes, as the hub itself reports it on /metrics. */
  async rssBytes(): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const match = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
    if (!match) throw new Error('the hub reports no process_resident_memory_bytes on /metrics');
    return Number(match[1]);
  }

  /** CPU seconds the hub process has used so far (user + system), from /metrics. */
  async cpuSeconds(): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const match = /^process_cpu_seconds_total (\S+)$/m.exec(text);
    if (!match) throw new Error('the hub reports no process_cpu_seconds_total on /metrics');
    return Number(match[1]);
  }

  private async waitUntilReady(withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      if (!this.alive) throw new Error(`the hub exited before it was ready (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`);
      const status = await fetch(`${this.url}/readyz`).then(async (r) => (await r.arrayBuffer(), r.status), () => 0);
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`the hub was not ready within ${withinMs} ms (last /readyz status ${status}):\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
