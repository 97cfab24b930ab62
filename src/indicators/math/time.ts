/** Calendar helpers in China Standard Time (UTC+08:00, no daylight saving). */

export const HOUR_MS = 3_600_000;
/** China Standard Time is UTC+08:00 all year. */
export const CST_OFFSET_MS = 8 * HOUR_MS;
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

export const DAY_MS = 24 * HOUR_MS;

/** `date` moved by `days` calendar days (negative: back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInRange(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1);
}

/** Dates from `from` to `to`, both included. */
export function datesFromTo(from: string, to: string): string[] {
  return Array.from({ length: daysInRange(from, to) }, (_, i) => addDays(from, i));
}

/** The same date a year earlier; 29 February becomes 28 February. */
export function sameDateYearBefore(date: string): string {
  const year = String(Number(date.slice(0, 4)) - 1).padStart(4, '0');
  const monthDay = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${year}-${monthDay}`;
}

/** The instant a CST day begins (its 00:00, +08:00). */
export function startOfCstDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}
