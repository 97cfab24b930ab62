import { addDays, datesFromTo, daysInRange, sameDateYearBefore, startOfCstDay } from '../../../../../src/indicators/math/time';

describe('calendar helpers (CST dates)', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'], // 2024 is a leap year
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-03-01', -7, '2025-02-22'], // 28 days in February 2025: 03-01 − 1 = 02-28, − 6 more = 02-22
    ['2025-12-31', 366, '2027-01-01'], // 2026 has 365 days: + 365 = 2026-12-31, + 1
    ['2025-06-15', 0, '2025-06-15'],
  ])('addDays(%s, %p) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2025-01-01', '2025-01-01', 1],
    ['2025-01-01', '2025-01-31', 31],
    ['2024-02-01', '2024-03-01', 30], // 29 February days + 1 March
    ['2025-02-01', '2025-03-01', 29],
    ['2024-01-01', '2024-12-31', 366],
    ['2025-01-02', '2025-01-01', 0], // `to` before `from`
  ])('daysInRange(%s, %s) = %p', (from, to, expected) => {
    expect(daysInRange(from, to)).toBe(expected);
  });

  it('datesFromTo lists every date, both ends included, across a leap day', () => {
    expect(datesFromTo('2024-02-27', '2024-03-01')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(datesFromTo('2025-12-31', '2026-01-01')).toEqual(['2025-12-31', '2026-01-01']);
    expect(datesFromTo('2025-03-10', '2025-03-10')).toEqual(['2025-03-10']);
    expect(datesFromTo('2025-03-10', '2025-03-09')).toEqual([]);
  });

  it.each([
    ['2024-02-29', '2023-02-28'], // 2023 has no 29 February
    ['2024-02-28', '2023-02-28'],
    ['2025-02-28', '2024-02-28'], // not moved to the leap day
    ['2025-03-01', '2024-03-01'],
    ['2000-01-01', '1999-01-01'],
  ])('sameDateYearBefore(%s) = %s', (date, expected) => {
    expect(sameDateYearBefore(date)).toBe(expected);
  });

  it('startOfCstDay is 00:00 at UTC+08:00, i.e. 16:00 UTC the day before', () => {
    expect(startOfCstDay('2025-03-01').toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(startOfCstDay('2025-01-01').toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(startOfCstDay('2024-02-29').toISOString()).toBe('2024-02-28T16:00:00.000Z');
  });
});
