// Dates the page asks for are China Standard Time (UTC+8, no daylight saving), whatever the browser's zone.
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The CST calendar date of an instant, YYYY-MM-DD. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:mm` in CST, the value of a datetime-local input. */
export function cstLocalInput(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16);
}

/** The instant of a CST `YYYY-MM-DDTHH:mm`. */
export function fromCstLocalInput(value: string): Date {
  return new Date(`${value}:00+08:00`);
}

/** `MM-DD HH:mm` CST, for labels. */
export function cstShort(at: string | Date): string {
  return new Date(new Date(at).getTime() + CST_OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ');
}
