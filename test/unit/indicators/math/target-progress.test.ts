import { periodRange, pm25Decrease, shiftPeriod, targetProgress } from '../../../../src/indicators/math/target-progress';

describe('target progress', () => {
  // Zigong Blue Sky plan (seed 001): PM2.5 down 27.9% on 2015; good-day ratio 72.1%.
  test('a Zigong-style year: PM2.5 met, ratio missed, decrease against the base year met', () => {
    const lines = targetProgress(
      { pm25Target: 55, goodDayRatioTarget: 72.1, heavyDaysTarget: 10, pm25DecreaseTarget: 27.9 },
      { pm25: 50, goodDayRatio: 70, heavyDays: 12 },
      70, // base year 2015: 70 µg/m³ → (70 − 50)/70 = 28.571…%
    );
    expect(lines).toEqual([
      { indicator: 'PM25', target: 55, actual: 50, met: true, margin: 5 },
      { indicator: 'GOOD_DAY_RATIO', target: 72.1, actual: 70, met: false, margin: 70 - 72.1 },
      { indicator: 'HEAVY_DAYS', target: 10, actual: 12, met: false, margin: -2 },
      { indicator: 'PM25_DECREASE', target: 27.9, actual: (20 / 70) * 100, met: true, margin: (20 / 70) * 100 - 27.9 },
    ]);
  });

  test('exactly on target is met; no data is neither met nor missed; unset targets are not listed', () => {
    expect(targetProgress({ pm25Target: 35, goodDayRatioTarget: null, heavyDaysTarget: null, pm25DecreaseTarget: 5 },
      { pm25: 35, goodDayRatio: null, heavyDays: 0 }, null)).toEqual([
      { indicator: 'PM25', target: 35, actual: 35, met: true, margin: 0 },
      { indicator: 'PM25_DECREASE', target: 5, actual: null, met: null, margin: null },
    ]);
  });

  test('decrease: 40 → 36 is 10%; a rise is negative; no baseline, none', () => {
    expect(pm25Decrease(40, 36)).toBeCloseTo(10, 12);
    expect(pm25Decrease(40, 44)).toBeCloseTo(-10, 12);
    expect(pm25Decrease(null, 44)).toBeNull();
    expect(pm25Decrease(0, 44)).toBeNull();
  });
});

describe('target periods', () => {
  test.each([
    ['MONTH', '2024-02', '2024-02-01', '2024-02-29'],
    ['MONTH', '2025-02', '2025-02-01', '2025-02-28'],
    ['YEAR', '2020', '2020-01-01', '2020-12-31'],
    ['CAMPAIGN', '2019-2020', '2019-10-01', '2020-03-31'],
  ] as const)('%s %s runs %s … %s', (kind, period, from, to) => {
    expect(periodRange(kind, period)).toEqual({ from, to });
  });

  test('a year earlier, and a base year for a campaign', () => {
    expect(shiftPeriod('MONTH', '2026-03', 1)).toBe('2025-03');
    expect(shiftPeriod('YEAR', '2020', 5)).toBe('2015');
    expect(shiftPeriod('CAMPAIGN', '2019-2020', 1)).toBe('2018-2019');
  });
});
