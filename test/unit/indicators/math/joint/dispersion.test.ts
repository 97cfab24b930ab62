import { dispersionDays, isStagnant, type WeatherHour } from '../../../../../src/indicators/math/joint/dispersion';

/** The instant `hh`:00 CST on `date` (hh = 24 is 00:00 the next day). */
const cst = (date: string, hh: number) => new Date(Date.parse(`${date}T00:00:00+08:00`) + hh * 3_600_000);
const hour = (stamp: Date, windSpeeds: number[], humidities: number[]): WeatherHour => ({ stamp, windSpeeds, humidities });

describe('§5.4 stagnant hour (wind < 2.0 m/s and humidity ≥ 80 %)', () => {
  it.each([
    [1.99, 80, true],
    [2.0, 80, false], // wind exactly 2.0 is not light enough
    [1.99, 79.9, false],
    [0, 100, true],
    [null, 90, false],
    [1.0, null, false],
  ])('wind %p, humidity %p → %p', (wind, humidity, expected) => {
    expect(isStagnant(wind, humidity)).toBe(expected);
  });
});

describe('§5.4 dispersion days', () => {
  const stagnant = (stamp: Date) => hour(stamp, [1.0, 1.5], [85, 90]); // means 1.25 m/s, 87.5 %
  const hours: WeatherHour[] = [
    // Stamped 01-10 00:00: the hour 23:00–24:00 of 01-09, outside the range.
    stagnant(cst('2025-01-10', 0)),
    // Day 01-10: stamps 01:00 … 11:00 and 24:00 (= 01-11 00:00, the day's last hour) stagnant: 12.
    ...Array.from({ length: 11 }, (_, i) => stagnant(cst('2025-01-10', i + 1))),
    stagnant(cst('2025-01-10', 24)),
    hour(cst('2025-01-10', 12), [1.9, 2.1], [95]), // mean wind 2.0: data, not stagnant
    // Day 01-11: stamps 01:00 … 09:00 stagnant (9).
    ...Array.from({ length: 9 }, (_, i) => hour(cst('2025-01-11', i + 1), [1.0], [90])),
    hour(cst('2025-01-11', 10), [1.99], [80]), // 10th
    hour(cst('2025-01-11', 11), [1.0, 2.98], [79.9, 80.1]), // means 1.99 and 80: 11th
    hour(cst('2025-01-11', 12), [2.0], [95]), // data, not stagnant
    hour(cst('2025-01-11', 13), [1.0], [79.9]), // data, not stagnant
    hour(cst('2025-01-11', 14), [1.0], []), // wind only: no data
    hour(cst('2025-01-11', 15), [], [90]), // humidity only: no data
    hour(cst('2025-01-11', 24), [3.0, 4.0], [50]), // 01-12 00:00 belongs to 01-11: data, not stagnant
    // Day 01-12: only its last hour, stamped 01-13 00:00.
    stagnant(cst('2025-01-12', 24)),
  ];

  it('counts hours with data and stagnant hours per day; 12 stagnant hours are unfavourable, 11 are not', () => {
    expect(dispersionDays('2025-01-10', '2025-01-13', hours)).toEqual([
      { date: '2025-01-10', hoursWithData: 13, stagnantHours: 12, unfavourable: true },
      { date: '2025-01-11', hoursWithData: 14, stagnantHours: 11, unfavourable: false }, // 9 + 1 + 1 + 3 others
      { date: '2025-01-12', hoursWithData: 1, stagnantHours: 1, unfavourable: false },
      { date: '2025-01-13', hoursWithData: 0, stagnantHours: 0, unfavourable: false },
    ]);
  });

  it.each([
    // humidity (78.1 + 78.3 + 83.6)/3 = 240/3 = 80: stagnant
    ['humidity exactly 80', [1.0], [78.1, 78.3, 83.6], 1],
    // wind (1.9 + 2.3 + 1.8)/3 = 6/3 = 2.0: not stagnant
    ['wind exactly 2.0', [1.9, 2.3, 1.8], [90], 0],
    // wind (1.8 + 2.1 + 2.07)/3 = 5.97/3 = 1.99 and humidity (79 + 81)/2 = 80: stagnant
    ['wind 1.99, humidity 80', [1.8, 2.1, 2.07], [79, 81], 1],
    // humidity (79.8 + 80)/2 = 79.9: not stagnant
    ['humidity 79.9', [1.0, 1.2], [79.8, 80], 0],
  ])('judges the mean over several stations, exact in decimal: %s', (_, windSpeeds, humidities, stagnantHours) => {
    const day = '2025-01-15';
    const result = dispersionDays(day, day, [hour(cst(day, 1), windSpeeds, humidities)]);
    expect(result).toEqual([{ date: day, hoursWithData: 1, stagnantHours, unfavourable: false }]);
  });
});
