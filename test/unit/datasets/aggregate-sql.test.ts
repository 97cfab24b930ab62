import {
  bucketSql,
  bucketsOf,
  checkAggregateRange,
  groupedSql,
  groupsOf,
  maxAggregateDays,
  maxGroupsOf,
  partialColumns,
  partialFigures,
  rowFigures,
  rowPartials,
  splitHours,
} from '../../../src/datasets/aggregate-sql';

const cst = (text: string) => new Date(text);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const codeOf = (run: () => void) => {
  try {
    run();
  } catch (error: any) {
    return { code: error.extensions.code, ...error.extensions };
  }
  return null;
};

describe('aggregate SQL', () => {
  const pm10 = { name: 'pm10', sql: 't.pm10', additive: false };
  const trips = { name: 'trips', sql: 't.trips', additive: true };

  test('time buckets: the CST day and month of an instant at a fixed +08:00, a date as it is, a month field as it is; a year has none', () => {
    expect(bucketSql('t.observed_at', 'instant', 'day')).toBe("(t.observed_at AT TIME ZONE INTERVAL '+08:00')::date");
    expect(bucketSql('t.observed_at', 'instant', 'month')).toBe("date_trunc('month', (t.observed_at AT TIME ZONE INTERVAL '+08:00'))::date");
    expect(bucketSql('t.date', 'day', 'day')).toBe('t.date::date');
    expect(bucketSql('t.date', 'day', 'month')).toBe("date_trunc('month', t.date)::date");
    expect(bucketSql('t.month', 'month', 'month')).toBe('t.month');
    expect([bucketsOf('instant'), bucketsOf('day'), bucketsOf('month'), bucketsOf('year')]).toEqual([['day', 'month'], ['day', 'month'], ['month'], []]);
  });

  test('one grouped statement over raw rows: keys by position, figures cast, made in full, then ordered and cut at a placeholder limit', () => {
    const sql = groupedSql({ from: 'weather_hourly t', where: ['t.a = $1', 't.b <= $2'], keys: ['t.station_id', 't.day'], figures: rowFigures([pm10, trips]), limit: '$3' });
    expect(sql).toBe(
      'WITH g AS MATERIALIZED (SELECT t.station_id AS k0, t.day AS k1, count(*)::int AS n, ' +
        'count(t.pm10)::int AS m0_n, min(t.pm10)::float8 AS m0_min, max(t.pm10)::float8 AS m0_max, sum(t.pm10)::float8 AS m0_sum, ' +
        'count(t.trips)::int AS m1_n, min(t.trips)::float8 AS m1_min, max(t.trips)::float8 AS m1_max, sum(t.trips)::float8 AS m1_sum ' +
        'FROM weather_hourly t WHERE t.a = $1 AND t.b <= $2 GROUP BY 1, 2) SELECT * FROM g ORDER BY 1, 2 LIMIT $3',
    );
    expect(groupedSql({ from: 'x t', where: [], keys: [], figures: rowFigures([]), limit: '$1' })).toBe(
      'WITH g AS MATERIALIZED (SELECT count(*)::int AS n FROM x t) SELECT * FROM g LIMIT $1',
    );
  });

  test('partial figures: a rollup hour and a raw row give the same columns, added up, least and greatest', () => {
    expect(partialColumns('t.readings', [{ count: 't.readings', sum: 't.pm10_sum', min: 't.pm10_min', max: 't.pm10_max' }])).toBe(
      't.readings AS n, t.readings AS m0_n, t.pm10_sum AS m0_sum, t.pm10_min AS m0_min, t.pm10_max AS m0_max',
    );
    expect(partialColumns('1', rowPartials([pm10]))).toBe('1 AS n, (t.pm10 IS NOT NULL)::int AS m0_n, t.pm10 AS m0_sum, t.pm10 AS m0_min, t.pm10 AS m0_max');
    expect(partialFigures([pm10], 'u')).toEqual({
      rows: 'coalesce(sum(u.n), 0)',
      measures: [{ count: 'coalesce(sum(u.m0_n), 0)', min: 'min(u.m0_min)', max: 'max(u.m0_max)', sum: 'sum(u.m0_sum)' }],
    });
  });

  test('groups: keys not grouped by are null, a month from its first day, mean = sum / count, a sum only where it adds up', () => {
    const rows = [
      { k0: '2025-01-01', k1: 'S1', n: 4, m0_n: 2, m0_min: 1, m0_max: 5, m0_sum: 6, m1_n: 0, m1_min: null, m1_max: null, m1_sum: null },
    ];
    expect(groupsOf(rows, [{ name: 'month', bucket: 'month' }, { name: 'siteId' }], ['regionCode', 'siteId', 'day', 'month'], [pm10, trips])).toEqual([
      {
        regionCode: null,
        siteId: 'S1',
        day: null,
        month: '2025-01',
        count: 4,
        pm10: { count: 2, min: 1, max: 5, mean: 3 },
        trips: { count: 0, min: null, max: null, mean: null, sum: null },
      },
    ]);
  });
});

describe('the range an aggregate may cover', () => {
  test('about 8,800 rows of a series by cadence; events with an instant a year; monthly and yearly data unbounded', () => {
    expect(maxAggregateDays('PT15M', 'instant')).toBe(92);
    expect(maxAggregateDays('PT1H', 'instant')).toBe(366);
    expect(maxAggregateDays('P1D', 'day')).toBe(3_660);
    expect(maxAggregateDays('on change', 'instant')).toBe(366);
    expect([maxAggregateDays('P1M', 'month'), maxAggregateDays('on change', 'year'), maxAggregateDays('on change', 'day')]).toEqual([null, null, null]);
  });

  test('too long and backwards ranges are refused with their codes; a range at the limit passes', () => {
    const from = cst('2024-02-01T00:00:00+08:00');
    expect(codeOf(() => checkAggregateRange('w', from, cst('2025-02-01T00:00:00+08:00'), 366))).toBeNull();
    expect(codeOf(() => checkAggregateRange('w', from, cst('2025-02-01T00:00:01+08:00'), 366))).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxDays: 366 });
    expect(codeOf(() => checkAggregateRange('w', cst('2025-01-02T00:00:00Z'), cst('2025-01-01T00:00:00Z'), 366))).toMatchObject({ code: 'BAD_USER_INPUT' });
    // Calendar days count both ends: 1 … 10 January is 10 days.
    expect(codeOf(() => checkAggregateRange('d', '2025-01-01', '2025-01-10', 10))).toBeNull();
    expect(codeOf(() => checkAggregateRange('d', '2025-01-01', '2025-01-11', 10))).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    expect(codeOf(() => checkAggregateRange('m', null, '2025-01', null))).toBeNull();
    expect(codeOf(() => checkAggregateRange('m', '2025-03', '2025-01', null))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  test('maxGroups: 1 … 10,000, null is the default', () => {
    expect([maxGroupsOf(null), maxGroupsOf(undefined), maxGroupsOf(1), maxGroupsOf(10_000)]).toEqual([1_000, 1_000, 1, 10_000]);
    expect(codeOf(() => maxGroupsOf(0))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxGroups' });
    expect(codeOf(() => maxGroupsOf(10_001))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('which hours a rollup answers (hour H covers (H − 1 h, H])', () => {
  test('on the hour: the first hour is raw (it covers time before from), the rest whole', () => {
    const split = splitHours(cst('2025-01-10T08:00:00+08:00'), cst('2025-01-10T12:00:00+08:00'), false);
    expect(split.whole).toEqual({ first: cst('2025-01-10T09:00:00+08:00'), last: cst('2025-01-10T12:00:00+08:00') });
    expect(iso(split.boundary)).toEqual(iso([cst('2025-01-10T08:00:00+08:00')]));
    expect(split.midnights).toEqual([]);
  });

  test('off the hour at both ends: the hours around from and to are raw', () => {
    const split = splitHours(cst('2025-01-10T08:10:00+08:00'), cst('2025-01-10T11:40:00+08:00'), false);
    expect(split.whole).toEqual({ first: cst('2025-01-10T10:00:00+08:00'), last: cst('2025-01-10T11:00:00+08:00') });
    expect(iso(split.boundary)).toEqual(iso([cst('2025-01-10T09:00:00+08:00'), cst('2025-01-10T12:00:00+08:00')]));
  });

  test('grouped by day: each hour stamped at CST midnight is raw (it holds 23:15–00:00), from the rollup never', () => {
    const split = splitHours(cst('2025-01-30T20:10:00+08:00'), cst('2025-02-01T03:40:00+08:00'), true);
    const midnights = [cst('2025-01-31T00:00:00+08:00'), cst('2025-02-01T00:00:00+08:00')];
    expect(iso(split.midnights)).toEqual(iso(midnights));
    expect(iso(split.boundary)).toEqual(iso([cst('2025-01-30T21:00:00+08:00'), ...midnights, cst('2025-02-01T04:00:00+08:00')]));
    expect(split.whole).toEqual({ first: cst('2025-01-30T22:00:00+08:00'), last: cst('2025-02-01T03:00:00+08:00') });
  });

  test('within one hour: no whole hour, the raw hours alone', () => {
    expect(splitHours(cst('2025-01-10T08:15:00+08:00'), cst('2025-01-10T08:40:00+08:00'), true)).toEqual({
      whole: null,
      midnights: [],
      boundary: [cst('2025-01-10T09:00:00+08:00')],
    });
    const instant = splitHours(cst('2025-01-10T00:00:00+08:00'), cst('2025-01-10T00:00:00+08:00'), true);
    expect({ whole: instant.whole, boundary: iso(instant.boundary) }).toEqual({ whole: null, boundary: iso([cst('2025-01-10T00:00:00+08:00')]) });
  });

  test('every quarter hour of a range lies in exactly one part: a whole hour not at midnight, or a raw hour', () => {
    const from = cst('2025-01-30T22:20:00+08:00');
    const to = cst('2025-02-02T01:05:00+08:00');
    const split = splitHours(from, to, true);
    const hour = 3_600_000;
    const boundary = new Set(split.boundary.map((b) => b.getTime()));
    const midnights = new Set(split.midnights.map((m) => m.getTime()));
    for (let t = Math.ceil(from.getTime() / 900_000) * 900_000; t <= to.getTime(); t += 900_000) {
      const h = Math.ceil(t / hour) * hour;
      const whole = !!split.whole && h >= split.whole.first.getTime() && h <= split.whole.last.getTime() && !midnights.has(h);
      expect({ t: new Date(t).toISOString(), parts: Number(whole) + Number(boundary.has(h)) }).toEqual({ t: new Date(t).toISOString(), parts: 1 });
    }
  });
});
