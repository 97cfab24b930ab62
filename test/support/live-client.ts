import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

/** One subscription's results as they come, and a way to wait for the next. */
export class Received<T = any> {
  readonly results: { data?: T; errors?: { message: string; extensions?: Record<string, any> }[] }[] = [];
  completed = false;
  private waiters: (() => void)[] = [];
  private taken = 0;

  push(result: Received<T>['results'][number]): void {
    this.results.push(result);
    for (const wake of this.waiters.splice(0)) wake();
  }

  end(): void {
    this.completed = true;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The next result not yet taken, or a failure after `withinMs`. */
  async next(withinMs = 10_000): Promise<Received<T>['results'][number]> {
    const deadline = Date.now() + withinMs;
    while (this.results.length <= this.taken) {
      if (this.completed) throw new Error('the subscription completed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${withinMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.results[this.taken++];
  }

  /** Fails if a result arrives within `ms`. */
  async none(ms: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.results.length > this.taken) throw new Error(`unexpected event: ${JSON.stringify(this.results[this.taken])}`);
  }
}

/**
 * A subscriber as a department system would be one: the graphql-ws client over `ws`, its key in the connection_init
 * payload (or, with `inHeader`, in the upgrade request's Authorization header). No retries: a refusal is the answer.
 */
export class LiveClient {
  readonly client: Client;
  /** Resolves with the close code and reason when the server closes the socket. */
  readonly closed: Promise<Closed>;
  /** Resolves once the server acknowledged the connection (never, if it refused it). */
  readonly connected: Promise<unknown>;

  constructor(httpUrl: string, key: string | null, options: { inHeader?: boolean } = {}) {
    let onClosed!: (c: Closed) => void;
    let onConnected!: (payload: unknown) => void;
    this.closed = new Promise((resolve) => (onClosed = resolve));
    this.connected = new Promise((resolve) => (onConnected = resolve));
    const headers = options.inHeader && key ? { authorization: `Bearer ${key}` } : undefined;
    this.client = createClient({
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: headers
        ? class extends WebSocket {
            constructor(address: string, protocols?: string | string[]) {
              super(address, protocols, { headers });
            }
          }
        : WebSocket,
      connectionParams: key && !options.inHeader ? { authorization: `Bearer ${key}` } : {},
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      on: {
        connected: (_socket, payload) => onConnected(payload),
        closed: (event) => onClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }),
      },
    });
  }

  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Received<T> & { unsubscribe: () => void } {
    const received = new Received<T>();
    const unsubscribe = this.client.subscribe<T>(
      { query, variables },
      {
        next: (result) => received.push(result as Received<T>['results'][number]),
        error: (error) => {
          received.push({ errors: Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }] });
          received.end();
        },
        complete: () => received.end(),
      },
    );
    return Object.assign(received, { unsubscribe });
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
