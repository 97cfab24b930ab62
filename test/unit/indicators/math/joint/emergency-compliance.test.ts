import {
  alertDayCount,
  alertDays,
  alertDaysWithin,
  baselineDays,
  baselineLookBack,
  complianceTotals,
  enterpriseCompliance,
  isExemptGrade,
  muckTruckDays,
  REQUIRED_CUT_PERCENT,
  sitesWithMachinery,
} from '../../../../../src/indicators/math/joint/emergency-compliance';
import { datesFromTo } from '../../../../../src/indicators/math/time';

describe('§5.2 required cut and exemption', () => {
  it('YELLOW 10 %, ORANGE 20 %, RED 30 %', () => {
    expect(REQUIRED_CUT_PERCENT).toEqual({ YELLOW: 10, ORANGE: 20, RED: 30 });
  });

  it('grade A is exempt; B, C and UNGRADED are not', () => {
    expect(isExemptGrade('A')).toBe(true);
    expect(isExemptGrade('B')).toBe(false);
    expect(isExemptGrade('C')).toBe(false);
    expect(isExemptGrade('UNGRADED')).toBe(false);
  });
});

describe('§5.2 alert days (CST dates of startsAt … endsAt, both included)', () => {
  const asOf = new Date('2025-01-20T04:00:00Z');

  it('an instant at 23:30 UTC is 07:30 the next CST day', () => {
    // starts 2025-01-10 10:00 CST; ends 2025-01-12T23:30Z = 2025-01-13 07:30 CST
    const days = alertDays({ startsAt: new Date('2025-01-10T02:00:00Z'), endsAt: new Date('2025-01-12T23:30:00Z') }, asOf);
    expect(days).toEqual(['2025-01-10', '2025-01-11', '2025-01-12', '2025-01-13']);
  });

  it('starts on the CST date of startsAt: 16:00 UTC is already the next day, 15:59:59.999 is not', () => {
    const endsAt = new Date('2025-01-11T04:00:00Z'); // 2025-01-11 12:00 CST
    expect(alertDays({ startsAt: new Date('2025-01-09T16:00:00Z'), endsAt }, asOf)).toEqual(['2025-01-10', '2025-01-11']);
    expect(alertDays({ startsAt: new Date('2025-01-09T15:59:59.999Z'), endsAt }, asOf)).toEqual(['2025-01-09', '2025-01-10', '2025-01-11']);
  });

  it('an alert starting and ending on the same CST day has one day', () => {
    const days = alertDays({ startsAt: new Date('2025-01-10T01:00:00Z'), endsAt: new Date('2025-01-10T10:00:00Z') }, asOf);
    expect(days).toEqual(['2025-01-10']);
  });

  it("an open alert runs to asOf's CST date", () => {
    // asOf 2025-01-11T17:00Z = 2025-01-12 01:00 CST
    const days = alertDays({ startsAt: new Date('2025-01-10T02:00:00Z'), endsAt: null }, new Date('2025-01-11T17:00:00Z'));
    expect(days).toEqual(['2025-01-10', '2025-01-11', '2025-01-12']);
  });
});

describe('§5.2 alert days counted and listed within a window (an alert left open for years)', () => {
  const openSince2020 = { startsAt: new Date('2019-12-31T16:00:00Z'), endsAt: null }; // 2020-01-01 00:00 CST
  const farAsOf = new Date('9999-12-30T04:00:00Z');

  it('counts the days up to asOf without listing them', () => {
    // 2000-01-01 → 10000-01-01 is 20 Gregorian cycles of 146,097 days; 2000 → 2020 is 7,305 days (5 leap years);
    // 2020-01-01 … 9999-12-30 leaves out 31 December 9999.
    expect(alertDayCount(openSince2020, farAsOf)).toBe(20 * 146_097 - 7_305 - 1);
    expect(alertDayCount({ startsAt: new Date('2025-01-10T02:00:00Z'), endsAt: new Date('2025-01-12T23:30:00Z') }, farAsOf)).toBe(4);
  });

  it('the baseline walks back over the 30 days before the first alert day', () => {
    expect(baselineLookBack('2025-03-01')).toEqual({ from: '2025-01-30', to: '2025-02-28' });
  });

  it('lists only the days within the window: all of it under the open alert, the overlap of a closed one, nothing of one outside', () => {
    const window = { from: '2025-01-02', to: '2025-01-31' };
    expect(alertDaysWithin([openSince2020], farAsOf, window)).toEqual(new Set(datesFromTo('2025-01-02', '2025-01-31')));
    const closed = [
      { startsAt: new Date('2024-12-30T02:00:00Z'), endsAt: new Date('2025-01-03T02:00:00Z') }, // 30 Dec … 3 Jan
      { startsAt: new Date('2025-01-20T02:00:00Z'), endsAt: new Date('2025-01-21T02:00:00Z') },
      { startsAt: new Date('2024-11-01T02:00:00Z'), endsAt: new Date('2024-11-05T02:00:00Z') },
    ];
    expect([...alertDaysWithin(closed, farAsOf, window)].sort()).toEqual(['2025-01-02', '2025-01-03', '2025-01-20', '2025-01-21']);
  });
});

describe('§5.2 baseline days', () => {
  it('the 7 days before the first alert day when none of them is an alert day; ascending', () => {
    expect(baselineDays('2025-01-10', new Set())).toEqual(datesFromTo('2025-01-03', '2025-01-09'));
  });

  it('skips the days of an earlier alert of the region and keeps walking back', () => {
    // back: 09, 08, (07, 06 alert), 05, 04, 03, 02, 01 → 7 days
    const earlier = new Set(['2025-01-06', '2025-01-07']);
    expect(baselineDays('2025-01-10', earlier)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05', '2025-01-08', '2025-01-09']);
  });

  it('crosses a leap day', () => {
    expect(baselineDays('2024-03-02', new Set())).toEqual(['2024-02-24', '2024-02-25', '2024-02-26', '2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('stops 30 days back even with fewer than 7', () => {
    // Alerts 2024-12-12 … 2025-01-05 (25 days). From 01-10: back 1–4 = 01-09 … 01-06, back 5–29 = alert,
    // back 30 = 2024-12-11 (01-10 − 10 = 12-31, − 20 = 12-11). Back 31 (12-10) is never looked at.
    const alerts = new Set(datesFromTo('2024-12-12', '2025-01-05'));
    expect(baselineDays('2025-01-10', alerts)).toEqual(['2024-12-11', '2025-01-06', '2025-01-07', '2025-01-08', '2025-01-09']);
    alerts.add('2024-12-11');
    expect(baselineDays('2025-01-10', alerts)).toEqual(['2025-01-06', '2025-01-07', '2025-01-08', '2025-01-09']);
  });
});

describe('§5.2 one enterprise', () => {
  const baseline = datesFromTo('2025-01-03', '2025-01-09'); // 7 days
  const alert = datesFromTo('2025-01-10', '2025-01-13'); // 4 days
  const kwh = (entries: [string[], number][]) => new Map(entries.flatMap(([days, value]) => days.map((d): [string, number] => [d, value])));
  const run = (kwhByDate: Map<string, number>, requiredCutPercent = 30, alertDays = alert) =>
    enterpriseCompliance({ baselineDays: baseline, alertDays, kwhByDate, requiredCutPercent });

  it('a cut exactly equal to the required one is COMPLIANT', () => {
    // baseline 1000, during 700: (1000 − 700)/1000 × 100 = 30
    expect(run(kwh([[baseline, 1000], [alert, 700]]))).toEqual({
      baselineMean: 1000,
      baselineDays: 7,
      duringMean: 700,
      duringDays: 4,
      achievedCutPercent: 30,
      status: 'COMPLIANT',
    });
  });

  it('a cut exactly equal to the required one is COMPLIANT with decimal kWh', () => {
    // 7 × 1001 kWh, then 4 × 700.7 kWh: 1001 × 0.7 = 700.7, a cut of exactly 30 %
    const result = run(kwh([[baseline, 1001], [alert, 700.7]]));
    expect(result.achievedCutPercent).toBeCloseTo(30, 9);
    expect(result.status).toBe('COMPLIANT');
  });

  it('below the required cut is NON_COMPLIANT, and so is a rise', () => {
    // during 701: 299/1000 = 29.9 %
    const below = run(kwh([[baseline, 1000], [alert, 701]]));
    expect(below.achievedCutPercent).toBeCloseTo(29.9, 12);
    expect(below.status).toBe('NON_COMPLIANT');
    // during 1100: −10 %
    const rise = run(kwh([[baseline, 1000], [alert, 1100]]), 10);
    expect(rise.achievedCutPercent).toBeCloseTo(-10, 12);
    expect(rise.status).toBe('NON_COMPLIANT');
  });

  it('the same cut meets YELLOW (10) and ORANGE (20) but not RED (30)', () => {
    // baseline 800, during 600: 200/800 = 25 %
    const data = kwh([[baseline, 800], [alert, 600]]);
    expect(run(data, REQUIRED_CUT_PERCENT.YELLOW).status).toBe('COMPLIANT');
    expect(run(data, REQUIRED_CUT_PERCENT.ORANGE).status).toBe('COMPLIANT');
    expect(run(data, REQUIRED_CUT_PERCENT.RED).status).toBe('NON_COMPLIANT');
  });

  it('baseline valid with 5 reported days (mean of those), null with 4 → UNKNOWN', () => {
    // 5 reported: 900, 1000, 1100, 1000, 1000 → 5000/5 = 1000
    const five = new Map([
      ['2025-01-05', 900],
      ['2025-01-06', 1000],
      ['2025-01-07', 1100],
      ['2025-01-08', 1000],
      ['2025-01-09', 1000],
      ...alert.map((d): [string, number] => [d, 700]),
    ]);
    expect(run(five)).toMatchObject({ baselineMean: 1000, baselineDays: 5, achievedCutPercent: 30, status: 'COMPLIANT' });
    five.delete('2025-01-05');
    expect(run(five)).toEqual({ baselineMean: null, baselineDays: 4, duringMean: 700, duringDays: 4, achievedCutPercent: null, status: 'UNKNOWN' });
  });

  it('during valid when reported × 2 ≥ alert days', () => {
    const base = kwh([[baseline, 1000]]);
    // 4 alert days: 2 reported (4 ≥ 4) valid, mean of those two (600 + 800)/2 = 700
    const two = new Map([...base, ['2025-01-10', 600], ['2025-01-12', 800]]);
    expect(run(two)).toMatchObject({ duringMean: 700, duringDays: 2, achievedCutPercent: 30, status: 'COMPLIANT' });
    // 1 reported (2 < 4): null
    const one = new Map([...base, ['2025-01-10', 600]]);
    expect(run(one)).toMatchObject({ duringMean: null, duringDays: 1, achievedCutPercent: null, status: 'UNKNOWN' });
    // 5 alert days: 3 reported (6 ≥ 5) valid; 2 (4 < 5) not
    const fiveDays = datesFromTo('2025-01-10', '2025-01-14');
    const three = new Map([...base, ['2025-01-10', 700], ['2025-01-11', 700], ['2025-01-14', 700]]);
    expect(run(three, 30, fiveDays)).toMatchObject({ duringMean: 700, duringDays: 3, status: 'COMPLIANT' });
    three.delete('2025-01-14');
    expect(run(three, 30, fiveDays)).toMatchObject({ duringMean: null, duringDays: 2, status: 'UNKNOWN' });
  });

  it('baseline 0 → UNKNOWN', () => {
    expect(run(kwh([[baseline, 0], [alert, 0]]))).toEqual({
      baselineMean: 0,
      baselineDays: 7,
      duringMean: 0,
      duringDays: 4,
      achievedCutPercent: null,
      status: 'UNKNOWN',
    });
  });

  it('days outside the baseline and the alert are ignored', () => {
    const data = kwh([[baseline, 1000], [alert, 800], [['2025-01-02', '2025-01-14'], 5]]);
    expect(run(data)).toMatchObject({ baselineMean: 1000, baselineDays: 7, duringMean: 800, duringDays: 4, achievedCutPercent: 20 });
  });

  it('totals per status', () => {
    expect(complianceTotals(['COMPLIANT', 'UNKNOWN', 'COMPLIANT', 'NON_COMPLIANT'])).toEqual({ compliant: 2, nonCompliant: 1, unknown: 1 });
    expect(complianceTotals([])).toEqual({ compliant: 0, nonCompliant: 0, unknown: 0 });
  });
});

describe('§5.2 construction during the alert', () => {
  const alert = ['2025-01-10', '2025-01-11', '2025-01-12'];
  const active = new Set(['site-a', 'site-b', 'site-c']);

  it('ACTIVE sites with machines in use on alert days, machines and hours summed over emission stages', () => {
    const rows = [
      { siteId: 'site-c', date: '2025-01-12', machinesInUse: 2, operatingHours: null }, // CHINA_II
      { siteId: 'site-c', date: '2025-01-12', machinesInUse: 0, operatingHours: null }, // CHINA_III
      { siteId: 'site-a', date: '2025-01-12', machinesInUse: 1, operatingHours: 8 },
      { siteId: 'site-a', date: '2025-01-10', machinesInUse: 2, operatingHours: 16 }, // CHINA_III
      { siteId: 'site-a', date: '2025-01-10', machinesInUse: 1, operatingHours: null }, // CHINA_IV
      { siteId: 'site-a', date: '2025-01-11', machinesInUse: 0, operatingHours: 0 }, // no machine: not listed
      { siteId: 'site-a', date: '2025-01-09', machinesInUse: 5, operatingHours: 40 }, // before the alert
      { siteId: 'site-b', date: '2025-01-11', machinesInUse: 0, operatingHours: 0 }, // never in use: not listed
      { siteId: 'site-b', date: '2025-01-11', machinesInUse: 0, operatingHours: null },
      { siteId: 'site-d', date: '2025-01-10', machinesInUse: 4, operatingHours: 30 }, // not an ACTIVE site
    ];
    expect(sitesWithMachinery(rows, alert, active)).toEqual([
      {
        siteId: 'site-a',
        days: [
          { date: '2025-01-10', machinesInUse: 3, operatingHours: 16 },
          { date: '2025-01-12', machinesInUse: 1, operatingHours: 8 },
        ],
      },
      { siteId: 'site-c', days: [{ date: '2025-01-12', machinesInUse: 2, operatingHours: null }] },
    ]);
  });

  it('no machinery: empty, as the alert requires', () => {
    expect(sitesWithMachinery([], alert, active)).toEqual([]);
  });

  it('muck trucks: per alert day, vehicles and trips summed over rows; null without a row, trips null without trips', () => {
    const rows = [
      { date: '2025-01-10', vehiclesActive: 12, trips: 30 },
      { date: '2025-01-10', vehiclesActive: 3, trips: null },
      { date: '2025-01-11', vehiclesActive: 0, trips: null },
      { date: '2025-01-09', vehiclesActive: 50, trips: 200 }, // before the alert
    ];
    expect(muckTruckDays(alert, rows)).toEqual([
      { date: '2025-01-10', vehiclesActive: 15, trips: 30 },
      { date: '2025-01-11', vehiclesActive: 0, trips: null },
      { date: '2025-01-12', vehiclesActive: null, trips: null },
    ]);
  });
});
