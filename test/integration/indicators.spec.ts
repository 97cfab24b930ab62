import { Department, Role } from '../../src/platform/enums';
import { BEIJING_REGIONS, BEIJING_STATIONS, PrsaHour, prsaFile, readPrsaHours } from '../../src/app/demo/beijing';
import { TestHub } from '../support/hub';
import { isRead, observeStatements } from '../support/statements';

/**
 * January 2014 of three national stations (Dongsi and Tiantan in Dongcheng 110101, Guanyuan in Xicheng 110102),
 * plus Aotizhongxin's hours re-published as a PROVINCIAL station in Dongcheng and Wanliu's as a LOCAL one there.
 * Every expected figure is computed here from the CSV with plain loops, not with the hub's code.
 */
const FIELDS = ['pm25', 'pm10', 'so2', 'no2', 'co', 'o3'] as const;
type Field = (typeof FIELDS)[number];
const HOUR = 3_600_000;
const MONTH_FIRST = Date.parse('2014-01-01T01:00:00+08:00');
const MONTH_LAST = Date.parse('2014-02-01T00:00:00+08:00');

const station = (file: string) => BEIJING_STATIONS.find((s) => s.file === file)!;
const PUBLISHED = [
  { source: station('Dongsi'), code: '1003A', regionCode: '110101', controlLevel: 'NATIONAL' },
  { source: station('Tiantan'), code: '1004A', regionCode: '110101', controlLevel: 'NATIONAL' },
  { source: station('Guanyuan'), code: '1006A', regionCode: '110102', controlLevel: 'NATIONAL' },
  { source: station('Aotizhongxin'), code: 'P-DC-1', regionCode: '110101', controlLevel: 'PROVINCIAL' },
  { source: station('Wanliu'), code: 'L-DC-1', regionCode: '110101', controlLevel: 'LOCAL' },
];

async function monthOf(source: (typeof BEIJING_STATIONS)[number], code: string): Promise<PrsaHour[]> {
  const hours: PrsaHour[] = [];
  for await (const h of readPrsaHours(prsaFile(source), code)) {
    const t = h.observedAt.getTime();
    if (t >= MONTH_FIRST && t <= MONTH_LAST) hours.push(h);
    if (t > MONTH_LAST) break;
  }
  return hours;
}

/** The region's hourly series: per stamp and pollutant, the mean of the stations that have a value. */
function regionSeries(hoursByStation: PrsaHour[][]): Map<number, Record<Field, number | null>> {
  const sums = new Map<number, Record<Field, { sum: number; n: number }>>();
  for (const hours of hoursByStation) {
    for (const h of hours) {
      const t = h.observedAt.getTime();
      if (!sums.has(t)) sums.set(t, Object.fromEntries(FIELDS.map((f) => [f, { sum: 0, n: 0 }])) as any);
      for (const f of FIELDS) {
        if (h[f] !== null) {
          sums.get(t)![f].sum += h[f]!;
          sums.get(t)![f].n += 1;
        }
      }
    }
  }
  const series = new Map<number, Record<Field, number | null>>();
  for (const [t, s] of sums) series.set(t, Object.fromEntries(FIELDS.map((f) => [f, s[f].n ? s[f].sum / s[f].n : null])) as any);
  return series;
}

interface ExpectedDay {
  date: string;
  means: Record<Exclude<Field, 'o3'>, { value: number | null; count: number }>;
  mda8: { value: number | null; windows: number };
}

/** Day D = stamps D 01:00 … D+1 00:00; a mean is valid with ≥ 20 hours; MDA8 over windows stamped 08:00 … 24:00. */
function expectedDay(series: Map<number, Record<Field, number | null>>, date: string): ExpectedDay {
  const first = Date.parse(`${date}T01:00:00+08:00`);
  const slot = (i: number, f: Field) => series.get(first + i * HOUR)?.[f] ?? null;
  const means = {} as ExpectedDay['means'];
  for (const f of ['pm25', 'pm10', 'so2', 'no2', 'co'] as const) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < 24; i++) {
      const v = slot(i, f);
      if (v !== null) {
        sum += v;
        count++;
      }
    }
    means[f] = { value: count >= 20 ? sum / count : null, count };
  }
  let best: number | null = null;
  let windows = 0;
  for (let end = 7; end < 24; end++) {
    let sum = 0;
    let n = 0;
    for (let i = end - 7; i <= end; i++) {
      const v = slot(i, 'o3');
      if (v !== null) {
        sum += v;
        n++;
      }
    }
    if (n >= 6) {
      windows++;
      best = best === null ? sum / n : Math.max(best, sum / n);
    }
  }
  return { date, means, mda8: { value: best !== null && (windows >= 14 || best > 160) ? best : null, windows } };
}

const DAILY = `query($region: String!, $from: Date!, $to: Date!) {
  cityDailyAqi(regionCode: $region, from: $from, to: $to) {
    date aqi level valid pm25 pm10 so2 no2 co o3Max8h standard
    explain { counts { pm25 pm10 so2 no2 co o3Max8h } evaluationStationCodes } } }`;

const JANUARY = Array.from({ length: 31 }, (_, i) => `2014-01-${String(i + 1).padStart(2, '0')}`);

describe('air-quality indicators on real Beijing data', () => {
  let hub: TestHub;
  let ecology: string;
  let hoursByCode: Map<string, PrsaHour[]>;

  beforeAll(async () => {
    hub = await TestHub.start();
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: BEIJING_REGIONS });
    await hub.data(ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: PUBLISHED.map((p) => ({ code: p.code, name: p.code, regionCode: p.regionCode, controlLevel: p.controlLevel })),
    });
    hoursByCode = new Map();
    for (const p of PUBLISHED) {
      const hours = await monthOf(p.source, p.code);
      hoursByCode.set(p.code, hours);
      const input = hours
        .filter((h) => FIELDS.some((f) => h[f] !== null))
        .map((h) => ({ stationCode: h.stationCode, observedAt: h.observedAt.toISOString(), pm25: h.pm25, pm10: h.pm10, so2: h.so2, no2: h.no2, o3: h.o3, co: h.co }));
      const { ingestAirQuality } = await hub.data(ecology, `mutation($i: [AirQualityInput!]!) {
        ingestAirQuality(input: $i) { accepted rejected } }`, { i: input });
      expect(ingestAirQuality).toEqual({ accepted: input.length, rejected: 0 });
    }
  });
  afterAll(() => hub.stop());

  const compare = (actual: any, expected: ExpectedDay) => {
    for (const f of ['pm25', 'pm10', 'so2', 'no2', 'co'] as const) {
      expect({ date: expected.date, f, count: actual.explain.counts[f] }).toEqual({ date: expected.date, f, count: expected.means[f].count });
      if (expected.means[f].value === null) expect({ date: expected.date, f, v: actual[f] }).toEqual({ date: expected.date, f, v: null });
      else expect(actual[f]).toBeCloseTo(expected.means[f].value!, 9);
    }
    expect(actual.explain.counts.o3Max8h).toBe(expected.mda8.windows);
    if (expected.mda8.value === null) expect(actual.o3Max8h).toBeNull();
    else expect(actual.o3Max8h).toBeCloseTo(expected.mda8.value, 9);
  };

  test('the city (110100) averages its NATIONAL stations only: every day of January matches the CSV', async () => {
    const series = regionSeries(['1003A', '1004A', '1006A'].map((c) => hoursByCode.get(c)!));
    const { cityDailyAqi } = await hub.data(ecology, DAILY, { region: '110100', from: '2014-01-01', to: '2014-01-31' });
    expect(cityDailyAqi.map((d: any) => d.date)).toEqual(JANUARY);
    cityDailyAqi.forEach((day: any, i: number) => compare(day, expectedDay(series, JANUARY[i])));
    expect(cityDailyAqi[0]).toMatchObject({ standard: 'HJ_633_2012', explain: { evaluationStationCodes: ['1003A', '1004A', '1006A'] } });
    // The month really exercises the rules: most days valid, and January 2014 had heavily polluted days.
    expect(cityDailyAqi.filter((d: any) => d.valid).length).toBeGreaterThan(25);
    expect(cityDailyAqi.some((d: any) => d.aqi > 200)).toBe(true);
  });

  test('the county (110101) adds its PROVINCIAL station, never the LOCAL one', async () => {
    const series = regionSeries(['1003A', '1004A', 'P-DC-1'].map((c) => hoursByCode.get(c)!));
    const { cityDailyAqi } = await hub.data(ecology, DAILY, { region: '110101', from: '2014-01-01', to: '2014-01-31' });
    cityDailyAqi.forEach((day: any, i: number) => compare(day, expectedDay(series, JANUARY[i])));
    expect(cityDailyAqi[0].explain.evaluationStationCodes).toEqual(['1003A', '1004A', 'P-DC-1']);
  });

  test('evaluation_stations_of (a region\'s lookups) names the stations the region_evaluation_stations view (the rollup\'s) does, for every region', async () => {
    const disagreements = await hub.db.query(
      `WITH by_function AS (SELECT r.code AS region_code, e.station_code FROM regions r CROSS JOIN LATERAL evaluation_stations_of(r.code) e),
            by_view AS (SELECT region_code, station_code FROM region_evaluation_stations)
       (SELECT 'function only' AS side, * FROM by_function EXCEPT SELECT 'function only', * FROM by_view)
       UNION ALL (SELECT 'view only', * FROM by_view EXCEPT SELECT 'view only', * FROM by_function)`,
    );
    expect(disagreements).toEqual([]);
    const [{ pairs }] = await hub.db.query('SELECT count(*)::int AS pairs FROM region_evaluation_stations');
    expect(pairs).toBeGreaterThanOrEqual(3);
  });

  test('the province (110000) is the mean of its cities: here the one city', async () => {
    const province = await hub.data(ecology, DAILY, { region: '110000', from: '2014-01-10', to: '2014-01-12' });
    const city = await hub.data(ecology, DAILY, { region: '110100', from: '2014-01-10', to: '2014-01-12' });
    expect(province.cityDailyAqi.map(({ explain: _e, ...d }: any) => d)).toEqual(city.cityDailyAqi.map(({ explain: _e, ...d }: any) => d));
  });

  test('period indicators of the month: means of valid daily means, percentiles by the HJ 663 formula', async () => {
    const series = regionSeries(['1003A', '1004A', '1006A'].map((c) => hoursByCode.get(c)!));
    const days = JANUARY.map((d) => expectedDay(series, d));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const valid = (f: Exclude<Field, 'o3'>) => days.map((d) => d.means[f].value).filter((v): v is number => v !== null);
    const percentile = (xs: number[], p: number) => {
      const s = [...xs].sort((a, b) => a - b);
      const k = 1 + ((s.length - 1) * p) / 100;
      const lo = Math.floor(k);
      return lo >= s.length ? s[s.length - 1] : s[lo - 1] + (s[lo] - s[lo - 1]) * (k - lo);
    };
    const mda8 = days.map((d) => d.mda8.value).filter((v): v is number => v !== null);

    const { cityPeriodIndicators: p } = await hub.data(ecology, `{ cityPeriodIndicators(regionCode: "110100", from: "2014-01-01", to: "2014-01-31") {
      validDays goodDays heavyDays goodDayRatio pm25 pm10 so2 no2 coP95 o3P90 compositeIndex compositeIndexRounded complete standard
      sampleCounts { pm25 co o3Max8h } daysWithData } }`);
    expect(p.pm25).toBeCloseTo(mean(valid('pm25')), 9);
    expect(p.pm10).toBeCloseTo(mean(valid('pm10')), 9);
    expect(p.so2).toBeCloseTo(mean(valid('so2')), 9);
    expect(p.no2).toBeCloseTo(mean(valid('no2')), 9);
    expect(p.coP95).toBeCloseTo(percentile(valid('co'), 95), 9);
    expect(p.o3P90).toBeCloseTo(percentile(mda8, 90), 9);
    expect(p.sampleCounts).toEqual({ pm25: valid('pm25').length, co: valid('co').length, o3Max8h: mda8.length });
    // GB 3095—2012 limits: SO2 60, NO2 40, PM10 70, PM2.5 35 µg/m³, CO 4 mg/m³, O3 160 µg/m³.
    const index = p.so2 / 60 + p.no2 / 40 + p.pm10 / 70 + p.pm25 / 35 + p.coP95 / 4 + p.o3P90 / 160;
    expect(p.compositeIndex).toBeCloseTo(index, 9);
    expect(p.compositeIndexRounded).toBe(Math.round(index * 100) / 100);
    expect(p).toMatchObject({ standard: 'HJ_633_2012', daysWithData: 31, complete: p.validDays >= 27 });

    const { cityDailyAqi } = await hub.data(ecology, DAILY, { region: '110100', from: '2014-01-01', to: '2014-01-31' });
    const validDays = cityDailyAqi.filter((d: any) => d.valid);
    expect(p.validDays).toBe(validDays.length);
    expect(p.goodDays).toBe(validDays.filter((d: any) => d.aqi <= 100).length);
    expect(p.heavyDays).toBe(validDays.filter((d: any) => d.aqi > 200).length);
    expect(p.goodDayRatio).toBeCloseTo((100 * p.goodDays) / p.validDays, 9);
  });

  test('the evaluation stations are read only for an answer that shows them, under either name', async () => {
    const period = (fields: string) => `{ cityPeriodIndicators(regionCode: "110100", from: "2014-01-01", to: "2014-01-31") { pm25 ${fields} } }`;
    const readsOf = async (query: string) => {
      const texts: string[] = [];
      const { data } = await observeStatements(() => hub.gql(ecology, query), (text) => {
        if (isRead(text)) texts.push(text);
      });
      return { data, stationReads: texts.filter((t) => t.includes('evaluation_stations_of')).length };
    };
    expect(await readsOf(period(''))).toMatchObject({ stationReads: 0 });
    const shown = await readsOf(period('evaluationStationCodes'));
    expect(shown).toMatchObject({ stationReads: 1, data: { cityPeriodIndicators: { evaluationStationCodes: ['1003A', '1004A', '1006A'] } } });
    expect((await readsOf(period('evaluationStations'))).data.cityPeriodIndicators.evaluationStations).toEqual(['1003A', '1004A', '1006A']);
    const daily = (fields: string) => `{ cityDailyAqi(regionCode: "110100", from: "2014-01-01", to: "2014-01-02") { aqi ${fields} } }`;
    expect(await readsOf(daily(''))).toMatchObject({ stationReads: 0 });
    const explained = await readsOf(daily('explain { evaluationStationCodes }'));
    expect(explained.stationReads).toBe(1);
    expect(explained.data.cityDailyAqi[0].explain.evaluationStationCodes).toEqual(['1003A', '1004A', '1006A']);
  });

  test('stationAqi: Dongsi at 2014-01-15 10:00, worked by hand from HJ 633—2012 table 1', async () => {
    // PM2.5 50 → (100−50)/(75−35)·(50−35)+50 = 68.75 → 69; PM10 60 → 55; SO2 44 → 14.67 → 15; NO2 64 → 32;
    // CO 1.7 → 17; O3 12 → 3.75 → 4. AQI 69, GOOD, primary PM2.5.
    const { stationAqi } = await hub.data(ecology, `{ stationAqi(stationCode: "1003A",
      from: "2014-01-15T10:00:00+08:00", to: "2014-01-15T10:00:00+08:00") {
      observedAt aqi level primaryPollutants iaqi { pm25 pm10 so2 no2 co o3 } standard concentrations { pm25 co } } }`);
    expect(stationAqi).toEqual([{
      observedAt: '2014-01-15T10:00:00+08:00', aqi: 69, level: 'GOOD', primaryPollutants: ['PM2_5'],
      iaqi: { pm25: 69, pm10: 55, so2: 15, no2: 32, co: 17, o3: 4 }, standard: 'HJ_633_2012', concentrations: { pm25: 50, co: 1.7 },
    }]);
  });

  test('the city hourly series is the mean of its stations hour by hour', async () => {
    const series = regionSeries(['1003A', '1004A', '1006A'].map((c) => hoursByCode.get(c)!));
    const { cityHourlyAqi } = await hub.data(ecology, `{ cityHourlyAqi(regionCode: "110100",
      from: "2014-01-20T01:00:00+08:00", to: "2014-01-21T00:00:00+08:00") { observedAt concentrations { pm25 pm10 so2 no2 o3 co } } }`);
    expect(cityHourlyAqi.length).toBe(24);
    for (const h of cityHourlyAqi) {
      const expected = series.get(Date.parse(h.observedAt))!;
      for (const f of FIELDS) {
        if (expected[f] === null) expect(h.concentrations[f]).toBeNull();
        else expect(h.concentrations[f]).toBeCloseTo(expected[f]!, 9);
      }
    }
  });

  test('a late correction recomputes exactly the day it touches', async () => {
    const before = await hub.data(ecology, DAILY, { region: '110100', from: '2014-01-05', to: '2014-01-07' });
    const stamp = '2014-01-06T12:00:00+08:00';
    const original = hoursByCode.get('1003A')!.find((h) => h.observedAt.toISOString() === new Date(stamp).toISOString())!;
    const corrected = { ...original, pm25: (original.pm25 ?? 0) + 300 };
    await hub.data(ecology, `mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }`, {
      i: [{ stationCode: '1003A', observedAt: stamp, pm25: corrected.pm25, pm10: original.pm10, so2: original.so2, no2: original.no2, o3: original.o3, co: original.co }],
    });
    const hours = ['1003A', '1004A', '1006A'].map((c) => hoursByCode.get(c)!.map((h) => (h === original ? corrected : h)));
    const after = await hub.data(ecology, DAILY, { region: '110100', from: '2014-01-05', to: '2014-01-07' });
    compare(after.cityDailyAqi[1], expectedDay(regionSeries(hours), '2014-01-06'));
    expect(after.cityDailyAqi[1].pm25).not.toBeCloseTo(before.cityDailyAqi[1].pm25, 3);
    expect(after.cityDailyAqi[0]).toEqual(before.cityDailyAqi[0]);
    expect(after.cityDailyAqi[2]).toEqual(before.cityDailyAqi[2]);
  });

  test('a station that becomes LOCAL leaves its city\'s evaluation set, all its days recomputed', async () => {
    await hub.data(ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: [{ code: '1006A', name: '1006A', regionCode: '110102', controlLevel: 'LOCAL' }],
    });
    const series = regionSeries(['1003A', '1004A'].map((c) => hoursByCode.get(c)!.map((h) => h)));
    const { cityDailyAqi } = await hub.data(ecology, DAILY, { region: '110100', from: '2014-01-20', to: '2014-01-22' });
    cityDailyAqi.forEach((day: any, i: number) => compare(day, expectedDay(series, `2014-01-${20 + i}`)));
    expect(cityDailyAqi[0].explain.evaluationStationCodes).toEqual(['1003A', '1004A']);
  });

  test('unknown regions and stations are NOT_FOUND; ranges are bounded', async () => {
    const missing = await hub.gql(ecology, '{ cityDailyAqi(regionCode: "999999", from: "2014-01-01", to: "2014-01-02") { date } }');
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const tooLong = await hub.gql(ecology, '{ cityDailyAqi(regionCode: "110100", from: "2010-01-01", to: "2014-01-02") { date } }');
    expect(tooLong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const reversed = await hub.gql(ecology, '{ stationAqi(stationCode: "1003A", from: "2014-01-02T00:00:00Z", to: "2014-01-01T00:00:00Z") { aqi } }');
    expect(reversed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
