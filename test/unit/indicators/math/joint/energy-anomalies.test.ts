import {
  anomalyWindows,
  energyAnomalies,
  percentChange,
  windowMean,
  type EnterpriseUse,
  type WindowUse,
} from '../../../../../src/indicators/math/joint/energy-anomalies';

const use = (reportedDays: number, kwh: number): WindowUse => ({ reportedDays, kwh });
const none = use(0, 0);

describe('§5.1 windows', () => {
  it('current, the same dates a year earlier, and the n days before', () => {
    // n = 7; preceding = [03-01 − 7, 03-01 − 1] = [02-22, 02-28] (February 2025 has 28 days)
    expect(anomalyWindows('2025-03-01', '2025-03-07')).toEqual({
      current: { from: '2025-03-01', to: '2025-03-07' },
      yearAgo: { from: '2024-03-01', to: '2024-03-07' },
      preceding: { from: '2025-02-22', to: '2025-02-28' },
    });
  });

  it('moves each end a year back on its own: 29 February becomes 28 February', () => {
    expect(anomalyWindows('2024-02-29', '2024-03-06')).toEqual({
      current: { from: '2024-02-29', to: '2024-03-06' },
      yearAgo: { from: '2023-02-28', to: '2023-03-06' },
      preceding: { from: '2024-02-22', to: '2024-02-28' },
    });
    // n = 29; preceding = [02-01 − 29, 01-31] = [01-03, 01-31]; the year-ago window has only 28 days
    expect(anomalyWindows('2024-02-01', '2024-02-29')).toEqual({
      current: { from: '2024-02-01', to: '2024-02-29' },
      yearAgo: { from: '2023-02-01', to: '2023-02-28' },
      preceding: { from: '2024-01-03', to: '2024-01-31' },
    });
  });
});

describe('§5.1 window mean (valid with reported × 5 ≥ days × 4)', () => {
  const fiveDays = { from: '2025-03-03', to: '2025-03-07' };
  const sevenDays = { from: '2025-03-01', to: '2025-03-07' };

  it('5 of 5 and 4 of 5 are valid (4 × 5 = 20 ≥ 5 × 4 = 20); 3 of 5 is not (15 < 20)', () => {
    expect(windowMean(use(5, 500), fiveDays)).toBe(100);
    expect(windowMean(use(4, 500), fiveDays)).toBe(125); // mean of the reported days only
    expect(windowMean(use(3, 300), fiveDays)).toBeNull();
  });

  it('7 days need 6 (80 % of 7 = 5.6): 6 × 5 = 30 ≥ 28, 5 × 5 = 25 < 28', () => {
    expect(windowMean(use(6, 600), sevenDays)).toBe(100);
    expect(windowMean(use(5, 500), sevenDays)).toBeNull();
  });

  it('a year-ago February of 28 days needs 23 (22.4 rounded up), counted on its own days', () => {
    const february2023 = { from: '2023-02-01', to: '2023-02-28' };
    expect(windowMean(use(23, 2300), february2023)).toBe(100); // 115 ≥ 112
    expect(windowMean(use(22, 2200), february2023)).toBeNull(); // 110 < 112
  });

  it('no reported day: null', () => {
    expect(windowMean(none, fiveDays)).toBeNull();
  });
});

describe('§5.1 change', () => {
  it('(current − reference) / reference × 100', () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(75, 100)).toBe(-25);
    expect(percentChange(0, 100)).toBe(-100);
    expect(percentChange(100, 104)).toBeCloseTo(-3.846153846153846, 12); // −4/104
  });

  it('null when the reference is 0 or either mean is missing', () => {
    expect(percentChange(100, 0)).toBeNull();
    expect(percentChange(null, 100)).toBeNull();
    expect(percentChange(100, null)).toBeNull();
  });
});

describe('§5.1 energy anomalies', () => {
  // Five-day windows: current 03-03…03-07, year ago 2024-03-03…03-07, preceding 02-26…03-02.
  const windows = anomalyWindows('2025-03-03', '2025-03-07');
  const enterprise = (creditCode: string, current: WindowUse, yearAgo: WindowUse, preceding: WindowUse): EnterpriseUse => ({
    creditCode,
    current,
    yearAgo,
    preceding,
  });
  const enterprises = [
    // 100 vs 0: reference 0 → null; preceding none → null; no change at all.
    enterprise('H', use(5, 500), use(5, 0), none),
    // 75 (4 of 5) vs 100 → −25 (|−25| = threshold: flagged); vs 75 → 0. Largest 25.
    enterprise('C', use(4, 300), use(5, 500), use(5, 375)),
    // Reported only in the preceding window (2 of 5, not valid): listed, no change.
    enterprise('G', none, none, use(2, 200)),
    // No reported day in any window: left out.
    enterprise('I', none, none, none),
    // 124 vs 100 → 24, vs 124 → 0: just below the threshold.
    enterprise('D', use(5, 620), use(5, 500), use(5, 620)),
    // 125 vs 100 → 25 (= threshold: flagged); vs 125 (4 of 5) → 0. Largest 25, ties with C: A first.
    enterprise('A', use(5, 625), use(5, 500), use(4, 500)),
    // Current 3 of 5: null, so no change.
    enterprise('F', use(3, 300), use(5, 500), use(5, 500)),
    // 140 vs 150 → −6.67; vs 100 → 40. Largest 40.
    enterprise('Z', use(5, 700), use(5, 750), use(5, 500)),
    // 100 vs 200 → −50; preceding 3 of 5 → null. Largest 50.
    enterprise('B', use(5, 500), use(5, 1000), use(3, 300)),
  ];

  it('orders by the largest |change| descending, then credit code; no change last; one row per enterprise with data', () => {
    const rows = energyAnomalies({ windows, enterprises, thresholdPercent: 25, onlyFlagged: false });
    expect(rows.map((r) => [r.creditCode, r.flagged])).toEqual([
      ['B', true],
      ['Z', true],
      ['A', true],
      ['C', true],
      ['D', false],
      ['F', false],
      ['G', false],
      ['H', false],
    ]);
  });

  it('carries the three means, the three reported-day counts and both changes', () => {
    const rows = energyAnomalies({ windows, enterprises, thresholdPercent: 25, onlyFlagged: false });
    const byCode = new Map(rows.map((r) => [r.creditCode, r]));
    expect(byCode.get('B')).toEqual({
      creditCode: 'B',
      currentMean: 100,
      yearAgoMean: 200,
      precedingMean: null,
      currentDays: 5,
      yearAgoDays: 5,
      precedingDays: 3,
      changeVsYearAgo: -50,
      changeVsPreceding: null,
      flagged: true,
    });
    expect(byCode.get('A')).toMatchObject({ currentMean: 125, yearAgoMean: 100, precedingMean: 125, precedingDays: 4, changeVsYearAgo: 25, changeVsPreceding: 0 });
    expect(byCode.get('H')).toMatchObject({ currentMean: 100, yearAgoMean: 0, precedingMean: null, changeVsYearAgo: null, changeVsPreceding: null });
    expect(byCode.get('G')).toMatchObject({ currentMean: null, currentDays: 0, precedingDays: 2, precedingMean: null });
    const z = byCode.get('Z')!;
    expect(z.changeVsYearAgo).toBeCloseTo(-6.666666666666667, 12); // (140 − 150)/150 × 100
    expect(z.changeVsPreceding).toBeCloseTo(40, 12);
  });

  it('onlyFlagged keeps the flagged rows, in the same order', () => {
    const rows = energyAnomalies({ windows, enterprises, thresholdPercent: 25, onlyFlagged: true });
    expect(rows.map((r) => r.creditCode)).toEqual(['B', 'Z', 'A', 'C']);
  });

  it('a higher threshold flags fewer: at 45 only B (|−50|)', () => {
    const rows = energyAnomalies({ windows, enterprises, thresholdPercent: 45, onlyFlagged: true });
    expect(rows.map((r) => r.creditCode)).toEqual(['B']);
  });

  it('a change of exactly 30 % in decimal kWh is flagged at the default threshold, up or down', () => {
    // Means 6518.2/5 = 1303.64 and 5014/5 = 1002.8: 1002.8 × 1.3 = 1303.64 → +30 %; 3509.8/5 = 701.96 = 1002.8 × 0.7 → −30 %.
    const rows = energyAnomalies({
      windows,
      enterprises: [
        enterprise('UP', use(5, 6518.2), use(5, 5014), none),
        enterprise('DOWN', use(5, 3509.8), use(5, 5014), none),
        enterprise('BELOW', use(5, 6517.7), use(5, 5014), none), // 1303.54: +29.99 %
      ],
      thresholdPercent: 30,
      onlyFlagged: false,
    });
    const flagged = new Map(rows.map((r) => [r.creditCode, r.flagged]));
    expect(flagged).toEqual(new Map([['UP', true], ['DOWN', true], ['BELOW', false]]));
    expect(rows.find((r) => r.creditCode === 'UP')!.changeVsYearAgo).toBeCloseTo(30, 9);
  });
});
