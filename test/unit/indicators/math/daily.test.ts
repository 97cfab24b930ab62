import { HJ_633_2012, HJ_633_2026 } from '../../../../src/indicators/math/editions';
import {
  dailyMaxEightHourMean,
  dailyMaxOneHour,
  eightHourMean,
  MDA8_WINDOW_END_INDICES,
  summariseDay,
  twentyFourHourMean,
  type HourValues,
} from '../../../../src/indicators/math/daily';

/** 24 slots: slot i gets f(i); slots listed in `missing` are null. */
function day(f: (slot: number) => number, missing: readonly number[] = []): HourValues {
  return Array.from({ length: 24 }, (_, slot) => (missing.includes(slot) ? null : f(slot)));
}
const constant = (value: number, missing: readonly number[] = []): HourValues => day(() => value, missing);
/** Slot i holds 10·(i+1): the 8-hour window ending at slot e has mean 10·e − 25. */
const ramp = (missing: readonly number[] = []): HourValues => day((slot) => 10 * (slot + 1), missing);

describe('24-hour mean', () => {
  it('is valid with 20 hourly values', () => {
    // slots 0–19 hold 1…20: mean 10.5
    expect(twentyFourHourMean(day((slot) => slot + 1, [20, 21, 22, 23]), HJ_633_2012)).toEqual({
      value: 10.5,
      count: 20,
      valid: true,
    });
  });

  it('is not valid with 19', () => {
    expect(twentyFourHourMean(day((slot) => slot + 1, [19, 20, 21, 22, 23]), HJ_633_2012)).toEqual({
      value: 10,
      count: 19,
      valid: false,
    });
  });

  it('needs exactly 24 slots', () => {
    expect(() => twentyFourHourMean([1, 2, 3], HJ_633_2012)).toThrow(RangeError);
  });
});

describe('8-hour means', () => {
  it('the window stamped t covers t−7 … t: stamped 08:00 = slots 0–7, stamped D+1 00:00 = slots 16–23', () => {
    expect(eightHourMean(ramp(), 7, HJ_633_2012).value).toBe(45); // (10 + … + 80)/8
    expect(eightHourMean(ramp(), 23, HJ_633_2012).value).toBe(205); // (170 + … + 240)/8
    expect(MDA8_WINDOW_END_INDICES).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
  });

  it('is valid with 6 values, not with 5', () => {
    // window of slots 0–7: without slots 0, 1 → 30…80, mean 55
    expect(eightHourMean(ramp([0, 1]), 7, HJ_633_2012)).toEqual({ value: 55, count: 6, valid: true });
    // without slots 0, 1, 2 → 40…80, mean 60
    expect(eightHourMean(ramp([0, 1, 2]), 7, HJ_633_2012)).toEqual({ value: 60, count: 5, valid: false });
  });

  it('has no window ending before slot 7', () => {
    expect(() => eightHourMean(ramp(), 6, HJ_633_2012)).toThrow(RangeError);
  });
});

describe('MDA8', () => {
  it('is the largest of the 17 windows', () => {
    expect(dailyMaxEightHourMean(ramp(), HJ_633_2012)).toEqual({ value: 205, count: 17, valid: true });
  });

  // Slots 0–4 missing: windows ending at 7 (5 missing), 8 (4), 9 (3) are invalid, 10 (slots 3–10, 2 missing) is
  // valid → 14 valid windows. Slots 0–5 missing: window 10 has 3 missing as well → 13.
  it('is valid with 14 valid windows', () => {
    expect(dailyMaxEightHourMean(constant(100, [0, 1, 2, 3, 4]), HJ_633_2012)).toEqual({
      value: 100,
      count: 14,
      valid: true,
    });
  });

  it('is not valid with 13 valid windows when ≤ 160', () => {
    expect(dailyMaxEightHourMean(constant(100, [0, 1, 2, 3, 4, 5]), HJ_633_2012)).toEqual({
      value: 100,
      count: 13,
      valid: false,
    });
    expect(dailyMaxEightHourMean(constant(160, [0, 1, 2, 3, 4, 5]), HJ_633_2026).valid).toBe(false);
  });

  it('is valid with fewer windows when it already exceeds 160', () => {
    expect(dailyMaxEightHourMean(constant(170, [0, 1, 2, 3, 4, 5]), HJ_633_2012)).toEqual({
      value: 170,
      count: 13,
      valid: true,
    });
    expect(dailyMaxEightHourMean(constant(161, [0, 1, 2, 3, 4, 5]), HJ_633_2026).valid).toBe(true);
  });

  it('counts only valid windows', () => {
    // Every third slot missing (2, 5, …, 23): a window starting on a multiple of 3 misses 2 slots, any other 3,
    // so the windows of slots 0–7, 3–10, 6–13, 9–16, 12–19, 15–22 are the 6 valid ones; 300 > 160 keeps it valid.
    expect(dailyMaxEightHourMean(constant(300, [2, 5, 8, 11, 14, 17, 20, 23]), HJ_633_2012)).toEqual({
      value: 300,
      count: 6,
      valid: true,
    });
  });

  it('is null without any valid window', () => {
    expect(dailyMaxEightHourMean(day(() => 0, Array.from({ length: 24 }, (_, i) => i)), HJ_633_2012)).toEqual({
      value: null,
      count: 0,
      valid: false,
    });
  });
});

describe('O3 daily maximum 1-hour value', () => {
  it('is valid with 20 hourly values, not with 19', () => {
    expect(dailyMaxOneHour(ramp([20, 21, 22, 23]), HJ_633_2012)).toEqual({ value: 200, count: 20, valid: true });
    expect(dailyMaxOneHour(ramp([19, 20, 21, 22, 23]), HJ_633_2012)).toEqual({ value: 190, count: 19, valid: false });
  });
});

describe('summariseDay', () => {
  const hours = {
    pm25: constant(80),
    pm10: constant(100),
    so2: constant(10),
    no2: constant(30),
    co: constant(1),
    o3: constant(100),
  };

  it('the last day under 2012', () => {
    // IAQIs: PM2.5 80 → 100 + 1.25·5 = 106.25 → 107; PM10 100 → 75; SO2 10 → 10; NO2 30 → 37.5 → 38; CO 1 → 25;
    // MDA8 100 → 50; O3 max 1h 100 → 31.25 → 32, so O3 50.
    // Composite: 10/60 + 30/40 + 100/70 + 80/35 + 1/4 + 100/160 = 5.505952…
    const summary = summariseDay({ date: '2026-02-28', hours });
    expect(summary).toMatchObject({
      date: '2026-02-28',
      edition: 'HJ_633_2012',
      aqi: 107,
      level: 'LIGHTLY_POLLUTED',
      primaryPollutants: ['PM2_5'],
      iaqi: { pm25: 107, pm10: 75, so2: 10, no2: 38, co: 25, o3: 50 },
      valid: true,
      complete: true,
      pm25: 80,
      pm10: 100,
      so2: 10,
      no2: 30,
      co: 1,
      o3Max8h: 100,
      o3Max1h: 100,
      counts: { pm25: 24, pm10: 24, so2: 24, no2: 24, co: 24, o3Max8h: 17, o3Max1h: 24 },
    });
    expect(summary.compositeIndex).toBeCloseTo(5.505952, 6);
  });

  it('the first day under 2026', () => {
    // PM2.5 80 → 100 + 50/55·20 = 118.2 → 119; PM10 100 → 50 + 50/70·50 = 85.7 → 86; O3 from MDA8 only: 50.
    // Composite: 10/60 + 30/40 + 100/60 + 80/30 + 1/4 + 100/160 = 6.125
    const summary = summariseDay({ date: '2026-03-01', hours });
    expect(summary).toMatchObject({
      edition: 'HJ_633_2026',
      aqi: 119,
      level: 'LIGHTLY_POLLUTED',
      primaryPollutants: ['PM2_5'],
      iaqi: { pm25: 119, pm10: 86, so2: 10, no2: 38, co: 25, o3: 50 },
      valid: true,
    });
    expect(summary.compositeIndex).toBeCloseTo(6.125, 9);
  });

  it('can recompute a day under another edition (a period spanning the change)', () => {
    expect(summariseDay({ date: '2026-02-28', hours, edition: HJ_633_2026 })).toMatchObject({
      edition: 'HJ_633_2026',
      aqi: 119,
    });
  });

  describe('day validity', () => {
    const low = { ...hours, pm25: constant(20, [0, 1, 2, 3, 4]), pm10: constant(40) };

    it('not valid when an indicator is not and the AQI of the valid ones is ≤ 100', () => {
      // PM2.5 has 19 hours; PM10 40 → 40; the rest as above: AQI of the valid ones 50.
      expect(summariseDay({ date: '2025-06-01', hours: low })).toMatchObject({
        pm25: null,
        counts: { pm25: 19 },
        aqi: null,
        level: null,
        primaryPollutants: [],
        iaqi: { pm25: null, pm10: 40 },
        valid: false,
        compositeIndex: null,
      });
    });

    it('valid when the AQI of the valid ones is > 100', () => {
      // PM10 200 → 100 + 0.5·50 = 125.
      expect(summariseDay({ date: '2025-06-01', hours: { ...low, pm10: constant(200) } })).toMatchObject({
        pm25: null,
        aqi: 125,
        level: 'LIGHTLY_POLLUTED',
        primaryPollutants: ['PM10'],
        valid: true,
        complete: false,
      });
    });

    it('a pollutant the station does not monitor: not missing under 2026, missing under 2012', () => {
      const { co: _co, ...withoutCo } = { ...hours, pm25: constant(20), pm10: constant(40) };
      const monitoredPollutants = ['PM2_5', 'PM10', 'SO2', 'NO2', 'O3'] as const;
      // 2026: PM2.5 20 → 50/35·20 = 28.6 → 29; PM10 40; NO2 38; O3 50 → AQI 50.
      expect(summariseDay({ date: '2026-03-02', hours: withoutCo, monitoredPollutants })).toMatchObject({
        aqi: 50,
        valid: true,
        co: null,
        counts: { co: 0 },
      });
      expect(summariseDay({ date: '2026-02-27', hours: withoutCo, monitoredPollutants })).toMatchObject({
        aqi: null,
        valid: false,
      });
    });
  });
});
