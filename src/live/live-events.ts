import { EventEmitter } from 'node:events';
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { DataSource } from 'typeorm';
import { AlertRow, alertsOfBatch } from '../feeds/ecology/alert.queries';
import { heavyPollutionAlerts } from '../feeds/ecology/heavy-pollution-alert.dataset';
import { AqiLevel } from '../indicators/indicator.types';
import { ChannelHandlers, NotificationListener } from '../platform/db/notifications';
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

/** A per-subscriber refusal of one event (its grant was revoked): delivered as that event's error, then the end. */
export class LiveRefusal {
  constructor(readonly error: unknown) {}
}

/**
 * The process's end of the live-event fan-out: the process's LISTEN connection (src/platform/db/notifications.ts)
 * hears the outbox's channel (src/platform/live-outbox.ts); each notified event is read by id, in the order notified,
 * and dispatched to this process's subscribers. When the connection was lost and is back, the events committed
 * meanwhile are read from the outbox (kept an hour): none is lost to a reconnect, none dispatched twice.
 */
export class LiveEvents {
  private readonly local = new EventEmitter();
  /** Events already in the outbox when this process started are not its to dispatch. */
  private startedAfter = 0;
  /**
   * Ids dispatched (the most recent `SEEN_IDS`). Ids are taken when a writer inserts and notified when it commits, so
   * they may come out of order: a set, not the highest id, tells what was dispatched.
   */
  private readonly seen = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  private heard?: ChannelHandlers;

  constructor(
    private readonly db: DataSource,
    private readonly listener: NotificationListener,
  ) {
    this.local.setMaxListeners(0);
  }

  /** Starts hearing the outbox (once, however many servers share this process's services). */
  async start(): Promise<void> {
    if (this.heard) return;
    const [{ last }] = await this.db.query('SELECT coalesce(max(id), 0)::bigint AS last FROM live_events');
    this.startedAfter = Number(last);
    this.heard = { notified: (id) => this.read(Number(id)), listening: () => this.catchUp() };
    await this.listener.listen(LIVE_CHANNEL, this.heard).catch((error) => {
      this.heard = undefined;
      throw error;
    });
  }

  async stop(): Promise<void> {
    const heard = this.heard;
    this.heard = undefined;
    if (heard) await this.listener.unlisten(LIVE_CHANNEL, heard);
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

  /** Events committed while no connection listened (at the first start: those committed since `start` looked). */
  private async catchUp(): Promise<void> {
    const missed: { id: string }[] = await this.db.query('SELECT id FROM live_events WHERE id > $1 ORDER BY id', [this.startedAfter]);
    for (const { id } of missed) this.read(Number(id));
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
