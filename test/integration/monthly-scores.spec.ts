import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

/**
 * Annex 2 through the whole hub: regions, hourly values published as cities' own reported values (constant over a
 * day, so each daily mean is that constant), targets, and `monthlyScores` for January 2025 (HJ 633—2012 rules).
 * Every expected figure is worked by hand in the comments (S: SO2 60, NO2 40, PM10 70, PM2.5 35, CO 4, O3 160).
 */
const BASE = { pm25: 35, pm10: 70, so2: 60, no2: 40, co: 4, o3: 160 }; // composite index 6.00
const HALF = { pm25: 17.5, pm10: 35, so2: 30, no2: 20, co: 2, o3: 80 }; // composite index 3.00

type Values = typeof BASE;
/** The 24 hours of a day, each with `values(slot)` (slot 0 = 01:00 … 23 = next day 00:00, CST). */
function day(regionCode: string, date: string, values: (slot: number) => Values) {
  const first = Date.parse(`${date}T01:00:00+08:00`);
  return Array.from({ length: 24 }, (_, slot) => ({
    regionCode,
    observedAt: new Date(first + slot * 3_600_000).toISOString(),
    ...values(slot),
  }));
}
const constant = (v: Values) => () => v;

describe('monthly scores (Sichuan Annex 2) end to end', () => {
  let hub: TestHub;
  let reader: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    await hub.data(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
      i: [
        { code: '110000', name: '北京市', level: 'PROVINCE' },
        { code: '110100', name: '北京市市辖区', level: 'CITY', parentCode: '110000', keyCity: true },
        { code: '510000', name: '四川省', level: 'PROVINCE' },
        { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000', keyCity: true },
        { code: '510104', name: '锦江区', level: 'COUNTY', parentCode: '510100' },
        { code: '510300', name: '自贡市', level: 'CITY', parentCode: '510000', keyCity: true },
        { code: '511100', name: '乐山市', level: 'CITY', parentCode: '510000', keyCity: false },
        // Mianyang: no data at all.
        { code: '510700', name: '绵阳市', level: 'CITY', parentCode: '510000', keyCity: false },
      ],
    });
    const hours = [
      ...day('110100', '2025-01-10', constant(BASE)),
      // Chengdu: 01-10 PM2.5 70 → index 7.00, AQI 100 (CO 4 and MDA8 160 both IAQI 100): good.
      ...day('510100', '2025-01-10', constant({ ...BASE, pm25: 70 })),
      // 01-11 PM2.5 200 → IAQI (300−200)/(250−150)·(200−150)+200 = 250: heavy, the first of 2025.
      ...day('510100', '2025-01-11', constant({ ...BASE, pm25: 200 })),
      // A year earlier, PM2.5 105 → IAQI (150−100)/(115−75)·30+100 = 137.5 → 138: valid, not good.
      ...day('510100', '2024-01-10', constant({ ...BASE, pm25: 105 })),
      // Its county Jinjiang is heavy on 01-10 (PM2.5 200) while Chengdu is not: −1.
      ...day('510104', '2025-01-10', constant({ ...BASE, pm25: 200 })),
      // Zigong: 01-10 at half the limits → index 3.00, AQI 50.
      ...day('510300', '2025-01-10', constant(HALF)),
      // 01-12 PM2.5 200 until 15:00 then 0: by 15:00 the mean is 200 (IAQI 250 > 200); the day's mean is
      // 15·200/24 = 125 → IAQI (200−150)/(150−115)·10+150 = 164.3 → 165 ≤ 200: a recovered heavy day, +2.
      ...day('510300', '2025-01-12', (slot) => ({ ...HALF, pm25: slot < 15 ? 200 : 0 })),
      // Leshan (not a key city): 01-10 PM2.5 52.5 → index 6.50, equally near Beijing 6.00 and Chengdu 7.00.
      ...day('511100', '2025-01-10', constant({ ...BASE, pm25: 52.5 })),
    ];
    const { ingestAirQuality } = await hub.data(ecology, `mutation($i: [AirQualityInput!]!) {
      ingestAirQuality(input: $i) { accepted rejected } }`, { i: hours });
    expect(ingestAirQuality).toEqual({ accepted: hours.length, rejected: 0 });
    const { upsertCityTargets } = await hub.data(cc, `mutation($i: [CityTargetInput!]!) {
      upsertCityTargets(input: $i) { accepted rejected errors { index field code } } }`, {
      i: [{ regionCode: '510100', periodKind: 'MONTH', period: '2025-01', pm25Target: 140, goodDayRatioTarget: 60, pm25DecreaseTarget: 5 }],
    });
    expect(upsertCityTargets).toEqual({ accepted: 1, rejected: 0, errors: [] });
  });
  afterAll(() => hub.stop());

  test('each city scores every part as worked by hand', async () => {
    const { monthlyScores } = await hub.data(reader, `{ monthlyScores(provinceCode: "510000", month: "2025-01") {
      regionCode regionName provinceRank validDays complete total dailyRank improvement goodDays heavyPollution bonus standard
      detail {
        dailyRank { days { date index rank points } }
        improvement { u rank n points waived nationalRank compositeIndex compositeIndexLastYear }
        goodDays { g gLast r rLast branch }
        heavyPollution { days { date order charge } countyOnlyDays { date charge } }
        bonus { items { reason points } recoveredDays { date partialAqi aqi points } }
      } } }`);
    const [chengdu, zigong, leshan, mianyang] = monthlyScores;
    expect(monthlyScores).toHaveLength(4);

    // Chengdu: daily 15 + 0.5 (01-10: 3rd of Zigong 3.00, Beijing 6.00, Chengdu 7.00) + 0.5 (01-11: alone) = 16.
    // Month index: PM2.5 (70+200)/2 = 135 → 135/35 = 3.857…, five terms of 1 → 8.857… → 8.86; last year 8.00;
    // u = (8.00 − 8.86)/8.00·100 = −10.75, ranked 1st of N = 1 → +10 → 30. Good days g = 1 (01-10), g_last = 0:
    // 30 + 3 = 33. Heavy: 01-11 first of the year −2, Jinjiang alone on 01-10 −1 → −3. Bonus: PM2.5 135.0 ≤ 140 →
    // 2 + 50 × 0.1 = 7; good-day ratio 50% < 60: nothing. Total 16 + 30 + 33 − 3 + 7 = 83.
    expect(chengdu).toMatchObject({
      regionCode: '510100', regionName: '成都市', provinceRank: 1, validDays: 2, complete: false, total: 83, dailyRank: 16, improvement: 30, goodDays: 33,
      heavyPollution: -3, bonus: 7, standard: 'HJ_633_2012',
    });
    expect(chengdu.detail.dailyRank.days).toEqual([
      { date: '2025-01-10', index: 7, rank: 3, points: 0.5 },
      { date: '2025-01-11', index: 10.71, rank: 1, points: 0.5 },
    ]);
    expect(chengdu.detail.improvement).toMatchObject({ u: -10.75, rank: 1, n: 1, points: 10, waived: false, nationalRank: 3 });
    expect(chengdu.detail.improvement.compositeIndex).toBeCloseTo(135 / 35 + 5, 12);
    expect(chengdu.detail.improvement.compositeIndexLastYear).toBeCloseTo(8, 12);
    expect(chengdu.detail.goodDays).toEqual({ g: 1, gLast: 0, r: 50, rLast: 0, branch: 'CHANGE' });
    expect(chengdu.detail.heavyPollution).toEqual({
      days: [{ date: '2025-01-11', order: 1, charge: -2 }],
      countyOnlyDays: [{ date: '2025-01-10', charge: -1 }],
    });
    expect(chengdu.detail.bonus).toEqual({ items: [{ reason: 'PM25_TARGET', points: 7 }], recoveredDays: [] });

    // Zigong: daily 15 + 0.5 (01-10 1st) + 0.5 (01-12 alone) = 16; no last year → improvement 20, good days 30;
    // recovered heavy day 01-12 → +2. Total 68.
    expect(zigong).toMatchObject({ regionCode: '510300', provinceRank: 2, validDays: 2, complete: false, total: 68, dailyRank: 16, improvement: 20, goodDays: 30, heavyPollution: 0, bonus: 2 });
    expect(zigong.detail.bonus.recoveredDays).toEqual([{ date: '2025-01-12', partialAqi: 250, aqi: 165, points: 2 }]);
    expect(zigong.detail.goodDays.branch).toBe('NO_DATA_LAST_YEAR');

    // Leshan, not a key city: 6.50 is 0.50 from Beijing (rank 2) and from Chengdu (rank 3): the better rank, 2.
    expect(leshan).toMatchObject({ regionCode: '511100', provinceRank: 3, total: 65.5, dailyRank: 15.5 });
    expect(leshan.detail.dailyRank.days).toEqual([{ date: '2025-01-10', index: 6.5, rank: 2, points: 0.5 }]);

    // Mianyang, no valid day: the rules give 15 + 20 + 30 + 0 + 0 = 65, built on nothing: unranked, listed after
    // every ranked city.
    expect(mianyang).toMatchObject({
      regionCode: '510700', provinceRank: null, validDays: 0, complete: false, total: 65, dailyRank: 15, improvement: 20, goodDays: 30,
    });
    expect(mianyang.detail.dailyRank.days).toEqual([]);
  });

  test('target progress: actual against each target of the month', async () => {
    const { targetProgress } = await hub.data(reader, `{ targetProgress(regionCode: "510100", periodKind: MONTH, period: "2025-01") {
      from to standard baselinePeriod baselinePm25 lines { indicator target actual met margin } } }`);
    // PM2.5 135 ≤ 140 (margin 5); ratio 50 < 60 (margin −10); decrease from 2024-01's 105: (105 − 135)/105 = −28.57 %.
    expect(targetProgress).toMatchObject({ from: '2025-01-01', to: '2025-01-31', standard: 'HJ_633_2012', baselinePeriod: '2024-01', baselinePm25: 105 });
    expect(targetProgress.lines.slice(0, 2)).toEqual([
      { indicator: 'PM25', target: 140, actual: 135, met: true, margin: 5 },
      { indicator: 'GOOD_DAY_RATIO', target: 60, actual: 50, met: false, margin: -10 },
    ]);
    expect(targetProgress.lines[2]).toMatchObject({ indicator: 'PM25_DECREASE', target: 5, met: false });
    expect(targetProgress.lines[2].actual).toBeCloseTo((-30 / 105) * 100, 9);
  });

  test('targets are validated like every feed, and only the command center publishes them', async () => {
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const { upsertCityTargets } = await hub.data(cc, `mutation($i: [CityTargetInput!]!) {
      upsertCityTargets(input: $i) { accepted errors { index field code } } }`, {
      i: [
        { regionCode: '510100', periodKind: 'MONTH', period: '2025-13', pm25Target: 40 },
        { regionCode: '510100', periodKind: 'CAMPAIGN', period: '2019-2021', pm25Target: 40 },
        { regionCode: '510100', periodKind: 'YEAR', period: '2020', goodDayRatioTarget: 120 },
        { regionCode: '510100', periodKind: 'YEAR', period: '2020', pm25Target: 40, basePm25: 60 },
        { regionCode: '510100', periodKind: 'YEAR', period: '2020' },
        { regionCode: '999999', periodKind: 'YEAR', period: '2020', pm25Target: 40 },
        { regionCode: '510300', periodKind: 'CAMPAIGN', period: '2019-2020', pm25Target: 60, pm25DecreaseTarget: 8, baseYear: 2015, basePm25: 70 },
      ],
    });
    expect(upsertCityTargets.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [0, 'period', 'INVALID_FORMAT'],
      [1, 'period', 'INVALID_FORMAT'],
      [2, 'goodDayRatioTarget', 'OUT_OF_RANGE'],
      [3, 'baseYear', 'REQUIRED'],
      [4, null, 'EMPTY_ROW'],
      [5, 'regionCode', 'UNKNOWN_REFERENCE'],
    ]);
    expect(upsertCityTargets.accepted).toBe(1);
    const forbidden = await hub.gql(reader, `mutation { upsertCityTargets(input: [{ regionCode: "510100", periodKind: YEAR, period: "2021", pm25Target: 30 }]) { accepted } }`);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('a city-region that is not a province is refused; the yearly score is the mean of the months with a valid day', async () => {
    const notProvince = await hub.gql(reader, '{ monthlyScores(provinceCode: "510100", month: "2025-01") { total } }');
    expect(notProvince.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const { yearlyScores } = await hub.data(reader, `{ yearlyScores(provinceCode: "510000", year: 2025, throughMonth: "2025-02") {
      regionCode score monthsCounted completeMonths months { month total validDays provinceRank } } }`);
    // February has no data at all: 15 + 20 + 30 (no last-year data) + 0 + 0 = 65, not averaged. Chengdu: 83 / 1.
    expect(yearlyScores.map((y: any) => [y.regionCode, y.score, y.monthsCounted, y.completeMonths])).toEqual([
      ['510100', 83, 1, 0],
      ['510300', 68, 1, 0],
      ['511100', 65.5, 1, 0],
      ['510700', null, 0, 0],
    ]);
    expect(yearlyScores[0].months).toEqual([
      { month: '2025-01', total: 83, validDays: 2, provinceRank: 1 },
      { month: '2025-02', total: 65, validDays: 0, provinceRank: null },
    ]);
  });
});
