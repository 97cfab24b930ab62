import { Client } from 'pg';
import { logger } from '../logger';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/** What a user of a channel is told. */
export interface ChannelHandlers {
  /** A notification's payload, in the order PostgreSQL delivered them. */
  notified(payload: string): void;
  /**
   * The channel is listened to again after the connection was lost (and at first): notifications sent meanwhile were
   * missed, and this is where a user catches up or forgets what it may have missed.
   */
  listening?(): void | Promise<void>;
  /** The connection was lost: until `listening`, nothing is heard. */
  lost?(): void;
}

/**
 * The process's one PostgreSQL LISTEN connection (dedicated, not the pool's: a pooled connection goes back to other
 * work and would miss notifications), shared by every user of a channel: the live events (`lantian_live`), API key
 * changes (`lantian_keys`), and the writes that read replicas must catch up with (`lantian_key_writes`). It connects
 * with the first channel listened to; a lost connection is reopened with backoff, each user told when it was lost and
 * when it listens again.
 */
export class NotificationListener {
  private readonly channels = new Map<string, Set<ChannelHandlers>>();
  /** Channels LISTENed on the current connection. */
  private readonly listened = new Set<string>();
  private connecting?: Promise<Client>;
  private client?: Client;
  private stopped = false;
  private reconnectMs = RECONNECT_MIN_MS;

  constructor(
    private readonly url: string,
    private readonly applicationName = 'lantian-hub listener',
  ) {}

  /** Whether notifications are heard right now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /**
   * Hears `channel` (a lower-case SQL identifier of ours, never a client's) with `handlers`; resolves once LISTEN is
   * in effect and `handlers.listening` has run. Rejects, and forgets the handlers, when no connection can be opened now.
   */
  async listen(channel: string, handlers: ChannelHandlers): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    this.stopped = false;
    const users = this.channels.get(channel) ?? new Set();
    this.channels.set(channel, users.add(handlers));
    try {
      const client = await (this.connecting ??= this.connect(false));
      if (!this.listened.has(channel)) await client.query(`LISTEN ${channel}`);
      this.listened.add(channel);
      await handlers.listening?.();
    } catch (error) {
      await this.unlisten(channel, handlers);
      throw error;
    }
  }

  /** Stops telling `handlers`; with the last of a channel, it is no longer listened to; with the last channel, the connection is closed. */
  async unlisten(channel: string, handlers: ChannelHandlers): Promise<void> {
    const users = this.channels.get(channel);
    if (!users?.delete(handlers) || users.size) return;
    this.channels.delete(channel);
    if (this.channels.size === 0) return this.stop();
    this.listened.delete(channel);
    await this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.channels.clear();
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    this.connecting = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Opens the connection and LISTENs on every channel; `again` (a reconnect): tells every user it listens again. */
  private async connect(again: boolean): Promise<Client> {
    const client = new Client({ connectionString: this.url, application_name: this.applicationName });
    client.on('notification', (message) => {
      if (message.payload === undefined) return;
      for (const handlers of this.channels.get(message.channel) ?? []) handlers.notified(message.payload);
    });
    client.on('error', (error) => logger.warn({ err: error }, 'notifications: the listening connection failed'));
    client.on('end', () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.connecting = undefined;
      this.listened.clear();
      for (const users of this.channels.values()) for (const handlers of users) handlers.lost?.();
      if (!this.stopped) this.reconnectSoon();
    });
    try {
      await client.connect();
      const channels = [...this.channels];
      for (const [channel] of channels) await client.query(`LISTEN ${channel}`);
      this.client = client;
      this.reconnectMs = RECONNECT_MIN_MS;
      for (const [channel] of channels) this.listened.add(channel);
      if (again) for (const [, users] of channels) for (const handlers of users) await handlers.listening?.();
      return client;
    } catch (error) {
      // A user that could not catch up (its `listening` failed) is retried with the whole connection.
      this.client = undefined;
      this.connecting = undefined;
      this.listened.clear();
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private reconnectSoon(): void {
    const wait = this.reconnectMs;
    this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MAX_MS);
    setTimeout(() => {
      if (this.stopped || this.connecting) return;
      this.connecting = this.connect(true);
      this.connecting.catch((error) => {
        logger.warn({ err: error, retryInMs: this.reconnectMs }, 'notifications: could not listen again; retrying');
        this.reconnectSoon();
      });
    }, wait).unref();
  }
}
