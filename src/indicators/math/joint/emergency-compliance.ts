import { addDays, cstDate, datesFromTo, daysInRange } from '../time';
import { atLeast } from './compare';

/** Indicators §5.2: whether the enterprises on the emergency control list cut as their alert level requires. */

export type AlertLevel = 'YELLOW' | 'ORANGE' | 'RED';
export type PerformanceGrade = 'A' | 'B' | 'C' | 'UNGRADED';
export type ComplianceStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'UNKNOWN';

/** The cut of electricity use each alert level requires of a controlled enterprise, in %. */
export const REQUIRED_CUT_PERCENT: Readonly<Record<AlertLevel, number>> = { YELLOW: 10, ORANGE: 20, RED: 30 };

/** The baseline: the first `days` non-alert days walking back at most `lookBackDays`, valid with `minReported`. */
export const BASELINE = { days: 7, lookBackDays: 30, minReported: 5 } as const;

/** Grade A enterprises (绩效分级 A) are exempt from emergency cuts and not listed. */
export const isExemptGrade = (grade: PerformanceGrade): boolean => grade === 'A';

export interface AlertSpan {
  startsAt: Date;
  endsAt: Date | null;
}

/** CST dates from the date of `startsAt` to the date of `endsAt`, both included; an open alert runs to `asOf`'s date. */
export function alertDays(alert: AlertSpan, asOf: Date): string[] {
  return datesFromTo(cstDate(alert.startsAt), cstDate(alert.endsAt ?? asOf));
}

/** How many alert days an alert has, counted without listing them (an alert may be left open for years). */
export function alertDayCount(alert: AlertSpan, asOf: Date): number {
  return daysInRange(cstDate(alert.startsAt), cstDate(alert.endsAt ?? asOf));
}

/** The days the baseline may walk back over: the 30 days before the first alert day. */
export function baselineLookBack(firstAlertDay: string): { from: string; to: string } {
  return { from: addDays(firstAlertDay, -BASELINE.lookBackDays), to: addDays(firstAlertDay, -1) };
}

/** The alert days of some alerts that lie in [from, to], each alert's days listed only within it. */
export function alertDaysWithin(alerts: readonly AlertSpan[], asOf: Date, window: { from: string; to: string }): Set<string> {
  const days = new Set<string>();
  for (const alert of alerts) {
    const first = cstDate(alert.startsAt);
    const last = cstDate(alert.endsAt ?? asOf);
    for (const day of datesFromTo(first > window.from ? first : window.from, last < window.to ? last : window.to)) days.add(day);
  }
  return days;
}

/**
 * Walking back from the day before `firstAlertDay` for at most 30 days, the first 7 days that are alert days of no
 * alert of the region (`regionAlertDays`); ascending.
 */
export function baselineDays(firstAlertDay: string, regionAlertDays: ReadonlySet<string>): string[] {
  const days: string[] = [];
  for (let back = 1; back <= BASELINE.lookBackDays && days.length < BASELINE.days; back++) {
    const day = addDays(firstAlertDay, -back);
    if (!regionAlertDays.has(day)) days.push(day);
  }
  return days.reverse();
}

/** Mean kWh of the reported days among `days`, and how many were reported. */
function reportedMean(days: readonly string[], kwhByDate: ReadonlyMap<string, number>): { mean: number | null; reported: number } {
  let sum = 0;
  let reported = 0;
  for (const day of days) {
    const kwh = kwhByDate.get(day);
    if (kwh === undefined) continue;
    sum += kwh;
    reported++;
  }
  return { mean: reported ? sum / reported : null, reported };
}

export interface EnterpriseComplianceResult {
  baselineMean: number | null;
  baselineDays: number;
  duringMean: number | null;
  duringDays: number;
  achievedCutPercent: number | null;
  status: ComplianceStatus;
}

/**
 * One enterprise: baseline mean (valid with ≥ 5 reported days), mean during the alert (valid when reported × 2 ≥
 * alert days), the cut achieved against the required one. UNKNOWN when either mean is missing or the baseline is 0.
 */
export function enterpriseCompliance(input: {
  baselineDays: readonly string[];
  alertDays: readonly string[];
  kwhByDate: ReadonlyMap<string, number>;
  requiredCutPercent: number;
}): EnterpriseComplianceResult {
  const baseline = reportedMean(input.baselineDays, input.kwhByDate);
  const during = reportedMean(input.alertDays, input.kwhByDate);
  const baselineMean = baseline.reported >= BASELINE.minReported ? baseline.mean : null;
  const duringMean = during.reported * 2 >= input.alertDays.length ? during.mean : null;
  const achievedCutPercent =
    baselineMean === null || duringMean === null || baselineMean === 0 ? null : ((baselineMean - duringMean) / baselineMean) * 100;
  const status: ComplianceStatus =
    achievedCutPercent === null ? 'UNKNOWN' : atLeast(achievedCutPercent, input.requiredCutPercent) ? 'COMPLIANT' : 'NON_COMPLIANT';
  return {
    baselineMean,
    baselineDays: baseline.reported,
    duringMean,
    duringDays: during.reported,
    achievedCutPercent,
    status,
  };
}

export function complianceTotals(statuses: readonly ComplianceStatus[]): { compliant: number; nonCompliant: number; unknown: number } {
  return {
    compliant: statuses.filter((s) => s === 'COMPLIANT').length,
    nonCompliant: statuses.filter((s) => s === 'NON_COMPLIANT').length,
    unknown: statuses.filter((s) => s === 'UNKNOWN').length,
  };
}

/** One site's machinery on one day, summed over its emission stages. */
export interface MachineryRow {
  siteId: string;
  date: string;
  machinesInUse: number;
  operatingHours: number | null;
}

export interface SiteMachineryDays {
  siteId: string;
  days: { date: string; machinesInUse: number; operatingHours: number | null }[];
}

/**
 * The ACTIVE sites with machinery in use (machinesInUse > 0) on an alert day, each with those days (by date) and the
 * machines and hours of each; by site id. Earthwork must stop during an alert: the list should be empty.
 */
export function sitesWithMachinery(
  rows: readonly MachineryRow[],
  alertDays: readonly string[],
  activeSiteIds: ReadonlySet<string>,
): SiteMachineryDays[] {
  const days = new Set(alertDays);
  const bySite = new Map<string, Map<string, { machinesInUse: number; operatingHours: number | null }>>();
  for (const row of rows) {
    if (!days.has(row.date) || !activeSiteIds.has(row.siteId)) continue;
    const site = bySite.get(row.siteId) ?? new Map();
    bySite.set(row.siteId, site);
    const day = site.get(row.date) ?? { machinesInUse: 0, operatingHours: null };
    day.machinesInUse += row.machinesInUse;
    if (row.operatingHours !== null) day.operatingHours = (day.operatingHours ?? 0) + row.operatingHours;
    site.set(row.date, day);
  }
  return [...bySite]
    .map(([siteId, byDate]) => ({
      siteId,
      days: [...byDate]
        .filter(([, d]) => d.machinesInUse > 0)
        .map(([date, d]) => ({ date, ...d }))
        .sort((a, b) => (a.date < b.date ? -1 : 1)),
    }))
    .filter((s) => s.days.length > 0)
    .sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
}

/** A region's muck-truck activity on one day, as published. */
export interface MuckTruckRow {
  date: string;
  vehiclesActive: number;
  trips: number | null;
}

/** For each alert day, the sum over the scope of MUCK_TRUCK vehicles active and trips; null when no row. */
export function muckTruckDays(alertDays: readonly string[], rows: readonly MuckTruckRow[]): { date: string; vehiclesActive: number | null; trips: number | null }[] {
  return alertDays.map((date) => {
    const day = rows.filter((r) => r.date === date);
    const trips = day.filter((r) => r.trips !== null);
    return {
      date,
      vehiclesActive: day.length ? day.reduce((sum, r) => sum + r.vehiclesActive, 0) : null,
      trips: trips.length ? trips.reduce((sum, r) => sum + r.trips!, 0) : null,
    };
  });
}
