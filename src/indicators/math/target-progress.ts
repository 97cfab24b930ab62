/**
 * Progress against a region's targets (the Zigong Blue Sky plan, seed 001; the autumn-winter campaigns, seeds
 * 003/004): each target beside its actual value, met or not, and the margin (positive = better than the target).
 * Pure: the caller supplies the period's indicators and the baseline PM2.5.
 */
export type TargetIndicator = 'PM25' | 'GOOD_DAY_RATIO' | 'HEAVY_DAYS' | 'PM25_DECREASE';

export interface Targets {
  pm25Target: number | null;
  goodDayRatioTarget: number | null;
  heavyDaysTarget: number | null;
  pm25DecreaseTarget: number | null;
}

export interface Actuals {
  pm25: number | null;
  goodDayRatio: number | null;
  heavyDays: number;
}

export interface TargetLine {
  indicator: TargetIndicator;
  target: number;
  /** null when the period has no data for it (then met and margin are null too). */
  actual: number | null;
  met: boolean | null;
  margin: number | null;
}

/** PM2.5 decrease in % from a baseline mean; null without both. */
export function pm25Decrease(baselinePm25: number | null, pm25: number | null): number | null {
  if (baselinePm25 === null || pm25 === null || baselinePm25 === 0) return null;
  return ((baselinePm25 - pm25) / baselinePm25) * 100;
}

function line(indicator: TargetIndicator, target: number, actual: number | null, lowerIsBetter: boolean): TargetLine {
  if (actual === null) return { indicator, target, actual, met: null, margin: null };
  const margin = lowerIsBetter ? target - actual : actual - target;
  return { indicator, target, actual, met: margin >= 0, margin };
}

export function targetProgress(targets: Targets, actuals: Actuals, baselinePm25: number | null): TargetLine[] {
  const lines: TargetLine[] = [];
  if (targets.pm25Target !== null) lines.push(line('PM25', targets.pm25Target, actuals.pm25, true));
  if (targets.goodDayRatioTarget !== null) lines.push(line('GOOD_DAY_RATIO', targets.goodDayRatioTarget, actuals.goodDayRatio, false));
  if (targets.heavyDaysTarget !== null) lines.push(line('HEAVY_DAYS', targets.heavyDaysTarget, actuals.heavyDays, true));
  if (targets.pm25DecreaseTarget !== null) {
    lines.push(line('PM25_DECREASE', targets.pm25DecreaseTarget, pm25Decrease(baselinePm25, actuals.pm25), false));
  }
  return lines;
}

export type PeriodKind = 'MONTH' | 'YEAR' | 'CAMPAIGN';

/** First and last day of a target period: a month, a calendar year, or 1 Oct … 31 Mar of a campaign. */
export function periodRange(kind: PeriodKind, period: string): { from: string; to: string } {
  if (kind === 'MONTH') {
    const [y, m] = period.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { from: `${period}-01`, to: `${period}-${String(last).padStart(2, '0')}` };
  }
  if (kind === 'YEAR') return { from: `${period}-01-01`, to: `${period}-12-31` };
  const [first, second] = period.split('-');
  return { from: `${first}-10-01`, to: `${second}-03-31` };
}

/** The same period `years` earlier (a campaign shifts both its years). */
export function shiftPeriod(kind: PeriodKind, period: string, years: number): string {
  if (kind === 'MONTH') return `${Number(period.slice(0, 4)) - years}${period.slice(4)}`;
  if (kind === 'YEAR') return String(Number(period) - years);
  const [first, second] = period.split('-').map(Number);
  return `${first - years}-${second - years}`;
}
