import { isStale, rowTime } from '../../../../../src/indicators/math/joint/freshness';

const t = (iso: string) => new Date(iso);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe('§5 row time', () => {
  it('an instant is its stamp', () => {
    expect(rowTime({ instant: t('2025-03-10T08:15:00Z') })).toEqual(t('2025-03-10T08:15:00Z'));
  });

  it('a day ends at 00:00 CST of the next day', () => {
    expect(rowTime({ day: '2025-03-10' })).toEqual(t('2025-03-11T00:00:00+08:00')); // 2025-03-10T16:00Z
    expect(rowTime({ day: '2024-02-28' })).toEqual(t('2024-02-29T00:00:00+08:00'));
    expect(rowTime({ day: '2025-12-31' })).toEqual(t('2026-01-01T00:00:00+08:00'));
  });

  it('a month ends at 00:00 CST on the 1st of the next month; December at 1 January of the next year', () => {
    expect(rowTime({ month: '2025-02' })).toEqual(t('2025-03-01T00:00:00+08:00')); // 2025-02-28T16:00Z
    expect(rowTime({ month: '2024-02' })).toEqual(t('2024-03-01T00:00:00+08:00'));
    expect(rowTime({ month: '2025-12' })).toEqual(t('2026-01-01T00:00:00+08:00')); // 2025-12-31T16:00Z
  });
});

describe('§5 staleness: older than twice the cadence', () => {
  const at = t('2025-03-10T12:00:00Z');

  it('PT1H: exactly 2 h old is not stale, 2 h + 1 ms is', () => {
    expect(isStale('PT1H', t('2025-03-10T10:00:00Z'), at)).toBe(false);
    expect(isStale('PT1H', t('2025-03-10T09:59:59.999Z'), at)).toBe(true);
    expect(isStale('PT1H', t('2025-03-10T11:00:00Z'), at)).toBe(false);
    expect(isStale('PT1H', t('2025-03-10T13:00:00Z'), at)).toBe(false); // a row stamped after `at`
  });

  it('PT15M: 30 min', () => {
    expect(isStale('PT15M', t('2025-03-10T11:30:00Z'), at)).toBe(false);
    expect(isStale('PT15M', t('2025-03-10T11:29:59.999Z'), at)).toBe(true);
  });

  it('P1D: 48 h, with a daily row timed at the end of its day', () => {
    expect(isStale('P1D', t('2025-03-08T12:00:00Z'), at)).toBe(false);
    expect(isStale('P1D', t('2025-03-08T11:59:59.999Z'), at)).toBe(true);
    // The row of 03-08 ends 03-09 00:00 CST; at 03-11 00:00 CST it is exactly two days old.
    const day = rowTime({ day: '2025-03-08' });
    const midnight = t('2025-03-11T00:00:00+08:00');
    expect(isStale('P1D', day, midnight)).toBe(false);
    expect(isStale('P1D', day, ms(midnight, 1))).toBe(true);
  });

  it('P1M: two calendar months (at 31 May the latest may be 31 March)', () => {
    const may31 = t('2025-05-31T12:00:00+08:00');
    expect(isStale('P1M', t('2025-03-31T12:00:00+08:00'), may31)).toBe(false);
    expect(isStale('P1M', ms(t('2025-03-31T12:00:00+08:00'), -1), may31)).toBe(true);
    // March's row ends 1 April 00:00 CST: exactly two months old on 1 June 00:00 CST.
    const march = rowTime({ month: '2025-03' });
    expect(isStale('P1M', march, t('2025-06-01T00:00:00+08:00'))).toBe(false);
    expect(isStale('P1M', march, t('2025-06-01T00:00:00.001+08:00'))).toBe(true);
  });

  it('P1M across a year end, and from a day February does not have (clamped to its last day)', () => {
    expect(isStale('P1M', t('2024-11-15T00:00:00+08:00'), t('2025-01-15T00:00:00+08:00'))).toBe(false);
    expect(isStale('P1M', t('2024-11-14T23:59:59.999+08:00'), t('2025-01-15T00:00:00+08:00'))).toBe(true);
    // 30 April 10:00 CST − 2 months = "30 February" → 28 February 10:00 CST.
    const april30 = t('2025-04-30T10:00:00+08:00');
    expect(isStale('P1M', t('2025-02-28T10:00:00+08:00'), april30)).toBe(false);
    expect(isStale('P1M', t('2025-02-28T09:59:59.999+08:00'), april30)).toBe(true);
  });

  it('P1M counts calendar months in CST, not UTC', () => {
    // at = 30 April 01:00 CST (29 April 17:00 UTC) → 28 February 01:00 CST (27 February 17:00 UTC).
    // In UTC it would be 29 April − 2 months = 28 February 17:00 UTC (clamped), and this row would be stale.
    expect(isStale('P1M', t('2025-02-27T17:00:00Z'), t('2025-04-29T17:00:00Z'))).toBe(false);
    expect(isStale('P1M', t('2025-02-27T16:59:59.999Z'), t('2025-04-29T17:00:00Z'))).toBe(true);
  });

  it('no row is stale', () => {
    expect(isStale('PT1H', null, at)).toBe(true);
    expect(isStale('P1M', null, at)).toBe(true);
  });

  it('reference data (no cadence) are never stale', () => {
    expect(isStale(null, t('2000-01-01T00:00:00Z'), at)).toBe(false);
    expect(isStale(null, null, at)).toBe(false);
  });
});
