import { compositeIndex, roundCompositeIndex } from '../../../../src/indicators/math/composite-index';
import { HJ_633_2012, HJ_633_2026, type EditionId } from '../../../../src/indicators/math/editions';
import { percentile, periodComplete, periodIndicators, type PeriodDay } from '../../../../src/indicators/math/period';

describe('HJ 663 percentile', () => {
  const sample = [3, 4, 8, 2, 5, 4]; // sorted 2, 3, 4, 4, 5, 8

  it.each([
    [90, 6.5], // k = 1 + 5·0.9 = 5.5, s = 5: 5 + (8 − 5)·0.5
    [95, 7.25], // k = 5.75: 5 + 3·0.75
    [50, 4], // k = 3.5: 4 + (4 − 4)·0.5
    [0, 2],
    [100, 8], // k = 6 = n: X(6)
  ])('p = %p → %p', (p, expected) => {
    expect(percentile(sample, p)).toBeCloseTo(expected, 12);
  });

  it('of a single value is that value', () => {
    expect(percentile([7.3], 95)).toBe(7.3);
    expect(percentile([7.3], 90)).toBe(7.3);
  });

  it('of nothing is null', () => {
    expect(percentile([], 90)).toBeNull();
  });

  it('rejects p outside 0–100', () => {
    expect(() => percentile(sample, 101)).toThrow(RangeError);
  });
});

function periodDay(date: string, edition: EditionId, values: Partial<PeriodDay>): PeriodDay {
  const none = { aqi: null, valid: false, pm25: null, pm10: null, so2: null, no2: null, co: null, o3Max8h: null };
  return { date, edition, ...none, ...values };
}

/** Five days, worked by hand. Day 4 is invalid (no PM2.5, no MDA8) but its other daily means still count. */
function fiveDays(month: string, edition: EditionId): PeriodDay[] {
  const day = (dd: string, values: Partial<PeriodDay>) => periodDay(`${month}-${dd}`, edition, values);
  return [
    day('01', { aqi: 45, valid: true, pm25: 20, pm10: 40, so2: 10, no2: 20, co: 0.8, o3Max8h: 90 }),
    day('02', { aqi: 120, valid: true, pm25: 90, pm10: 130, so2: 15, no2: 40, co: 1.2, o3Max8h: 60 }),
    day('03', { aqi: 250, valid: true, pm25: 200, pm10: 250, so2: 20, no2: 60, co: 2.0, o3Max8h: 40 }),
    day('04', { pm10: 60, so2: 12, no2: 30, co: 1.0 }),
    day('05', { aqi: 80, valid: true, pm25: 50, pm10: 80, so2: 8, no2: 25, co: 0.9, o3Max8h: 120 }),
  ];
}

describe('period indicators', () => {
  // validDays 4; goodDays 2 (45, 80) → 50 %; heavyDays 1 (250).
  // PM2.5 (20 + 90 + 200 + 50)/4 = 90; PM10 (40 + 130 + 250 + 60 + 80)/5 = 112; SO2 65/5 = 13; NO2 175/5 = 35.
  // CO sorted 0.8, 0.9, 1.0, 1.2, 2.0: k = 1 + 4·0.95 = 4.8 → 1.2 + 0.8·0.8 = 1.84.
  // MDA8 sorted 40, 60, 90, 120: k = 1 + 3·0.9 = 3.7 → 90 + 30·0.7 = 111.
  const common = {
    validDays: 4,
    goodDays: 2,
    goodDayRatio: 50,
    heavyDays: 1,
    pm25: 90,
    pm10: 112,
    so2: 13,
    no2: 35,
    sampleCounts: { pm25: 4, pm10: 5, so2: 5, no2: 5, co: 5, o3Max8h: 4 },
    complete: null,
  };

  it('under 2012', () => {
    const result = periodIndicators({ from: '2025-01-01', to: '2025-01-05', days: fiveDays('2025-01', 'HJ_633_2012') });
    expect(result).toMatchObject({ ...common, edition: 'HJ_633_2012' });
    expect(result.coP95).toBeCloseTo(1.84, 12);
    expect(result.o3P90).toBeCloseTo(111, 12);
    // 13/60 + 35/40 + 112/70 + 90/35 + 1.84/4 + 111/160 = 0.216667 + 0.875 + 1.6 + 2.571429 + 0.46 + 0.69375
    expect(result.compositeIndex).toBeCloseTo(6.416845, 6);
    expect(roundCompositeIndex(result.compositeIndex as number)).toBe(6.42);
  });

  it('under 2026: PM10 / 60, PM2.5 / 30', () => {
    const result = periodIndicators({ from: '2026-03-01', to: '2026-03-05', days: fiveDays('2026-03', 'HJ_633_2026') });
    expect(result).toMatchObject({ ...common, edition: 'HJ_633_2026' });
    // 13/60 + 35/40 + 112/60 + 90/30 + 1.84/4 + 111/160 = 0.216667 + 0.875 + 1.866667 + 3 + 0.46 + 0.69375
    expect(result.compositeIndex).toBeCloseTo(7.112083, 6);
    expect(roundCompositeIndex(result.compositeIndex as number)).toBe(7.11);
  });

  it('a period spanning 2026-03-01 follows its last day and needs its days computed under that edition', () => {
    const days = [
      periodDay('2026-02-28', 'HJ_633_2026', { aqi: 60, valid: true, pm25: 40 }),
      periodDay('2026-03-01', 'HJ_633_2026', { aqi: 110, valid: true, pm25: 70 }),
    ];
    expect(periodIndicators({ from: '2026-02-28', to: '2026-03-01', days })).toMatchObject({
      edition: 'HJ_633_2026',
      validDays: 2,
      goodDays: 1,
      pm25: 55,
      compositeIndex: null,
    });
    const stale = [periodDay('2026-02-28', 'HJ_633_2012', { aqi: 60, valid: true }), days[1]];
    expect(() => periodIndicators({ from: '2026-02-28', to: '2026-03-01', days: stale })).toThrow(RangeError);
  });

  it('with no data', () => {
    expect(periodIndicators({ from: '2025-02-01', to: '2025-02-28', days: [] })).toMatchObject({
      validDays: 0,
      goodDays: 0,
      goodDayRatio: null,
      heavyDays: 0,
      pm25: null,
      coP95: null,
      o3P90: null,
      compositeIndex: null,
      complete: false,
    });
  });

  it('rejects days outside the range or given twice', () => {
    const day = periodDay('2025-01-06', 'HJ_633_2012', {});
    expect(() => periodIndicators({ from: '2025-01-01', to: '2025-01-05', days: [day] })).toThrow(RangeError);
    const twice = periodDay('2025-01-02', 'HJ_633_2012', {});
    expect(() => periodIndicators({ from: '2025-01-01', to: '2025-01-05', days: [twice, twice] })).toThrow(RangeError);
  });
});

describe('completeness', () => {
  it.each([
    ['2025-01-01', '2025-01-31', 27, true],
    ['2025-01-01', '2025-01-31', 26, false],
    ['2025-02-01', '2025-02-28', 25, true],
    ['2025-02-01', '2025-02-28', 24, false],
    ['2024-02-01', '2024-02-29', 25, true],
    ['2025-04-01', '2025-04-30', 27, true],
    ['2025-01-01', '2025-12-31', 324, true],
    ['2025-01-01', '2025-12-31', 323, false],
    ['2025-01-01', '2025-01-30', 30, null], // not a whole month
    ['2025-01-01', '2025-03-31', 90, null], // a quarter
  ])('%s … %s with %p valid days: %p', (from, to, validDays, expected) => {
    expect(periodComplete(from, to, validDays, HJ_633_2012)).toBe(expected);
  });
});

describe('composite index', () => {
  const terms = { SO2: 12, NO2: 20, PM10: 35, PM2_5: 17.5, CO: 1, O3: 80 };

  it('Σ Cᵢ/Sᵢ with the edition’s Sᵢ', () => {
    // 12/60 + 20/40 + 35/70 + 17.5/35 + 1/4 + 80/160 = 0.2 + 0.5 + 0.5 + 0.5 + 0.25 + 0.5
    expect(compositeIndex(terms, HJ_633_2012)).toBeCloseTo(2.45, 12);
    // 0.2 + 0.5 + 35/60 + 17.5/30 + 0.25 + 0.5 = 2.616667
    expect(compositeIndex(terms, HJ_633_2026)).toBeCloseTo(2.616667, 6);
  });

  it('is null when a term is missing', () => {
    expect(compositeIndex({ ...terms, O3: null }, HJ_633_2012)).toBeNull();
  });

  it('is rounded to 2 decimals, half to even, for ranking', () => {
    expect(roundCompositeIndex(2.445)).toBe(2.44);
    expect(roundCompositeIndex(2.455)).toBe(2.46);
    expect(roundCompositeIndex(2.616667)).toBe(2.62);
  });
});
