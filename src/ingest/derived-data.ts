import { QueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';

/** The keys of changed air-quality hours, as the feed's upsert returns them. */
export interface ChangedHour {
  station_code: string | null;
  region_code: string | null;
  observed_at: Date;
}

/**
 * What a feed's afterWrite tells the owner of derived data (the region-day rollup, in src/indicators) inside the
 * writing transaction. The feeds call this port; the app connects the owner at boot, so no feed imports it.
 */
export interface DerivedDataQueue {
  /** Hourly rows changed: queue the days of every region they feed. */
  afterHours(tx: Queryable, changed: ChangedHour[]): Promise<QueuedWork | undefined>;
  /** Stations or regions moved: queue every day of these regions and their ancestors. */
  afterRegionsChanged(tx: Queryable, regionCodes: string[]): Promise<QueuedWork | undefined>;
}

let connected: DerivedDataQueue | undefined;

export function connectDerivedData(queue: DerivedDataQueue): void {
  connected = queue;
}

export function derivedData(): DerivedDataQueue {
  if (!connected) throw new Error('no owner of derived data is connected: the app connects it at boot (registerDepartments)');
  return connected;
}
