import { HOUR_MS, datesFromTo, dateOfHourStart } from '../time';
import { above } from './compare';

/** Indicators §5.6: construction sites and what their dust monitors read. */

export const DEFAULT_PM10_THRESHOLD = 150;

export interface Site {
  id: string;
  status: string;
  startDate: string | null;
  endDate: string | null;
  dustMonitor: boolean;
}

/** A site is active on D when its status is ACTIVE, it has started by D (if known) and not ended before D. */
export function siteActiveOn(site: Site, date: string): boolean {
  return site.status === 'ACTIVE' && (site.startDate === null || site.startDate <= date) && (site.endDate === null || site.endDate >= date);
}

/** A site-hour: the mean PM10 of a site's readings stamped in (H − 1 h, H]. */
export interface SiteHour {
  siteId: string;
  /** H, on the hour. */
  hour: Date;
  pm10Mean: number;
}

/** The hour H whose (H − 1 h, H] holds a reading stamped `observedAt`. */
export const siteHourOf = (observedAt: Date): Date => new Date(Math.ceil(observedAt.getTime() / HOUR_MS) * HOUR_MS);

export interface ConstructionDustDayResult {
  date: string;
  activeSites: number;
  activeSitesWithMonitor: number;
  sitesReporting: number;
  exceedingSites: number;
  exceedingHours: number;
  worstSiteId: string | null;
}

interface SiteDay {
  hours: number;
  exceeding: number;
  highest: number;
}

/**
 * Per day D of [from, to]: the sites active on D (and those with a dust monitor); over every site in scope, active or
 * not, those reporting on D (a site-hour of D: H in (D 00:00, D+1 00:00]), those with an hour above the threshold,
 * the exceeding site-hours, and the worst site (most exceeding hours, then highest hourly mean, then id) among
 * those reporting.
 */
export function constructionDustDays(input: {
  from: string;
  to: string;
  pm10Threshold: number;
  sites: readonly Site[];
  siteHours: readonly SiteHour[];
}): ConstructionDustDayResult[] {
  const byDay = new Map<string, Map<string, SiteDay>>();
  for (const h of input.siteHours) {
    const date = dateOfHourStart(h.hour);
    const sites = byDay.get(date) ?? new Map<string, SiteDay>();
    byDay.set(date, sites);
    const day = sites.get(h.siteId) ?? { hours: 0, exceeding: 0, highest: -Infinity };
    day.hours++;
    if (above(h.pm10Mean, input.pm10Threshold)) day.exceeding++;
    day.highest = Math.max(day.highest, h.pm10Mean);
    sites.set(h.siteId, day);
  }
  return datesFromTo(input.from, input.to).map((date) => {
    const active = input.sites.filter((s) => siteActiveOn(s, date));
    const reporting = [...(byDay.get(date) ?? new Map<string, SiteDay>())];
    const worst = reporting.reduce<[string, SiteDay] | null>((best, candidate) => (best === null || worse(candidate, best) ? candidate : best), null);
    return {
      date,
      activeSites: active.length,
      activeSitesWithMonitor: active.filter((s) => s.dustMonitor).length,
      sitesReporting: reporting.length,
      exceedingSites: reporting.filter(([, d]) => d.exceeding > 0).length,
      exceedingHours: reporting.reduce((sum, [, d]) => sum + d.exceeding, 0),
      worstSiteId: worst ? worst[0] : null,
    };
  });
}

function worse([id, a]: [string, SiteDay], [bestId, b]: [string, SiteDay]): boolean {
  if (a.exceeding !== b.exceeding) return a.exceeding > b.exceeding;
  if (a.highest !== b.highest) return a.highest > b.highest;
  return id < bestId;
}
