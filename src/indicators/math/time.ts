/** Calendar helpers in China Standard Time (UTC+08:00, no daylight saving). */

const CST_OFFSET_MS = 8 * 3_600_000;
export const HOUR_MS = 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws unless `date` is a real calendar date written YYYY-MM-DD. */
export function assertIsoDate(date: string): void {
  const match = ISO_DATE.exec(date);
  if (!match || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  }
}

/** The CST calendar date (YYYY-MM-DD) of an instant. */
export function cstDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Where an hourly value belongs in a day's 24-slot arrays. */
export interface HourSlot {
  /** Day D (CST) whose hours include this value. */
  readonly date: string;
  /** 0 = the value stamped D 01:00 … 23 = the value stamped D+1 00:00. */
  readonly index: number;
}

/**
 * The day and slot of a value stamped at the END of its averaging hour: its hour begins one hour earlier, and that
 * beginning fixes both the day and the slot (stamp D+1 00:00 is slot 23 of day D).
 */
export function hourSlot(observedAt: Date): HourSlot {
  const time = observedAt.getTime();
  if (!Number.isFinite(time) || time % HOUR_MS !== 0) {
    throw new RangeError(`Not a whole-hour stamp: ${String(observedAt)}`);
  }
  const hourStart = new Date(time - HOUR_MS + CST_OFFSET_MS);
  return { date: hourStart.toISOString().slice(0, 10), index: hourStart.getUTCHours() };
}

/** The CST date on which the averaging hour of a value stamped `observedAt` begins. */
export function dateOfHourStart(observedAt: Date): string {
  return cstDate(new Date(observedAt.getTime() - HOUR_MS));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
