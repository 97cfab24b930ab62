import {
  monthComplete,
  monthlyScores,
  provinceRanks,
  yearlyScore,
  type KeyCityInput,
  type ScoreDay,
  type ScoredCityInput,
} from '../../../../src/indicators/math/monthly-score';

/*
 * Every expected number below is worked by hand in the comments (indicators.md §4, Annex 2 articles 4–8).
 *
 * A "neutral" city scores: daily ranking 15 (no valid day), improvement 20 (no u), good days 30 (no valid day last
 * year), heavy pollution 0, bonus 0 → total 65. Each story changes only the inputs of the part it is about.
 */

type CityOverrides = Partial<Omit<ScoredCityInput, 'month' | 'lastYear'>> & {
  month?: Partial<ScoredCityInput['month']>;
  lastYear?: Partial<ScoredCityInput['lastYear']>;
};

function city(code: string, overrides: CityOverrides = {}): ScoredCityInput {
  const { month, lastYear, ...rest } = overrides;
  return {
    code,
    keyCity: false,
    days: [],
    heavyDaysThisYear: [],
    countyHeavyDays: [],
    target: null,
    ...rest,
    month: { compositeIndex: null, goodDays: 0, validDays: 0, goodDayRatio: null, pm25: null, ...month },
    lastYear: { compositeIndex: null, goodDays: 0, validDays: 0, goodDayRatio: null, ...lastYear },
  };
}

function day(
  date: string,
  compositeIndex: number | null,
  aqi: number | null = null,
  partialAqi: number | null = null,
): ScoreDay {
  return { date, compositeIndex, aqi, partialAqi };
}

/** Key cities `${prefix}1…` with the given daily indices on one date (and no month index). */
function keysOnDay(date: string, indices: readonly number[], prefix = 'K'): KeyCityInput[] {
  return indices.map((index, i) => ({
    code: `${prefix}${i + 1}`,
    dailyIndex: new Map([[date, index]]),
    monthCompositeIndex: null,
  }));
}

/** Key cities with the given month indices (and no daily index). */
function keysForMonth(indices: readonly number[], prefix = 'M'): KeyCityInput[] {
  return indices.map((index, i) => ({ code: `${prefix}${i + 1}`, dailyIndex: new Map(), monthCompositeIndex: index }));
}

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

function one(input: Parameters<typeof monthlyScores>[0]) {
  const results = monthlyScores(input);
  expect(results).toHaveLength(input.cities.length);
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
describe('art. 4 daily ranking', () => {
  const D = '2025-03-10';

  /**
   * Scored key city S has index 2.00 on one day. The other key cities: r − 1 at 1.00 (smaller) and T − r at 3.00
   * (larger), so S ranks 1 + (r − 1) = r. Score = 15 + points of r.
   */
  it.each([
    // [rank, key cities T, points, score]
    [1, 168, 0.5, 15.5],
    [30, 168, 0.5, 15.5],
    [31, 168, 0.4, 15.4],
    [50, 168, 0.4, 15.4],
    [51, 168, 0.3, 15.3],
    [80, 168, 0.3, 15.3],
    [81, 168, 0.2, 15.2],
    [100, 168, 0.2, 15.2],
    [101, 168, -0.2, 14.8],
    [120, 168, -0.2, 14.8],
    [121, 168, -0.3, 14.7],
    [145, 168, -0.3, 14.7],
    [146, 168, -0.5, 14.5],
    [168, 168, -0.5, 14.5],
    [169, 169, -0.5, 14.5], // more key cities than 168: beyond 168 is still −0.5
  ])('rank %p of %p → %p → %p', (rank, total, points, score) => {
    const keys = [
      ...keysOnDay(D, repeat(1.0, rank - 1), 'LO'),
      { code: 'S', dailyIndex: new Map([[D, 2.0]]), monthCompositeIndex: null },
      ...keysOnDay(D, repeat(3.0, total - rank), 'HI'),
    ];
    const [result] = one({
      month: '2025-03',
      cities: [city('S', { keyCity: true, days: [day(D, 2.0)] })],
      keyCities: keys,
    });
    expect(result.dailyRank).toEqual({ score, days: [{ date: D, index: 2, rank, points }] });
  });

  it('ranks on indices rounded to 2 decimals by GB/T 8170, ties sharing the better rank (1, 2, 2, 4, 4, 6)', () => {
    // 0.97 → 0.97; 0.984 → 0.98; 0.985 → 0.98 (5 after an even 8 stays); 0.986 → 0.99; 0.994 → 0.99;
    // 0.995 → 1.00 (5 after an odd 9 goes up). Sorted rounded: 0.97 | 0.98 0.98 | 0.99 0.99 | 1.00.
    const raw = { A: 0.97, B: 0.984, C: 0.985, D: 0.986, E: 0.994, F: 0.995 };
    const keys = Object.entries(raw).map(([code, index]) => ({
      code,
      dailyIndex: new Map([[D, index]]),
      monthCompositeIndex: null,
    }));
    const cities = Object.entries(raw).map(([code, index]) => city(code, { keyCity: true, days: [day(D, index)] }));
    const results = one({ month: '2025-03', cities, keyCities: keys });
    expect(results.map((r) => [r.regionCode, r.dailyRank.days[0].index, r.dailyRank.days[0].rank])).toEqual([
      ['A', 0.97, 1],
      ['B', 0.98, 2],
      ['C', 0.98, 2], // by raw value it would be 3
      ['D', 0.99, 4],
      ['E', 0.99, 4],
      ['F', 1.0, 6],
    ]);
  });

  describe('a non-key city takes the rank of the nearest key city', () => {
    // Key cities: 1.00 (rank 1), 1.10, 1.10 (rank 2), 1.30 (rank 4), 1.50 (rank 5).
    const keys = keysOnDay(D, [1.5, 1.1, 1.0, 1.3, 1.1]);
    it.each([
      [1.2, 2], // 0.10 from 1.10 (rank 2) and 0.10 from 1.30 (rank 4): equal distance → better rank 2
      [1.4, 4], // 0.10 from 1.30 (rank 4) and from 1.50 (rank 5) → 4
      [1.26, 4], // 0.04 from 1.30
      [1.104, 2], // rounds to 1.10: equal to the tied key cities
      [1.205, 2], // rounds to 1.20 (5 after even 0): the equal-distance case again
      [0.5, 1], // below every key city
      [9.99, 5], // above every key city
    ])('index %p → rank %p', (index, rank) => {
      const [result] = one({ month: '2025-03', cities: [city('X', { days: [day(D, index)] })], keyCities: keys });
      expect(result.dailyRank.days[0].rank).toBe(rank);
    });
  });

  it('ranks each day only among the key cities valid that day', () => {
    // 10th: key cities 1.00, 2.00 valid (3.00 is null) → X 2.50 nearest 2.00 → rank 2 → +0.5.
    // 11th: only K3 (3.00) valid → nearest → rank 1 → +0.5. 12th: X invalid → not listed. Score 15 + 1.0 = 16.
    const keys: KeyCityInput[] = [
      { code: 'K1', dailyIndex: new Map([['2025-03-10', 1.0]]), monthCompositeIndex: null },
      { code: 'K2', dailyIndex: new Map([['2025-03-10', 2.0], ['2025-03-11', null]]), monthCompositeIndex: null },
      { code: 'K3', dailyIndex: new Map([['2025-03-10', null], ['2025-03-11', 3.0]]), monthCompositeIndex: null },
    ];
    const [result] = one({
      month: '2025-03',
      cities: [city('X', { days: [day('2025-03-12', null, null), day('2025-03-11', 2.5), day('2025-03-10', 2.5)] })],
      keyCities: keys,
    });
    expect(result.dailyRank).toEqual({
      score: 16,
      days: [
        { date: '2025-03-10', index: 2.5, rank: 2, points: 0.5 },
        { date: '2025-03-11', index: 2.5, rank: 1, points: 0.5 },
      ],
    });
  });

  it('gives a day no points when no key city is valid that day', () => {
    const [result] = one({ month: '2025-03', cities: [city('X', { days: [day(D, 1.0)] })], keyCities: [] });
    expect(result.dailyRank).toEqual({ score: 15, days: [{ date: D, index: 1, rank: null, points: 0 }] });
  });

  /** A non-key city with `count` days in March, each nearest to a single key city of rank `rank` that day. */
  function sameRankEveryDay(rank: number, count: number) {
    const dates = Array.from({ length: count }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`);
    // rank − 1 key cities at 1.00, then one at 2.00 (the one X is nearest to, rank = rank), every day.
    const keys: KeyCityInput[] = [...repeat(1.0, rank - 1), 2.0].map((index, i) => ({
      code: `K${i + 1}`,
      dailyIndex: new Map(dates.map((date) => [date, index])),
      monthCompositeIndex: null,
    }));
    const [result] = one({
      month: '2025-03',
      cities: [city('X', { days: dates.map((date) => day(date, 2.0)) })],
      keyCities: keys,
    });
    return result.dailyRank.score;
  }

  it.each([
    [1, 31, 30], // 15 + 31·0.5 = 30.5 → clamp 30
    [1, 30, 30], // 15 + 15 = 30 exactly
    [146, 31, 0], // 15 − 15.5 = −0.5 → clamp 0
    [146, 30, 0], // 15 − 15 = 0 exactly
    [60, 3, 15.9], // 15 + 3·0.3 = 15.9 (in floating point 0.3·3 = 0.8999999999999999)
    [60, 31, 24.3], // 15 + 31·0.3 = 24.3
    [130, 7, 12.9], // 15 − 7·0.3 = 12.9
  ])('rank %p on %p days → %p', (rank, count, score) => {
    expect(sameRankEveryDay(rank, count)).toBe(score);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('art. 5 improvement', () => {
  /**
   * 21 cities C1…C21: last year 2.00, this month 1.00 + 0.02·k, so u_k = (2.00 − I)/2.00·100 decreases with k and
   * C_k ranks k. N = 21, N − 10 = 11: r ≤ 10 → 11 − r; r > 11 → −(r − 11); r = 11 → 0.
   */
  const cities21 = (change: (k: number, c: ScoredCityInput) => ScoredCityInput = (_, c) => c) =>
    Array.from({ length: 21 }, (_, i) =>
      change(
        i + 1,
        city(`C${i + 1}`, { month: { compositeIndex: 1.0 + 0.02 * (i + 1) }, lastYear: { compositeIndex: 2.0 } }),
      ),
    );
  // National: 20 key cities at 0.50 (rank 1) and 10 at 1.00 (rank 21). Every C_k (1.02–1.42) is nearest to 1.00 →
  // national rank 21: no waiver.
  const farFromTop = keysForMonth([...repeat(0.5, 20), ...repeat(1.0, 10)]);

  it.each([
    // [k, rank, points, score]
    [1, 1, 10, 30],
    [2, 2, 9, 29],
    [10, 10, 1, 21],
    [11, 11, 0, 20],
    [12, 12, -1, 19],
    [20, 20, -9, 11],
    [21, 21, -10, 10],
  ])('N = 21: C%p ranks %p → %p → %p', (k, rank, points, score) => {
    const results = one({ month: '2025-03', cities: cities21(), keyCities: farFromTop });
    expect(results[k - 1].improvement).toMatchObject({ rank, n: 21, points, score, waived: false, nationalRank: 21 });
  });

  it('reports u on the 2-decimal indices', () => {
    // C1: (2.00 − 1.02)/2.00·100 = 49.
    const [c1] = one({ month: '2025-03', cities: cities21(), keyCities: farFromTop });
    expect(c1.improvement.u).toBeCloseTo(49, 10);
  });

  it('ties in u share the better rank, compared exactly on the rounded indices', () => {
    // A: 2.004 → 2.00, 1.795 → 1.80 (5 after odd 9 goes up): u = 20/200 = 10 %.
    // B: 1.00 → 0.90: u = 10/100 = 10 % (in floating point (1 − 0.9)/1·100 = 9.999999999999998).
    // C: 1.00 → 1.00: u = 0. Ranks 1, 1, 3 of N = 3 (all ≤ 10): +10, +10, +8.
    const cities = [
      city('A', { month: { compositeIndex: 1.795 }, lastYear: { compositeIndex: 2.004 } }),
      city('B', { month: { compositeIndex: 0.9 }, lastYear: { compositeIndex: 1.0 } }),
      city('C', { month: { compositeIndex: 1.0 }, lastYear: { compositeIndex: 1.0 } }),
    ];
    const results = one({ month: '2025-03', cities, keyCities: keysForMonth([0.1, 0.1]) });
    const parts = results.map(({ improvement: i }) => [i.u, i.rank, i.points, i.score]);
    expect(parts).toEqual([
      [10, 1, 10, 30],
      [10, 1, 10, 30],
      [0, 3, 8, 28],
    ]);
  });

  it('N = 21 with the last two tied: both rank 20 → −9', () => {
    const results = one({
      month: '2025-03',
      cities: cities21((k, c) => (k === 21 ? { ...c, month: { ...c.month, compositeIndex: 1.4 } } : c)),
      keyCities: farFromTop,
    });
    expect(results[19].improvement).toMatchObject({ rank: 20, points: -9, score: 11 });
    expect(results[20].improvement).toMatchObject({ rank: 20, points: -9, score: 11 });
  });

  it('waives deductions for the national top 20 (nearest rule for non-key cities), never bonuses', () => {
    // National: 19 at 0.50 (rank 1), one at 1.40 (rank 20), 10 at 1.41 (rank 21).
    // C20 = 1.40 → rank 20 nationally → raw −9 waived → 0, score 20.
    // C21 = 1.42 → nearest 1.41 (0.01) → rank 21 → −10, score 10.
    // C12 = 1.24 → 0.16 from 1.40, 0.74 from 0.50 → rank 20 → raw −1 waived.
    // C1 = 1.02 → 0.38 from 1.40, 0.52 from 0.50 → rank 20 → +10 unchanged, not "waived".
    const keys = keysForMonth([...repeat(0.5, 19), 1.4, ...repeat(1.41, 10)]);
    const results = one({ month: '2025-03', cities: cities21(), keyCities: keys });
    expect(results[19].improvement).toMatchObject({ rank: 20, points: 0, waived: true, nationalRank: 20, score: 20 });
    expect(results[20].improvement).toMatchObject({
      rank: 21,
      points: -10,
      waived: false,
      nationalRank: 21,
      score: 10,
    });
    expect(results[11].improvement).toMatchObject({ rank: 12, points: 0, waived: true, nationalRank: 20, score: 20 });
    expect(results[0].improvement).toMatchObject({ rank: 1, points: 10, waived: false, nationalRank: 20, score: 30 });
  });

  it('a key city uses its own national rank', () => {
    // K (key, 1.42) among key cities 19 × 0.50, 1.41, K 1.42: 1 + 20 smaller → rank 21 → no waiver.
    const keys = [
      ...keysForMonth([...repeat(0.5, 19), 1.41]),
      { code: 'C21', dailyIndex: new Map(), monthCompositeIndex: 1.42 },
    ];
    const results = one({
      month: '2025-03',
      cities: cities21((k, c) => (k === 21 ? { ...c, keyCity: true } : c)),
      keyCities: keys,
    });
    expect(results[20].improvement).toMatchObject({ rank: 21, nationalRank: 21, points: -10, waived: false });
  });

  it('a city without u scores 20, is not ranked and not counted: N shrinks', () => {
    // C21 loses last year's index → no u → N = 20, N − 10 = 10. C10 → +1; C11 now r > 10 → −1; C20 → −10.
    const results = one({
      month: '2025-03',
      cities: cities21((k, c) => (k === 21 ? { ...c, lastYear: { ...c.lastYear, compositeIndex: null } } : c)),
      keyCities: farFromTop,
    });
    expect(results[20].improvement).toEqual({
      score: 20,
      u: null,
      rank: null,
      n: 20,
      points: 0,
      waived: false,
      nationalRank: 21,
    });
    expect(results[9].improvement).toMatchObject({ rank: 10, n: 20, points: 1, score: 21 });
    expect(results[10].improvement).toMatchObject({ rank: 11, n: 20, points: -1, score: 19 });
    expect(results[19].improvement).toMatchObject({ rank: 20, n: 20, points: -10, score: 10 });
  });

  it.each([
    ['no index this month', { month: { compositeIndex: null }, lastYear: { compositeIndex: 1.0 } }],
    ['no index last year', { month: { compositeIndex: 1.0 }, lastYear: { compositeIndex: null } }],
    ['last year 0.004 → 0.00', { month: { compositeIndex: 1.0 }, lastYear: { compositeIndex: 0.004 } }],
  ] as [string, CityOverrides][])('no u: %s', (_, overrides) => {
    const [result] = one({ month: '2025-03', cities: [city('X', overrides)], keyCities: [] });
    expect(result.improvement).toMatchObject({ score: 20, u: null, rank: null, n: 0, points: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('art. 6 good days', () => {
  const good = (g: number, v: number, gLast: number, vLast: number) =>
    city('X', {
      month: { goodDays: g, validDays: v, goodDayRatio: v === 0 ? null : (g / v) * 100 },
      lastYear: { goodDays: gLast, validDays: vLast, goodDayRatio: vLast === 0 ? null : (gLast / vLast) * 100 },
    });

  it.each([
    // [g, v, gLast, vLast, score, branch]
    [31, 31, 0, 0, 30, 'NO_DATA_LAST_YEAR'], // nothing to compare with
    [0, 0, 0, 0, 30, 'NO_DATA_LAST_YEAR'],
    [31, 31, 29, 31, 40, 'EXCELLENT'], // 100 % ≥ 95 and ≥ 93.5 %
    [19, 20, 19, 20, 40, 'EXCELLENT'], // exactly 95 % and equal to last year
    [30, 31, 31, 31, 27, 'CHANGE'], // 96.8 % ≥ 95 but below last year's 100 %: 30 + 3·(30 − 31) = 27
    [25, 31, 22, 31, 39, 'CHANGE'], // 80.6 %, +3 days: 30 + 9 = 39
    [25, 31, 21, 31, 40, 'CHANGE'], // +4 days: 42 → 40
    [18, 20, 19, 20, 27, 'CHANGE'], // 90 %, −1 day: 27
    [20, 31, 23, 31, 21, 'CHANGE'], // −3 days: 21
    [10, 31, 20, 31, 0, 'CHANGE'], // −10 days: 0 exactly
    [10, 31, 21, 31, 0, 'CHANGE'], // −11 days: −3 → 0
    [0, 0, 5, 30, 15, 'CHANGE'], // no valid day in M (R null, not ≥ 95): 30 − 15 = 15
    [28, 30, 26, 31, 36, 'CHANGE'], // 93.3 %: 30 + 3·2 = 36
  ])('g %p/%p vs %p/%p → %p (%s)', (g, v, gLast, vLast, score, branch) => {
    const [result] = one({ month: '2025-03', cities: [good(g, v, gLast, vLast)], keyCities: [] });
    expect(result.goodDays).toMatchObject({ score, g, gLast, branch });
    expect(result.goodDays.r).toBe(v === 0 ? null : (g / v) * 100);
    expect(result.goodDays.rLast).toBe(vLast === 0 ? null : (gLast / vLast) * 100);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('art. 7 heavy pollution', () => {
  it('January: the 1st of the year −2, the 2nd −3', () => {
    const [result] = one({
      month: '2025-01',
      cities: [city('X', { heavyDaysThisYear: ['2025-01-20', '2025-01-05'] })],
      keyCities: [],
    });
    expect(result.heavyPollution).toEqual({
      score: -5,
      days: [
        { date: '2025-01-05', order: 1, charge: -2 },
        { date: '2025-01-20', order: 2, charge: -3 },
      ],
      countyOnlyDays: [],
    });
  });

  it('January with three: −2 −3 −5 = −10', () => {
    const [result] = one({
      month: '2025-01',
      cities: [city('X', { heavyDaysThisYear: ['2025-01-05', '2025-01-20', '2025-01-21'] })],
      keyCities: [],
    });
    expect(result.heavyPollution.score).toBe(-10);
    expect(result.heavyPollution.days.map((d) => d.charge)).toEqual([-2, -3, -5]);
  });

  it('March of the same year: the 3rd and 4th of the year, −5 each; county-only days −1 once a day', () => {
    // City heavy: Jan 5, Jan 20 (charged to January), Mar 2 (3rd, −5), Mar 15 (4th, −5).
    // Counties heavy: Mar 15 (the city too: no −1), Mar 20 twice (−1 once). Total −11.
    const [result] = one({
      month: '2025-03',
      cities: [
        city('X', {
          heavyDaysThisYear: ['2025-03-15', '2025-01-05', '2025-03-02', '2025-01-20'],
          countyHeavyDays: ['2025-03-20', '2025-03-15', '2025-03-20'],
        }),
      ],
      keyCities: [],
    });
    expect(result.heavyPollution).toEqual({
      score: -11,
      days: [
        { date: '2025-03-02', order: 3, charge: -5 },
        { date: '2025-03-15', order: 4, charge: -5 },
      ],
      countyOnlyDays: [{ date: '2025-03-20', charge: -1 }],
    });
  });

  it('no heavy day in M: 0 even with earlier heavy days', () => {
    const [result] = one({
      month: '2025-02',
      cities: [city('X', { heavyDaysThisYear: ['2025-01-05'] })],
      keyCities: [],
    });
    expect(result.heavyPollution).toEqual({ score: 0, days: [], countyOnlyDays: [] });
  });

  it('rejects heavy days outside 1 January … end of M', () => {
    const input = (dates: string[]) => ({
      month: '2025-03',
      cities: [city('X', { heavyDaysThisYear: dates })],
      keyCities: [],
    });
    expect(() => monthlyScores(input(['2024-12-31']))).toThrow(RangeError);
    expect(() => monthlyScores(input(['2025-04-01']))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('art. 8 bonus', () => {
  describe('PM2.5 target: mean rounded to 0.1 ≤ target → +2, +0.1 per full 0.1 below', () => {
    it.each([
      [35, 34.75, 2.2], // 34.75 → 34.8 (5 after odd 7 goes up): 2 steps
      [35, 34.85, 2.2], // 34.85 → 34.8 (5 after even 8 stays): 2 steps
      [35, 34.95, 2.0], // → 35.0: at the target
      [35.0, 35.0, 2.0], // at the target
      [35, 35.05, 2.0], // → 35.0 (5 after even 0 stays)
      [35, 35.04, 2.0], // → 35.0
      [35, 34.9, 2.1], // just under: 1 step
      [35, 34.7, 2.3], // 3 steps (35 − 34.7 = 0.29999999999999716 in floating point)
      [35, 30, 7.0], // 50 steps
      [35, 35.1, null], // above: nothing
      [35, 35.15, null], // → 35.2
      [32.5, 32.25, 2.3], // → 32.2 (5 after even 2 stays): 32.5 − 32.2 = 0.3 → 3 steps
    ])('target %p, mean %p → %p', (target, pm25, points) => {
      const [result] = one({
        month: '2025-03',
        cities: [city('X', { month: { pm25 }, target: { pm25: target, goodDayRatio: null } })],
        keyCities: [],
      });
      expect(result.bonus.items).toEqual(points === null ? [] : [{ reason: 'PM25_TARGET', points }]);
      expect(result.bonus.score).toBe(points ?? 0);
    });

    it('a target with two decimals counts only full tenths', () => {
      // Target 35.25, mean 34.8: 0.45 below → 4 full steps → +2.4.
      const [result] = one({
        month: '2025-03',
        cities: [city('X', { month: { pm25: 34.8 }, target: { pm25: 35.25, goodDayRatio: null } })],
        keyCities: [],
      });
      expect(result.bonus.items).toEqual([{ reason: 'PM25_TARGET', points: 2.4 }]);
    });
  });

  describe('good-day ratio target: ratio rounded to 0.1 ≥ target → +2, +0.1 per full 0.1 above', () => {
    it.each([
      [90, 90, 2.0], // at the target
      [90, 89.95, 2.0], // → 90.0 (5 after odd 9 goes up)
      [90, 89.94, null], // → 89.9: just under
      [90, 90.3, 2.3], // 3 steps (90.3 − 90 = 0.29999999999999716 in floating point)
      [90, (29 / 31) * 100, 5.5], // 93.548… → 93.5: 35 steps
      [92.5, 100, 9.5], // 75 steps
    ])('target %p, ratio %p → %p', (target, goodDayRatio, points) => {
      const [result] = one({
        month: '2025-03',
        cities: [city('X', { month: { goodDayRatio }, target: { pm25: null, goodDayRatio: target } })],
        keyCities: [],
      });
      expect(result.bonus.items).toEqual(points === null ? [] : [{ reason: 'GOOD_DAY_RATIO_TARGET', points }]);
    });
  });

  it('no target, or no mean: no target bonus', () => {
    const results = one({
      month: '2025-03',
      cities: [
        city('A', { month: { pm25: 10, goodDayRatio: 100 }, target: null }),
        city('B', { month: { pm25: null, goodDayRatio: null }, target: { pm25: 35, goodDayRatio: 90 } }),
      ],
      keyCities: [],
    });
    expect(results.map((r) => r.bonus)).toEqual([
      { score: 0, items: [], recoveredDays: [] },
      { score: 0, items: [], recoveredDays: [] },
    ]);
  });

  it('recovered days: +2 for a heavy day saved, +1 for a good day saved, both independently', () => {
    const days = [
      day('2025-03-01', null, 180, 230), // partial > 200, day ≤ 200: +2 (day 180 > 100: no +1)
      day('2025-03-02', null, 90, 150), // partial > 100, day ≤ 100: +1
      day('2025-03-03', null, 95, 210), // both: +3
      day('2025-03-04', null, 210, 230), // not recovered: 0
      day('2025-03-05', null, 200, 201), // edges: 201 > 200 and 200 ≤ 200: +2
      day('2025-03-06', null, 150, 200), // partial 200 is not > 200; day 150 > 100: 0
      day('2025-03-07', null, 100, 101), // 101 > 100 and 100 ≤ 100: +1
      day('2025-03-08', null, 50, 100), // partial 100 is not > 100: 0
      day('2025-03-09', null, 50, null), // no partial AQI: 0
      day('2025-03-10', null, null, 250), // day not valid: 0
    ];
    // Total 2 + 1 + 3 + 2 + 1 = 9.
    const [result] = one({ month: '2025-03', cities: [city('X', { days: [...days].reverse() })], keyCities: [] });
    expect(result.bonus).toEqual({
      score: 9,
      items: [],
      recoveredDays: [
        { date: '2025-03-01', partialAqi: 230, aqi: 180, points: 2 },
        { date: '2025-03-02', partialAqi: 150, aqi: 90, points: 1 },
        { date: '2025-03-03', partialAqi: 210, aqi: 95, points: 3 },
        { date: '2025-03-05', partialAqi: 201, aqi: 200, points: 2 },
        { date: '2025-03-07', partialAqi: 101, aqi: 100, points: 1 },
      ],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('monthly total', () => {
  it('adds the five parts, exactly, one result per city in input order', () => {
    // Month 2025-03. Key cities (one day, 2025-03-01): K1 1.00, K2 2.00, K3 3.00; month indices K1 0.50, K2 0.60.
    // Y (non-key, listed first): neutral except heavy Jan 3 → nothing in March → total 65.
    // X (non-key):
    //   daily: Mar 1 index 2.004 → 2.00 = K2 → rank 2 → +0.5; Mar 2 no key city → 0. 15.5.
    //   improvement: 1.50 vs 2.00: u = 25, only city with u → rank 1 of N = 1 → +10 → 30 (national: nearest 0.60,
    //     rank 2 — irrelevant for a bonus).
    //   good days: 27/31 vs 25/31 → 30 + 6 = 36.
    //   heavy: Jan 10 (1st), Mar 1 (2nd, −3); county Mar 2 (−1) → −4.
    //   bonus: pm25 33.36 → 33.4 vs target 35: 16 steps → 3.6; ratio 87.096… → 87.1 vs 88: none;
    //     Mar 2 partial 120, day 95 → +1. Bonus 4.6.
    //   total 15.5 + 30 + 36 − 4 + 4.6 = 82.1.
    const keys: KeyCityInput[] = [
      { code: 'K1', dailyIndex: new Map([['2025-03-01', 1.0]]), monthCompositeIndex: 0.5 },
      { code: 'K2', dailyIndex: new Map([['2025-03-01', 2.0]]), monthCompositeIndex: 0.6 },
      { code: 'K3', dailyIndex: new Map([['2025-03-01', 3.0]]), monthCompositeIndex: null },
    ];
    const x = city('X', {
      days: [day('2025-03-02', 1.2, 95, 120), day('2025-03-01', 2.004, 210, 230)],
      month: { compositeIndex: 1.5, goodDays: 27, validDays: 31, goodDayRatio: (27 / 31) * 100, pm25: 33.36 },
      lastYear: { compositeIndex: 2.0, goodDays: 25, validDays: 31, goodDayRatio: (25 / 31) * 100 },
      heavyDaysThisYear: ['2025-03-01', '2025-01-10'],
      countyHeavyDays: ['2025-03-02'],
      target: { pm25: 35, goodDayRatio: 88 },
    });
    const y = city('Y', { heavyDaysThisYear: ['2025-01-03'] });
    const [ry, rx] = monthlyScores({ month: '2025-03', cities: [y, x], keyCities: keys });
    expect(ry).toMatchObject({ regionCode: 'Y', month: '2025-03', total: 65 });
    expect(rx).toEqual({
      regionCode: 'X',
      month: '2025-03',
      total: 82.1,
      validDays: 31,
      complete: true,
      dailyRank: {
        score: 15.5,
        days: [
          { date: '2025-03-01', index: 2, rank: 2, points: 0.5 },
          { date: '2025-03-02', index: 1.2, rank: null, points: 0 },
        ],
      },
      improvement: { score: 30, u: 25, rank: 1, n: 1, points: 10, waived: false, nationalRank: 2 },
      goodDays: { score: 36, g: 27, gLast: 25, r: (27 / 31) * 100, rLast: (25 / 31) * 100, branch: 'CHANGE' },
      heavyPollution: {
        score: -4,
        days: [{ date: '2025-03-01', order: 2, charge: -3 }],
        countyOnlyDays: [{ date: '2025-03-02', charge: -1 }],
      },
      bonus: {
        score: 4.6,
        items: [{ reason: 'PM25_TARGET', points: 3.6 }],
        recoveredDays: [{ date: '2025-03-02', partialAqi: 120, aqi: 95, points: 1 }],
      },
    });
  });

  it('rejects a bad month, a day outside M and a day given twice', () => {
    expect(() => monthlyScores({ month: '2025-13', cities: [], keyCities: [] })).toThrow(RangeError);
    expect(() =>
      monthlyScores({ month: '2025-03', cities: [city('X', { days: [day('2025-04-01', 1)] })], keyCities: [] }),
    ).toThrow(RangeError);
    expect(() =>
      monthlyScores({
        month: '2025-03',
        cities: [city('X', { days: [day('2025-03-01', 1), day('2025-03-01', 2)] })],
        keyCities: [],
      }),
    ).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('§2 completeness, and what a month without a valid day scores', () => {
  it.each([
    // [month, valid days, complete]
    ['2025-03', 26, false], // 31 days: 27 needed
    ['2025-03', 27, true],
    ['2025-04', 26, false], // 30 days: still 27
    ['2025-04', 27, true],
    ['2025-02', 24, false], // February: 25
    ['2025-02', 25, true],
    ['2024-02', 24, false], // leap February: still 25
    ['2024-02', 25, true],
    ['2024-02', 29, true],
    ['2026-03', 26, false], // the 2026 edition keeps HJ 663's thresholds
    ['2026-03', 27, true],
    ['2025-01', 0, false],
  ])('%s with %p valid days: complete %p', (month, validDays, complete) => {
    expect(monthComplete(month, validDays)).toBe(complete);
    const [result] = one({ month, cities: [city('X', { month: { validDays } })], keyCities: [] });
    expect(result).toMatchObject({ validDays, complete });
  });

  it('a leap day is a day of February 2024; a count beyond the days of the month is refused', () => {
    const [result] = one({
      month: '2024-02',
      cities: [city('X', { days: [day('2024-02-29', 1.5, 60)], month: { validDays: 29, goodDays: 29 } })],
      keyCities: [],
    });
    expect(result).toMatchObject({ validDays: 29, complete: true });
    const tooMany = (month: string, validDays: number) => () =>
      monthlyScores({ month, cities: [city('X', { month: { validDays } })], keyCities: [] });
    expect(tooMany('2025-02', 29)).toThrow(RangeError);
    expect(tooMany('2025-04', 31)).toThrow(RangeError);
    expect(tooMany('2025-03', -1)).toThrow(RangeError);
    expect(tooMany('2025-03', 2.5)).toThrow(RangeError);
  });

  it('no valid day: the rules still give 65 (15 + 20 + 30 + 0 + 0), said to be built on nothing', () => {
    const [result] = one({ month: '2025-01', cities: [city('510100')], keyCities: [] });
    expect(result).toMatchObject({ total: 65, validDays: 0, complete: false, dailyRank: { score: 15, days: [] } });
  });
});

describe('province ranking', () => {
  it('ranks the cities with a valid day by total (ties share the better rank), then the others by code, unranked', () => {
    // February 2025, no key city, nothing last year. A: 25 valid days, nothing else → 65. B and C: a heavy day on
    // 02-03, the first of the year → −2 → 63 each. Y and Z: no valid day → 65, above B and C, yet unranked.
    const heavy = { heavyDaysThisYear: ['2025-02-03'] };
    const results = one({
      month: '2025-02',
      cities: [
        city('Z'),
        city('C', { ...heavy, month: { validDays: 1 } }),
        city('A', { month: { validDays: 25 } }),
        city('Y'),
        city('B', { ...heavy, month: { validDays: 10 } }),
      ],
      keyCities: [],
    });
    expect(provinceRanks(results).map(({ result, rank }) => [result.regionCode, result.total, rank, result.complete])).toEqual([
      ['A', 65, 1, true],
      ['B', 63, 2, false],
      ['C', 63, 2, false],
      ['Y', 65, null, false],
      ['Z', 65, null, false],
    ]);
  });

  it('with no city measured, nobody is ranked', () => {
    const results = one({ month: '2025-02', cities: [city('B'), city('A')], keyCities: [] });
    expect(provinceRanks(results).map(({ result, rank }) => [result.regionCode, rank])).toEqual([['A', null], ['B', null]]);
  });
});

describe('art. 3 yearly score', () => {
  it('is the mean of the totals of the months with a valid day, and says how many and how many are complete', () => {
    // (70.1 + 65.2 + 83) / 3 = 218.3 / 3 = 72.7666…; the 65 of the month without a valid day is not averaged.
    const score = yearlyScore([
      { total: 70.1, validDays: 27, complete: true },
      { total: 65, validDays: 0, complete: false },
      { total: 65.2, validDays: 26, complete: false },
      { total: 83, validDays: 2, complete: false },
    ]);
    expect(score).toEqual({ score: 2183 / 30, monthsCounted: 3, completeMonths: 1 });
    // Tenths, not floats: 0.1 + 0.2 would be 0.30000000000000004; (1 + 2) / 10 / 2 = 0.15.
    expect(yearlyScore([{ total: 0.1, validDays: 1, complete: false }, { total: 0.2, validDays: 1, complete: false }]).score).toBe(0.15);
  });

  it('is null when no month has a valid day', () => {
    expect(yearlyScore([{ total: 65, validDays: 0, complete: false }, { total: 35, validDays: 0, complete: false }])).toEqual({
      score: null,
      monthsCounted: 0,
      completeMonths: 0,
    });
    expect(yearlyScore([])).toEqual({ score: null, monthsCounted: 0, completeMonths: 0 });
  });
});
