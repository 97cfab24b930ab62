import { CST_OFFSET_MS, DAY_MS, HOUR_MS, addDays, daysInMonth, startOfCstDay } from '../time';

/** Indicators §5, common rules: when a dataset's latest row is, and whether it is stale. */

/** How often a dataset's rows come, as the catalog states it (ISO 8601 durations); reference data have none. */
export type Cadence = 'PT15M' | 'PT1H' | 'P1D' | 'P1M' | null;

/** The time a row stands for: its stamp (instants), or the end of its day or month (CST); reference data: published. */
export type RowTime = { instant: Date } | { day: string } | { month: string };

export function rowTime(time: RowTime): Date {
  if ('instant' in time) return time.instant;
  if ('day' in time) return startOfCstDay(addDays(time.day, 1));
  const [year, month] = time.month.split('-').map(Number);
  return new Date(Date.UTC(year, month, 1) - CST_OFFSET_MS);
}

/** `at` minus twice the cadence: a latest row before it is stale. Months are calendar months (CST, the day clamped). */
function staleBefore(cadence: Exclude<Cadence, null>, at: Date): Date {
  if (cadence === 'PT15M') return new Date(at.getTime() - 2 * (HOUR_MS / 4));
  if (cadence === 'PT1H') return new Date(at.getTime() - 2 * HOUR_MS);
  if (cadence === 'P1D') return new Date(at.getTime() - 2 * DAY_MS);
  const cst = new Date(at.getTime() + CST_OFFSET_MS);
  const year = cst.getUTCFullYear();
  const month = cst.getUTCMonth() - 2;
  const day = Math.min(cst.getUTCDate(), daysInMonth(year + Math.floor(month / 12), ((month % 12) + 12) % 12 + 1));
  const shifted = Date.UTC(year, month, day) + (cst.getTime() % DAY_MS);
  return new Date(shifted - CST_OFFSET_MS);
}

/**
 * Stale when the latest row is older than twice the cadence at `at`, or there is none; reference data (no cadence)
 * are never stale.
 */
export function isStale(cadence: Cadence, latest: Date | null, at: Date): boolean {
  if (cadence === null) return false;
  if (latest === null) return true;
  return latest.getTime() < staleBefore(cadence, at).getTime();
}
