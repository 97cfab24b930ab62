/** China Standard Time: UTC+8 all year (no daylight saving since 1991). */
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** `00`…`59`, for hours, minutes and seconds. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
/** The last CST day written and its `YYYY-MM-DDT`: a page of hours falls on a day or two. */
let lastDay = Number.NaN;
let lastDayPrefix = '';

/** Instants written lately, with their text. */
const written = new Map<number, string>();
/** How many are kept: when full, the memory starts again (hours recur: they are the recent ones). */
const MAX_WRITTEN = 10_000;

/**
 * An instant as the hub's users read and write it: ISO 8601 in China Standard Time, `2016-01-01T08:00:00+08:00`
 * (milliseconds only when there are some). The same instant as its UTC form, so machines lose nothing. The same
 * instants recur in answer after answer (every station's row of an hour has its stamp), so the texts of recent ones
 * are kept: a kept text costs no formatting, and the answer that first writes it leaves it flat, where a new one is
 * a concatenation that each answer's JSON must copy out again.
 */
export function cstIso(instant: Date): string {
  const time = instant.getTime();
  let text = written.get(time);
  if (text === undefined) {
    text = formatCst(time);
    if (written.size >= MAX_WRITTEN) written.clear();
    written.set(time, text);
  }
  return text;
}

/** Written from the number, the day's part reused (a Date and an ISO string per call cost three times as much). */
function formatCst(time: number): string {
  const shifted = time + CST_OFFSET_MS;
  const day = Math.floor(shifted / DAY_MS);
  if (day !== lastDay) {
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  let rest = shifted - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${lastDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}${fraction}+08:00`;
}

/** The CST calendar day an instant falls on, `YYYY-MM-DD`. */
export const cstDay = (instant: Date): string => cstIso(instant).slice(0, 10);
