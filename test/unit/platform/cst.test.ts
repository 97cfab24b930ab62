import { cstDay, cstIso } from '../../../src/platform/cst';

describe('cstIso: instants as the hub’s users read them', () => {
  test('the same instant, in China Standard Time', () => {
    expect(cstIso(new Date('2016-01-01T00:00:00Z'))).toBe('2016-01-01T08:00:00+08:00');
    expect(Date.parse(cstIso(new Date('2016-01-01T00:00:00Z')))).toBe(Date.parse('2016-01-01T00:00:00Z'));
  });
  test('the CST day turns at 16:00 UTC', () => {
    expect(cstIso(new Date('2016-12-31T15:59:59Z'))).toBe('2016-12-31T23:59:59+08:00');
    expect(cstIso(new Date('2016-12-31T16:00:00Z'))).toBe('2017-01-01T00:00:00+08:00');
    expect(cstDay(new Date('2016-12-31T15:59:59Z'))).toBe('2016-12-31');
    expect(cstDay(new Date('2016-12-31T16:00:00Z'))).toBe('2017-01-01');
  });
  test('milliseconds only when there are some', () => {
    expect(cstIso(new Date('2025-01-10T02:15:00.250Z'))).toBe('2025-01-10T10:15:00.250+08:00');
  });
  test('every instant of the years 1–9998, hours and odd milliseconds alike, as its UTC form moved by 8 hours', () => {
    // The reference: the UTC form of the instant 8 hours later, its zone renamed, milliseconds dropped when zero.
    const reference = (t: number) => new Date(t + 8 * 3_600_000).toISOString().replace(/\.000Z$/, 'Z').replace(/Z$/, '+08:00');
    const first = Date.UTC(1, 0, 1);
    const last = Date.UTC(9998, 11, 31);
    const instants = [0, -1, 1, 999, -999, first, last, Date.UTC(2016, 11, 31, 15, 59, 59, 999), Date.UTC(2016, 11, 31, 16)];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 3_600_000) instants.push(t);
    for (let k = 0; k < 20_000; k++) instants.push(first + Math.floor(((k * 7_919) % 20_000) / 20_000 * (last - first)) + (k % 1000));
    const wrong = instants.filter((t) => cstIso(new Date(t)) !== reference(t));
    expect(wrong.map((t) => [new Date(t).toISOString(), cstIso(new Date(t))])).toEqual([]);
  });
});
