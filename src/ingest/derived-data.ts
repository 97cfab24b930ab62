import { QueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';

/** A series and day of changed air-quality hours: the station's or region's, and the CST day the hours average on. */
export interface ChangedSeriesDay {
  station_code: string | null;
  region_code: string | null;
  /** `YYYY-MM-DD`: the day of the hour each changed row ends (a row stamped 00:00 averages the previous day's last hour). */
  day: string;
}

/**
 * The changed hours as afterHours takes them (the feed's `afterWriteKeys`): each series-day once, reduced by
 * PostgreSQL from the upsert's key columns (`hub_day`, the rollup's own day of a stamp), the day first.
 */
export const CHANGED_SERIES_DAYS: Readonly<Record<keyof ChangedSeriesDay, string>> = {
  day: 'hub_day(observed_at)',
  station_code: 'station_code',
  region_code: 'region_code',
};

/**
 * What a feed's afterWrite tells the owner of derived data (the region-day rollup, in src/indicators) inside the
 * writing transaction. The feeds call this port; the app connects the owner at boot, so no feed imports it.
 */
export interface DerivedDataQueue {
  /** Hourly rows changed on these series-days: queue the days of every region they feed. */
  afterHours(tx: Queryable, changed: ChangedSeriesDay[]): Promise<QueuedWork | undefined>;
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
