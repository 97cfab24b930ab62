import { partialDayAqi } from '../../../../src/indicators/math/partial-day';

function slots(f: (slot: number) => number | null, length = 24): (number | null)[] {
  return Array.from({ length }, (_, slot) => f(slot));
}
/** 12 of the 15 hours stamped 01:00–15:00 hold `value` (slots 0–2 missing); the hours after 15:00 hold 999. */
const twelveHours = (value: number) => slots((slot) => (slot < 3 ? null : slot < 15 ? value : 999));
const elevenHours = (value: number) => slots((slot) => (slot < 4 ? null : slot < 15 ? value : 999));
/** Slot i holds 10·(i+1). */
const ramp = (missing: readonly number[] = []) => slots((slot) => (missing.includes(slot) ? null : 10 * (slot + 1)));

describe('partial-day AQI by 15:00', () => {
  it('uses only the hours stamped 01:00–15:00, each indicator with ≥ 12 of them', () => {
    // PM2.5 120 → 150 + 50/35·5 = 157.1 → 158 under both editions; the rest missing, but > 100 is published.
    expect(partialDayAqi({ date: '2026-03-02', hours: { pm25: twelveHours(120) } })).toMatchObject({
      edition: 'HJ_633_2026',
      aqi: 158,
      level: 'MODERATELY_POLLUTED',
      primaryPollutants: ['PM2_5'],
      pm25: 120,
      counts: { pm25: 12 },
      complete: false,
    });
  });

  it('11 hours are not enough', () => {
    expect(partialDayAqi({ date: '2026-03-02', hours: { pm25: elevenHours(120) } })).toMatchObject({
      aqi: null,
      pm25: null,
      counts: { pm25: 11 },
      iaqi: { pm25: null },
    });
  });

  it('the missing-pollutant rule applies: ≤ 100 is withheld', () => {
    // PM2.5 60 → 50 + 1.25·25 = 81.25 → 82 under 2012.
    expect(partialDayAqi({ date: '2025-12-01', hours: { pm25: twelveHours(60) } })).toMatchObject({
      edition: 'HJ_633_2012',
      aqi: null,
      iaqi: { pm25: 82 },
    });
  });

  it('MDA8 over the windows stamped 08:00–15:00; O3 max 1-hour of those hours (2012)', () => {
    // Windows end at slots 7–14; the last (slots 7–14: 80…150) has the largest mean, 115 (the whole day's is 205).
    // O3 8h 115 → 50 + 50/60·15 = 62.5 → 63; O3 1h 150 → 50/160·150 = 46.9 → 47: O3 is 63.
    const hours = {
      pm25: twelveHours(20),
      pm10: twelveHours(40),
      so2: twelveHours(10),
      no2: twelveHours(20),
      co: twelveHours(0.5),
      o3: ramp(),
    };
    expect(partialDayAqi({ date: '2025-07-01', hours })).toMatchObject({
      edition: 'HJ_633_2012',
      o3Max8h: 115,
      o3Max1h: 150,
      counts: { o3Max8h: 8, o3Max1h: 15 },
      iaqi: { o3: 63 },
      aqi: 63,
      primaryPollutants: ['O3'],
      complete: true,
    });
  });

  it('each window needs 6 values', () => {
    // Slots 12–14 missing: 12 of 15 O3 hours; the window of slots 7–14 has 5 values and is invalid, the window of
    // slots 6–13 has 6 (70…120), mean 95, the largest valid one.
    const result = partialDayAqi({ date: '2026-07-01', hours: { o3: ramp([12, 13, 14]) } });
    expect(result).toMatchObject({ o3Max8h: 95, counts: { o3Max8h: 7, o3Max1h: 12 } });
  });

  it('O3 with 11 of the 15 hours gives neither O3 indicator', () => {
    const result = partialDayAqi({ date: '2025-07-01', hours: { o3: ramp([11, 12, 13, 14]) } });
    expect(result).toMatchObject({ o3Max8h: null, o3Max1h: null, iaqi: { o3: null } });
  });

  it('accepts the 15 hours alone', () => {
    expect(partialDayAqi({ date: '2026-03-02', hours: { pm25: twelveHours(120).slice(0, 15) } }).aqi).toBe(158);
    expect(() => partialDayAqi({ date: '2026-03-02', hours: { pm25: [1, 2, 3] } })).toThrow(RangeError);
  });
});
