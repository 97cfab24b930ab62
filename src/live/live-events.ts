import { EventEmitter } from 'node:events';
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AlertRow, alertsOfBatch } from '../feeds/ecology/alert.queries';
import { heavyPollutionAlerts } from '../feeds/ecology/heavy-pollution-alert.dataset';
import { AqiLevel } from '../indicators/indicator.types';
import { Department } from '../platform/enums';
import { LIVE_CHANNEL, LiveEvent } from '../platform/live-outbox';
import { logger } from '../platform/logger';
import { AqiLevelChange, DatasetUpdate, FeedStaleEvent } from './live.types';

/** What a hub process dispatches to its own subscribers, once per event whoever subscribed. */
export interface LocalEvents {
  'dataset-updated': DatasetUpdate;
  'alert-issued': AlertRow;
  'aqi-level-changed': AqiLevelChange;
  'feed-stale': FeedStaleEvent;
}

/** Events a subscriber that reads slower than they come may fall behind by; beyond it the oldest are dropped. */
const SUBSCRIBER_BUFFER = 1000;
/** More than the outbox holds in its hour for any plausible load: a reconnect's catch-up never dispatches twice. */
const SEEN_IDS = 100_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/** A per-subscriber refusal of one event (its grant was revoked): delivered as that event's error, then the end. */
export class LiveRefusal {
  constructor(readonly error: unknown) {}
}

/**
 * The process's end of the live-event fan-out: one dedicated connection (not the pool's) LISTENs on the outbox's
 * channel (src/platform/live-outbox.ts), reads each notified event by id, in the order notified, and dispatches it
 * to this process's subscribers. A lost connection is reopened with backoff, and the events committed meanwhile are
 * read from the outbox (kept an hour): none is lost to a reconnect, none dispatched twice.
 */
export class LiveEvents {
  private readonly local = new EventEmitter();
  private client?: Client;
  private stopped = false;
  private reconnectMs = RECONNECT_MIN_MS;
  /** Events already in the outbox when this process started are not its to dispatch. */
  private startedAfter = 0;
  /**
   * Ids dispatched (the most recent `SEEN_IDS`). Ids are taken when a writer inserts and notified when it commits, so
   * they may come out of order: a set, not the highest id, tells what was dispatched.
   */
  private readonly seen = new Set<number>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly db: DataSource) {
    this.local.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const [{ last }] = await this.db.query('SELECT coalesce(max(id), 0)::bigint AS last FROM live_events');
    this.startedAfter = Number(last);
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
    await this.queue;
  }

  /** Local subscribers of an event kind, right now (for tests and metrics). */
  subscribers(kind: keyof LocalEvents): number {
    return this.local.listenerCount(kind);
  }

  /**
   * A subscriber's stream of one kind of event: `deliver` decides, per event and in order, what it receives (null:
   * nothing). A `deliver` that throws ends the stream after a `LiveRefusal` carrying the error. Ending the stream
   * (the client completes, or leaves) removes the subscriber at once.
   */
  stream<K extends keyof LocalEvents, T>(kind: K, deliver: (event: LocalEvents[K]) => Promise<T | null>): AsyncIterableIterator<T | LiveRefusal> {
    return new Repeater<T | LiveRefusal>(async (push, stop) => {
      let chain = Promise.resolve();
      const listener = (event: LocalEvents[K]) => {
        chain = chain
          .then(async () => {
            const out = await deliver(event);
            if (out !== null) await push(out);
          })
          .catch(async (error) => {
            await push(new LiveRefusal(error));
            stop();
          });
      };
      this.local.on(kind, listener);
      await stop;
      this.local.off(kind, listener);
    }, new SlidingBuffer(SUBSCRIBER_BUFFER));
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: (this.db.options as PostgresConnectionOptions).url, application_name: 'lantian-hub live' });
    client.on('notification', (message) => {
      if (message.payload) this.read(Number(message.payload));
    });
    client.on('error', (error) => logger.warn({ err: error }, 'live events: listening connection failed'));
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      if (!this.stopped) this.reconnectSoon();
    });
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    this.client = client;
    this.reconnectMs = RECONNECT_MIN_MS;
    // Events committed while no connection listened (at the first start: those committed since `start` looked).
    const missed: { id: string }[] = await this.db.query('SELECT id FROM live_events WHERE id > $1 ORDER BY id', [this.startedAfter]);
    for (const { id } of missed) this.read(Number(id));
  }

  private reconnectSoon(): void {
    const wait = this.reconnectMs;
    this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MAX_MS);
    setTimeout(() => {
      if (this.stopped) return;
      this.listen().catch((error) => {
        logger.warn({ err: error, retryInMs: this.reconnectMs }, 'live events: could not listen again; retrying');
        this.reconnectSoon();
      });
    }, wait).unref();
  }

  /** Events are read and dispatched one at a time, in the order they were notified. */
  private read(id: number): void {
    this.queue = this.queue
      .then(async () => {
        if (this.seen.has(id)) return;
        const [event]: LiveEvent[] = await this.db.query('SELECT kind, body FROM live_events WHERE id = $1', [id]);
        this.seen.add(id);
        if (this.seen.size > SEEN_IDS) this.seen.delete(this.seen.values().next().value!);
        if (event) await this.dispatch(event);
      })
      .catch((error) => logger.warn({ err: error, id }, 'live events: an event could not be read; its subscribers miss it'));
  }

  private async dispatch(event: LiveEvent): Promise<void> {
    switch (event.kind) {
      case 'dataset-updated': {
        const b = event.body;
        this.local.emit('dataset-updated', {
          ...b,
          department: b.department as Department,
          observedFrom: b.observedFrom ? new Date(b.observedFrom) : null,
          observedTo: b.observedTo ? new Date(b.observedTo) : null,
          landedAt: new Date(b.landedAt),
        } satisfies DatasetUpdate);
        if (b.dataset === heavyPollutionAlerts.dataset.id && b.accepted > b.unchanged && this.local.listenerCount('alert-issued')) {
          for (const alert of await alertsOfBatch(this.db, b.batchId)) this.local.emit('alert-issued', alert);
        }
        return;
      }
      case 'aqi-levels':
        for (const c of event.body.changes) {
          this.local.emit('aqi-level-changed', {
            ...c,
            observedAt: new Date(c.observedAt),
            level: c.level as AqiLevel,
            previousLevel: c.previousLevel as AqiLevel | null,
          } satisfies AqiLevelChange);
        }
        return;
      case 'feed-stale': {
        const b = event.body;
        this.local.emit('feed-stale', {
          dataset: b.dataset,
          cadence: b.cadence,
          latestObservedAt: b.latestAt ? new Date(b.latestAt) : null,
          detectedAt: new Date(b.detectedAt),
        } satisfies FeedStaleEvent);
      }
    }
  }
}

declare module '../platform/context.type' {
  interface Services {
    live: LiveEvents;
  }
}
