import {
  constructionDustDays,
  DEFAULT_PM10_THRESHOLD,
  siteActiveOn,
  siteHourOf,
  type Site,
  type SiteHour,
} from '../../../../../src/indicators/math/joint/construction-dust';

/** The instant `hh`:`mm` CST on `date` (hh = 24 is 00:00 the next day). */
const cst = (date: string, hh: number, mm = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + hh * 3_600_000 + mm * 60_000);

const site = (id: string, status: string, startDate: string | null, endDate: string | null, dustMonitor = true): Site => ({
  id,
  status,
  startDate,
  endDate,
  dustMonitor,
});

describe('§5.6 active site', () => {
  const dated = site('s', 'ACTIVE', '2025-03-10', '2025-03-20');

  it('ACTIVE, started by D and not ended before D: both ends included', () => {
    expect(siteActiveOn(dated, '2025-03-09')).toBe(false);
    expect(siteActiveOn(dated, '2025-03-10')).toBe(true);
    expect(siteActiveOn(dated, '2025-03-20')).toBe(true);
    expect(siteActiveOn(dated, '2025-03-21')).toBe(false);
  });

  it('a missing start or end does not limit it', () => {
    expect(siteActiveOn(site('s', 'ACTIVE', null, null), '1999-01-01')).toBe(true);
    expect(siteActiveOn(site('s', 'ACTIVE', null, '2025-03-20'), '2025-03-20')).toBe(true);
    expect(siteActiveOn(site('s', 'ACTIVE', '2025-03-10', null), '2030-01-01')).toBe(true);
  });

  it('another status is never active', () => {
    expect(siteActiveOn(site('s', 'SUSPENDED', '2025-03-10', '2025-03-20'), '2025-03-15')).toBe(false);
    expect(siteActiveOn(site('s', 'COMPLETED', null, null), '2025-03-15')).toBe(false);
  });
});

describe('§5.6 site-hour (H − 1 h, H]', () => {
  it.each([
    [cst('2025-03-10', 8), cst('2025-03-10', 8)], // exactly H belongs to H
    [new Date(cst('2025-03-10', 8).getTime() + 1), cst('2025-03-10', 9)],
    [cst('2025-03-10', 8, 1), cst('2025-03-10', 9)], // H + 1 min belongs to H + 1 h
    [cst('2025-03-10', 8, 59), cst('2025-03-10', 9)],
    [cst('2025-03-10', 23, 30), cst('2025-03-11', 0)],
  ])('%s → %s', (observedAt, hour) => {
    expect(siteHourOf(observedAt)).toEqual(hour);
  });
});

describe('§5.6 construction dust days', () => {
  const sites = [
    site('site-a', 'ACTIVE', '2025-03-01', null),
    site('site-b', 'ACTIVE', '2025-03-11', null, false), // active from 03-11, no monitor
    site('site-c', 'SUSPENDED', null, null), // not active, but it reports
    site('site-d', 'ACTIVE', null, '2025-03-10'), // active on 03-10 only
  ];
  const h = (siteId: string, hour: Date, pm10Mean: number): SiteHour => ({ siteId, hour, pm10Mean });
  const siteHours = [
    h('site-b', cst('2025-03-10', 0), 500), // H = 03-10 00:00 is the last hour of 03-09
    // 03-10
    h('site-a', cst('2025-03-10', 1), 150), // exactly the threshold: not exceeding
    h('site-a', cst('2025-03-10', 2), 150.1),
    h('site-a', cst('2025-03-10', 3), 200),
    h('site-c', cst('2025-03-10', 5), 180),
    h('site-c', cst('2025-03-10', 6), 160),
    h('site-d', cst('2025-03-10', 24), 300), // H = 03-11 00:00: last hour of 03-10
    // 03-11: site-b and site-a tie on one exceeding hour and a highest mean of 170
    h('site-b', cst('2025-03-11', 1), 140),
    h('site-b', cst('2025-03-11', 2), 170),
    h('site-a', cst('2025-03-11', 1), 170),
    h('site-c', cst('2025-03-11', 4), 150),
    // 03-12: one report, nothing exceeds
    h('site-c', cst('2025-03-12', 9), 100),
  ];

  it('per day: active sites, with monitor, reporting, exceeding sites and hours, worst site', () => {
    const days = constructionDustDays({ from: '2025-03-10', to: '2025-03-13', pm10Threshold: DEFAULT_PM10_THRESHOLD, sites, siteHours });
    expect(days).toEqual([
      // Active a, d. Reporting a, c, d (c suspended still counts). Exceeding a 2 h, c 2 h, d 1 h = 5.
      // Worst: a and c tie on 2 h; a's highest mean 200 > c's 180 (d's 300 has only 1 h).
      { date: '2025-03-10', activeSites: 2, activeSitesWithMonitor: 2, sitesReporting: 3, exceedingSites: 3, exceedingHours: 5, worstSiteId: 'site-a' },
      // Active a, b (b without monitor). Reporting b, a, c; exceeding b 1 h, a 1 h. Worst: tie on 1 h and 170, then id: a.
      { date: '2025-03-11', activeSites: 2, activeSitesWithMonitor: 1, sitesReporting: 3, exceedingSites: 2, exceedingHours: 2, worstSiteId: 'site-a' },
      { date: '2025-03-12', activeSites: 2, activeSitesWithMonitor: 1, sitesReporting: 1, exceedingSites: 0, exceedingHours: 0, worstSiteId: 'site-c' },
      { date: '2025-03-13', activeSites: 2, activeSitesWithMonitor: 1, sitesReporting: 0, exceedingSites: 0, exceedingHours: 0, worstSiteId: null },
    ]);
  });

  it('a site-hour mean equal to the threshold in decimal does not exceed', () => {
    // readings 150.3, 149.9, 149.8 in one site-hour: 450/3 = 150
    const mean = (150.3 + 149.9 + 149.8) / 3;
    const [day] = constructionDustDays({ from: '2025-03-10', to: '2025-03-10', pm10Threshold: 150, sites, siteHours: [h('site-a', cst('2025-03-10', 1), mean)] });
    expect(day).toMatchObject({ sitesReporting: 1, exceedingSites: 0, exceedingHours: 0, worstSiteId: 'site-a' });
  });

  it('the threshold is a parameter: at 160, 160 itself does not exceed', () => {
    const [day] = constructionDustDays({ from: '2025-03-10', to: '2025-03-10', pm10Threshold: 160, sites, siteHours });
    // a: 200 (1 h); c: 180 (1 h; 160 is not above); d: 300 (1 h). Tie on 1 h: d's 300 is highest.
    expect(day).toMatchObject({ exceedingSites: 3, exceedingHours: 3, worstSiteId: 'site-d' });
  });
});
