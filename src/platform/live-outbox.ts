import type { Queryable } from './db/queryable';

/**
 * The outbox of live events (GraphQL subscriptions): a writer inserts one into `live_events` inside its own
 * transaction, and a trigger NOTIFYs its id on `LIVE_CHANNEL` when that transaction commits. Every hub process
 * LISTENs and reads the event by id (src/live/live-events.ts), so a write through any process reaches the
 * subscribers of all of them, and a rolled-back write announces nothing.
 */
export const LIVE_CHANNEL = 'lantian_live';

/** A batch landed (times ISO 8601; null when its rows describe no instant). */
export interface DatasetUpdatedBody {
  dataset: string;
  batchId: string;
  department: string;
  accepted: number;
  rejected: number;
  unchanged: number;
  observedFrom: string | null;
  observedTo: string | null;
  /** The regions of its accepted rows. */
  regionCodes: string[];
  landedAt: string;
}

export interface AqiLevelChangeBody {
  regionCode: string;
  observedAt: string;
  aqi: number;
  level: string;
  previousLevel: string | null;
}

export interface FeedStaleBody {
  dataset: string;
  cadence: string;
  latestAt: string | null;
  detectedAt: string;
}

export type LiveEvent =
  | { kind: 'dataset-updated'; body: DatasetUpdatedBody }
  | { kind: 'aqi-levels'; body: { changes: AqiLevelChangeBody[] } }
  | { kind: 'feed-stale'; body: FeedStaleBody };

/** Records the event in the caller's transaction: it is announced if, and when, that transaction commits. */
export async function publishLiveEvent(db: Queryable, event: LiveEvent): Promise<void> {
  await db.query('INSERT INTO live_events (kind, body) VALUES ($1, $2)', [event.kind, JSON.stringify(event.body)]);
}
