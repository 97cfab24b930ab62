import { addDays, daysInRange, sameDateYearBefore } from '../time';
import { atLeast } from './compare';

/** Indicators §5.1: enterprises whose electricity use changes abnormally (seed 000 §2). */

/** The change (%) from which an enterprise is flagged unless the caller says otherwise. */
export const DEFAULT_ANOMALY_THRESHOLD_PERCENT = 30;

/** Days of a window, both ends included. */
export interface DateWindow {
  from: string;
  to: string;
}

export interface AnomalyWindows {
  current: DateWindow;
  /** Each end a year earlier (29 February → 28 February). */
  yearAgo: DateWindow;
  /** The n days just before the current n. */
  preceding: DateWindow;
}

export function anomalyWindows(from: string, to: string): AnomalyWindows {
  const n = daysInRange(from, to);
  return {
    current: { from, to },
    yearAgo: { from: sameDateYearBefore(from), to: sameDateYearBefore(to) },
    preceding: { from: addDays(from, -n), to: addDays(from, -1) },
  };
}

/** An enterprise's electricity over one window: the days it reported and their total kWh. */
export interface WindowUse {
  reportedDays: number;
  kwh: number;
}

/** A window's mean is valid when reported days × 5 ≥ the window's days × 4 (at least 80 % of them). */
export function windowMean(use: WindowUse, window: DateWindow): number | null {
  const days = daysInRange(window.from, window.to);
  if (use.reportedDays === 0 || use.reportedDays * 5 < days * 4) return null;
  return use.kwh / use.reportedDays;
}

/** (current − reference) / reference × 100; null when either is missing or the reference is 0. */
export function percentChange(current: number | null, reference: number | null): number | null {
  if (current === null || reference === null || reference === 0) return null;
  return ((current - reference) / reference) * 100;
}

export interface EnterpriseUse {
  creditCode: string;
  current: WindowUse;
  yearAgo: WindowUse;
  preceding: WindowUse;
}

export interface EnergyAnomalyResult {
  creditCode: string;
  currentMean: number | null;
  yearAgoMean: number | null;
  precedingMean: number | null;
  currentDays: number;
  yearAgoDays: number;
  precedingDays: number;
  changeVsYearAgo: number | null;
  changeVsPreceding: number | null;
  flagged: boolean;
}

/**
 * Every enterprise with a reported day in one of the windows, flagged when a change reaches the threshold (|change| ≥
 * thresholdPercent); ordered by its largest |change| descending, then credit code, those without a change last.
 */
export function energyAnomalies(input: {
  windows: AnomalyWindows;
  enterprises: readonly EnterpriseUse[];
  thresholdPercent: number;
  onlyFlagged: boolean;
}): EnergyAnomalyResult[] {
  const { windows, thresholdPercent } = input;
  const rows = input.enterprises
    .filter((e) => e.current.reportedDays + e.yearAgo.reportedDays + e.preceding.reportedDays > 0)
    .map((e): EnergyAnomalyResult => {
      const currentMean = windowMean(e.current, windows.current);
      const yearAgoMean = windowMean(e.yearAgo, windows.yearAgo);
      const precedingMean = windowMean(e.preceding, windows.preceding);
      const changeVsYearAgo = percentChange(currentMean, yearAgoMean);
      const changeVsPreceding = percentChange(currentMean, precedingMean);
      return {
        creditCode: e.creditCode,
        currentMean,
        yearAgoMean,
        precedingMean,
        currentDays: e.current.reportedDays,
        yearAgoDays: e.yearAgo.reportedDays,
        precedingDays: e.preceding.reportedDays,
        changeVsYearAgo,
        changeVsPreceding,
        flagged: [changeVsYearAgo, changeVsPreceding].some((c) => c !== null && atLeast(Math.abs(c), thresholdPercent)),
      };
    });
  const largest = (r: EnergyAnomalyResult) => {
    const changes = [r.changeVsYearAgo, r.changeVsPreceding].filter((c): c is number => c !== null);
    return changes.length ? Math.max(...changes.map(Math.abs)) : null;
  };
  const ranked = rows
    .map((row) => ({ row, key: largest(row) }))
    .sort((a, b) => {
      if (a.key !== b.key) {
        if (a.key === null) return 1;
        if (b.key === null) return -1;
        return b.key - a.key;
      }
      return a.row.creditCode < b.row.creditCode ? -1 : a.row.creditCode > b.row.creditCode ? 1 : 0;
    })
    .map(({ row }) => row);
  return input.onlyFlagged ? ranked.filter((r) => r.flagged) : ranked;
}
