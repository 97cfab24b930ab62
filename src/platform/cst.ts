/** China Standard Time: UTC+8 all year (no daylight saving since 1991). */
const CST_OFFSET_MS = 8 * 3_600_000;

/**
 * An instant as the hub's users read and write it: ISO 8601 in China Standard Time, `2016-01-01T08:00:00+08:00`
 * (milliseconds only when there are some). The same instant as its UTC form, so machines lose nothing.
 */
export function cstIso(instant: Date): string {
  const shifted = new Date(instant.getTime() + CST_OFFSET_MS).toISOString();
  const millis = shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${millis === '.000' ? '' : millis}+08:00`;
}

/** The CST calendar day an instant falls on, `YYYY-MM-DD`. */
export const cstDay = (instant: Date): string => cstIso(instant).slice(0, 10);
