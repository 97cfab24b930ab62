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
});
