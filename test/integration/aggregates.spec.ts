import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';
import { observeStatements } from '../support/statements';
import { COUNTIES, REGIONS } from '../support/province';

/**
 * `<query>Aggregate`: groups of the rows a list returns, with plain figures per numeric field, checked against SQL
 * written apart from the hub's (its own joins, `avg`, the Asia/Shanghai zone — the same as UTC+8 in 2025) and
 * against figures counted by hand; the site-dust rollup's answers against the raw readings'.
 */
const HOUR = 3_600_000;
const QUARTER = HOUR / 4;
/** 48 weather and 30 air quality hours from 01:00 CST on 31 January 2025: the end of a day, a month, and the next. */
const T0 = Date.parse('2025-01-31T01:00:00+08:00');
const hour = (h: number) => new Date(T0 + h * HOUR).toISOString();
const cst = (text: string) => new Date(text).toISOString();

const STATIONS = [
  { code: '56294', regionCode: '510100' },
  { code: '56295', regionCode: '510104' },
  { code: '56396', regionCode: '510302' },
];
/** A weather hour: temperatures with a fraction; precipitation every other hour but each sixth, so counts differ. */
const weatherHour = (s: number, h: number) => ({
  stationCode: STATIONS[s].code,
  observedAt: hour(h),
  temperature: s * 10 + (h % 7) - 3.25,
  precipitation: h % 6 === 0 ? null : (h % 4) * 0.3 + s * 0.1,
  windSpeed: h % 5 === 0 ? null : 1 + ((h * 3 + s) % 11) / 4,
});

/** Quarter-hour dust readings of three sites, 20:00 CST 31 January to 04:00 CST 1 February: across a day and a month. */
const SITES = [
  { id: 'S1', regionCode: COUNTIES[0] },
  { id: 'S2', regionCode: COUNTIES[1] },
  { id: 'S3', regionCode: COUNTIES[2] },
];
const DUST_FROM = Date.parse('2025-01-31T20:00:00+08:00');
const dustReading = (s: number, q: number) => {
  const pm10 = 40 + ((q * 37 + s * 11) % 97) + 0.25 * ((q + s) % 4) + 0.1;
  return { siteId: SITES[s].id, observedAt: new Date(DUST_FROM + q * QUARTER).toISOString(), pm10, pm25: q % 3 === 0 ? null : Math.round(pm10 * 6) / 10 };
};

const AIR_STATIONS = [
  { code: '1431A', regionCode: '510100' },
  { code: '1432A', regionCode: '510104' },
  { code: '1434A', regionCode: '510302' },
];

type Row = Record<string, any>;
/** Numbers to 9 decimals: the hub's mean is sum / count, SQL's avg() its own, and floating-point sums depend on their order. */
const rounded = (value: unknown): unknown => {
  if (typeof value === 'number') return Math.round(value * 1e9) / 1e9;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
};
const code = (r: { errors?: { extensions?: Row }[] }) => r.errors?.[0]?.extensions?.code;

describe('aggregates of the time series', () => {
  let hub: TestHub;
  let reader: string;
  let housing: string;
  let forestry: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    housing = await hub.key(Department.HOUSING, Role.READER);
    forestry = await hub.key(Department.FORESTRY, Role.READER);
    await hub.data(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: REGIONS });

    const meteorology = await hub.key(Department.METEOROLOGY, Role.PUBLISHER);
    await hub.data(meteorology, 'mutation($i: [WeatherStationInput!]!) { upsertWeatherStations(input: $i) { accepted } }', {
      i: STATIONS.map((s) => ({ ...s, name: `站${s.code}` })),
    });
    const weather = STATIONS.flatMap((_, s) => Array.from({ length: 48 }, (_, h) => weatherHour(s, h)));
    const { ingestWeather } = await hub.data(meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted } }', { i: weather });
    expect(ingestWeather.accepted).toBe(144);
    await hub.data(await hub.key(Department.METEOROLOGY, Role.ADMIN), 'mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }', {
      i: { dataset: 'weather-hourly', department: 'HOUSING', regionCodes: ['510104'], reason: 'wind at the Jinjiang sites' },
    });

    const housingPublisher = await hub.key(Department.HOUSING, Role.PUBLISHER);
    await hub.data(housingPublisher, 'mutation($i: [ConstructionSiteInput!]!) { upsertConstructionSites(input: $i) { accepted } }', {
      i: SITES.map((s, n) => ({ ...s, name: `工地${n}`, status: 'ACTIVE', dustMonitor: true, video: false })),
    });
    const readings = SITES.flatMap((_, s) => Array.from({ length: 33 }, (_, q) => dustReading(s, q)));
    const { ingestSiteDustReadings } = await hub.data(housingPublisher, 'mutation($i: [SiteDustReadingInput!]!) { ingestSiteDustReadings(input: $i) { accepted } }', {
      i: readings,
    });
    expect(ingestSiteDustReadings.accepted).toBe(99);
    const vehicles = ['510104', '510302'].flatMap((regionCode, r) =>
      ['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02'].flatMap((date, d) => [
        { regionCode, date, vehicleType: 'MUCK_TRUCK', vehiclesActive: 10 + d + r * 5, trips: d === 2 ? null : 100 * (r + 1) + d },
        { regionCode, date, vehicleType: 'SANITATION', vehiclesActive: 50, trips: 7, distance: 12.5 },
      ]),
    );
    await hub.data(housingPublisher, 'mutation($i: [MunicipalVehicleActivityInput!]!) { ingestMunicipalVehicleActivity(input: $i) { accepted } }', { i: vehicles });

    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: AIR_STATIONS.map((s) => ({ ...s, name: `站${s.code}`, controlLevel: 'NATIONAL' })),
    });
    const air = [
      ...AIR_STATIONS.flatMap((s, n) => Array.from({ length: 30 }, (_, h) => ({ stationCode: s.code, observedAt: hour(h), pm25: 30 + n * 20 + (h % 9) * 1.5, co: h % 4 ? 0.4 + n / 10 : null }))),
      ...Array.from({ length: 6 }, (_, h) => ({ regionCode: '510302', observedAt: hour(h), pm25: 70 + h })),
    ];
    const { ingestAirQuality } = await hub.data(ecology, 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }', { i: air });
    expect(ingestAirQuality.accepted).toBe(96);
    await hub.data(await hub.key(Department.ECOLOGY, Role.ADMIN), 'mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }', {
      i: { dataset: 'air-quality-hourly', department: 'HOUSING', regionCodes: ['510300'], reason: 'dust stops in Zigong' },
    });
  });
  afterAll(() => hub.stop());

  describe('weather: every key, where and region, grant scope', () => {
    const WEATHER = `query($g: [WeatherObservationGroupBy!], $from: DateTime!, $to: DateTime!, $r: String, $w: WeatherObservationWhere, $max: Int) {
      weatherObservationsAggregate(groupBy: $g, from: $from, to: $to, regionCode: $r, where: $w, maxGroups: $max) {
        regionCode stationCode day month count temperature { count min max mean } precipitation { count min max mean sum } windSpeed { count mean } } }`;
    const range = { from: hour(0), to: hour(47) };
    const aggregate = async (key: string, vars: Row) => (await hub.data(key, WEATHER, { ...range, ...vars })).weatherObservationsAggregate as Row[];

    /** The same groups by plain SQL: its own join to the stations, the Asia/Shanghai zone, avg(). */
    async function bySql(keys: ('REGION' | 'STATION' | 'DAY' | 'MONTH')[], where = 'TRUE', params: unknown[] = []): Promise<Row[]> {
      const exprs = {
        REGION: ['s.region_code', 'regionCode'],
        STATION: ['w.station_code', 'stationCode'],
        DAY: [`to_char(w.observed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`, 'day'],
        MONTH: [`to_char(w.observed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`, 'month'],
      };
      const select = keys.map((k) => `${exprs[k][0]} AS "${exprs[k][1]}"`);
      const positions = keys.map((_, i) => i + 1).join(', ');
      const rows: Row[] = await hub.db.query(
        `SELECT ${[...select, 'count(*)::int AS n', 'count(w.temperature)::int AS tn', 'min(w.temperature) AS tmin', 'max(w.temperature) AS tmax', 'avg(w.temperature) AS tmean',
          'count(w.precipitation)::int AS pn', 'min(w.precipitation) AS pmin', 'max(w.precipitation) AS pmax', 'avg(w.precipitation) AS pmean', 'sum(w.precipitation) AS psum',
          'count(w.wind_speed)::int AS wn', 'avg(w.wind_speed) AS wmean'].join(', ')}
         FROM weather_hourly w JOIN weather_stations s ON s.code = w.station_code
         WHERE w.observed_at BETWEEN $1 AND $2 AND ${where}${keys.length ? ` GROUP BY ${positions} ORDER BY ${positions}` : ''}`,
        [range.from, range.to, ...params],
      );
      return rows.map((r) => ({
        regionCode: r.regionCode ?? null,
        stationCode: r.stationCode ?? null,
        day: r.day ?? null,
        month: r.month ?? null,
        count: r.n,
        temperature: { count: r.tn, min: r.tmin, max: r.tmax, mean: r.tmean },
        precipitation: { count: r.pn, min: r.pmin, max: r.pmax, mean: r.pmean, sum: r.psum },
        windSpeed: { count: r.wn, mean: r.wmean },
      }));
    }

    test.each([[['STATION']], [['REGION']], [['DAY']], [['MONTH']], [['DAY', 'STATION']], [['MONTH', 'REGION', 'STATION']], [[]]] as const)(
      'grouped by %j: the figures of plain SQL',
      async (keys) => {
        const groups = await aggregate(reader, { g: keys });
        expect(groups.length).toBeGreaterThan(0);
        expect(rounded(groups)).toEqual(rounded(await bySql([...keys])));
      },
    );

    test('by hand: a CST day from 00:00 to 23:00 (the hour stamped 00:00 counts on its own day), the month boundary, one group without groupBy', async () => {
      const days = await aggregate(reader, { g: ['DAY'] });
      expect(days.map((d) => [d.day, d.count])).toEqual([['2025-01-31', 23 * 3], ['2025-02-01', 24 * 3], ['2025-02-02', 3]]);
      const months = await aggregate(reader, { g: ['MONTH'] });
      expect(months.map((m) => [m.month, m.count, m.day])).toEqual([['2025-01', 69, null], ['2025-02', 75, null]]);
      const [all] = await aggregate(reader, {});
      // Station 0 on the first hour: -3.25 °C; station 2 at h % 7 = 6: 20 + 6 - 3.25.
      expect(all).toMatchObject({ regionCode: null, stationCode: null, count: 144, temperature: { count: 144, min: -3.25, max: 22.75 } });
      // 40 hours of 48 set precipitation, per station: 0.3 × (h % 4) + 0.1 × s.
      const expected = STATIONS.flatMap((_, s) => Array.from({ length: 48 }, (_, h) => weatherHour(s, h).precipitation)).filter((p): p is number => p !== null);
      expect(all.precipitation.count).toBe(120);
      expect(all.precipitation.sum).toBeCloseTo(expected.reduce((a, b) => a + b, 0), 9);
    });

    test('a field that does not add up has no sum: temperature { sum } is refused by the schema', async () => {
      const r = await hub.gql(reader, `{ weatherObservationsAggregate(from: "${hour(0)}", to: "${hour(1)}") { temperature { sum } } }`);
      expect(code(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    test('regionCode takes the subtree, where and the exact filter narrow it, as in the list', async () => {
      const chengdu = await aggregate(reader, { g: ['STATION'], r: '510100' });
      expect(chengdu.map((g) => [g.stationCode, g.count])).toEqual([['56294', 48], ['56295', 48]]);
      const where = { stationCode: { in: ['56295', '56396'] }, observedAt: { gte: hour(10), lt: hour(20) } };
      const narrowed = await aggregate(reader, { g: ['REGION'], r: '510000', w: where });
      expect(rounded(narrowed)).toEqual(rounded(await bySql(['REGION'], `w.station_code = ANY($3) AND w.observed_at >= $4 AND w.observed_at < $5`, [['56295', '56396'], hour(10), hour(20)])));
      expect(narrowed.map((g) => [g.regionCode, g.count])).toEqual([['510104', 10], ['510302', 10]]);
      const page = await hub.data(reader, 'query($w: WeatherObservationWhere) { weatherObservations(regionCode: "510000", where: $w) { totalCount } }', { w: where });
      expect(page.weatherObservations.totalCount).toBe(20);
      const exact = await hub.data(reader, `{ weatherObservationsAggregate(from: "${hour(0)}", to: "${hour(47)}", stationCode: "56396") { count } }`);
      expect(exact.weatherObservationsAggregate).toEqual([{ count: 48 }]);
    });

    test('a region-limited grant aggregates only its regions; another region is FORBIDDEN; no grant is FORBIDDEN', async () => {
      const granted = await aggregate(housing, { g: ['STATION'] });
      expect(rounded(granted)).toEqual(rounded(await bySql(['STATION'], `s.region_code = '510104'`)));
      expect(granted.map((g) => g.stationCode)).toEqual(['56295']);
      const [outside] = await aggregate(housing, { w: { stationCode: { eq: '56396' } } });
      expect(outside).toMatchObject({ count: 0, temperature: { count: 0, min: null, mean: null } });
      const other = await hub.gql(housing, WEATHER, { ...range, r: '510300' });
      expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'weather-hourly', regionCode: '510300' });
      const none = await hub.gql(forestry, WEATHER, range);
      expect(none.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'weather-hourly' });
    });

    test('the rows aggregated are audited as read, in one statement', async () => {
      let statements = 0;
      await observeStatements(
        () => hub.data(reader, `query AuditedAggregate { weatherObservationsAggregate(from: "${hour(0)}", to: "${hour(47)}", regionCode: "510100", groupBy: [DAY]) { count } }`),
        (text) => {
          if (/FROM weather_hourly/.test(text)) statements++;
        },
      );
      expect(statements).toBe(1);
      await hub.flushAudit();
      const [entry] = await hub.db.query(`SELECT datasets_read, rows_read, outcome FROM audit_log WHERE operation = 'AuditedAggregate'`);
      expect(entry).toEqual({ datasets_read: ['weather-hourly'], rows_read: 96, outcome: 'OK' });
    });
  });

  describe('bounded cost', () => {
    test('an hourly series needs from and to (the schema requires them), at most 366 days apart: QUERY_TOO_COSTLY', async () => {
      const missing = await hub.gql(reader, `{ weatherObservationsAggregate(from: "${hour(0)}") { count } }`);
      expect(code(missing)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(missing.errors?.[0].message).toMatch(/argument "to" of type "DateTime!" is required/);
      const long = await hub.gql(reader, '{ weatherObservationsAggregate(from: "2024-01-01T00:00:00+08:00", to: "2025-01-02T00:00:01+08:00") { count } }');
      expect(long.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', argument: 'to', maxDays: 366 });
      const year = await hub.data(reader, '{ weatherObservationsAggregate(from: "2024-02-01T00:00:00+08:00", to: "2025-02-01T00:00:00+08:00") { count } }');
      expect(year.weatherObservationsAggregate).toEqual([{ count: 24 * 3 }]);
      const quarterHours = await hub.gql(reader, '{ siteDustReadingsAggregate(from: "2025-01-01T00:00:00+08:00", to: "2025-04-04T00:00:00+08:00") { count } }');
      expect(quarterHours.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxDays: 92 });
      const backwards = await hub.gql(reader, `{ weatherObservationsAggregate(from: "${hour(2)}", to: "${hour(1)}") { count } }`);
      expect(code(backwards)).toBe('BAD_USER_INPUT');
    });

    test('monthly data need no range; no rows is one group of count 0', async () => {
      const { dustFallAggregate } = await hub.data(reader, '{ dustFallAggregate { count dustFall { count mean } } }');
      expect(dustFallAggregate).toEqual([{ count: 0, dustFall: { count: 0, mean: null } }]);
    });

    test('more groups than maxGroups is refused, never cut short; maxGroups outside 1 … 10,000 is BAD_USER_INPUT', async () => {
      const query = (max: number) => `{ weatherObservationsAggregate(from: "${hour(0)}", to: "${hour(47)}", groupBy: [STATION], maxGroups: ${max}) { stationCode } }`;
      expect((await hub.data(reader, query(3))).weatherObservationsAggregate).toHaveLength(3);
      const over = await hub.gql(reader, query(2));
      expect(over.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxGroups: 2 });
      expect(code(await hub.gql(reader, query(0)))).toBe('BAD_USER_INPUT');
    });

    test('the cost limit prices each group an aggregate may return: 10,000 large groups are refused before running', async () => {
      const fields = 'regionCode stationCode day month count temperature { count min max mean } relativeHumidity { count min max mean } windSpeed { count min max mean } pressure { count min max mean } precipitation { count min max mean sum } visibility { count min max mean } mixingLayerHeight { count min max mean }';
      const big = await hub.gql(reader, `{ weatherObservationsAggregate(from: "${hour(0)}", to: "${hour(47)}", maxGroups: 10000) { ${fields} } }`);
      expect({ status: big.status, ...big.errors?.[0].extensions }).toMatchObject({ status: 400, code: 'QUERY_TOO_COSTLY', maxCost: 100000 });
      // 1,000 for the statement and 10,000 groups of 3 selections: 31,000.
      const small = await hub.gql(reader, `{ weatherObservationsAggregate(from: "${hour(0)}", to: "${hour(47)}", maxGroups: 10000) { count temperature { mean } } }`);
      expect(small.errors).toBeUndefined();
      const defaults = await hub.gql(reader, `{ weatherObservationsAggregate(from: "${hour(0)}", to: "${hour(47)}") { ${fields} } }`);
      expect(defaults.errors).toBeUndefined();
    });
  });

  describe('site dust: whole hours from the site-hour rollup, the same figures as the readings', () => {
    const DUST = (fields: string) => `query($g: [SiteDustReadingGroupBy!], $from: DateTime!, $to: DateTime!, $r: String, $w: SiteDustReadingWhere) {
      siteDustReadingsAggregate(groupBy: $g, from: $from, to: $to, regionCode: $r, where: $w) { regionCode siteId day month count ${fields} } }`;

    /** The aggregate, and whether its statement read the rollup. */
    async function dust(fields: string, vars: Row): Promise<{ groups: Row[]; fromRollup: boolean }> {
      let fromRollup = false;
      const data = await observeStatements(
        () => hub.data(reader, DUST(fields), vars),
        (text) => {
          if (/site_dust_hours/.test(text)) fromRollup = true;
        },
      );
      return { groups: data.siteDustReadingsAggregate, fromRollup };
    }

    async function bySql(keys: string[], from: string, to: string, where = 'TRUE', params: unknown[] = []): Promise<Row[]> {
      const exprs: Record<string, [string, string]> = {
        REGION: ['c.region_code', 'regionCode'],
        SITE: ['d.site_id', 'siteId'],
        DAY: [`to_char(d.observed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`, 'day'],
        MONTH: [`to_char(d.observed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`, 'month'],
      };
      const positions = keys.map((_, i) => i + 1).join(', ');
      const rows: Row[] = await hub.db.query(
        `SELECT ${[...keys.map((k) => `${exprs[k][0]} AS "${exprs[k][1]}"`), 'count(*)::int AS n', 'min(d.pm10) AS min', 'max(d.pm10) AS max', 'avg(d.pm10) AS mean'].join(', ')}
         FROM site_dust_readings d JOIN construction_sites c ON c.id = d.site_id
         WHERE d.observed_at BETWEEN $1 AND $2 AND ${where}${keys.length ? ` GROUP BY ${positions} ORDER BY ${positions}` : ''}`,
        [from, to, ...params],
      );
      return rows.map((r) => ({
        regionCode: r.regionCode ?? null,
        siteId: r.siteId ?? null,
        day: r.day ?? null,
        month: r.month ?? null,
        count: r.n,
        pm10: { count: r.n, min: r.min, max: r.max, mean: r.mean },
      }));
    }

    // Off the quarter hours at both ends; across midnight (whose hour holds 23:15–00:00) and the month's end.
    const from = cst('2025-01-31T20:10:00+08:00');
    const to = cst('2025-02-01T03:40:00+08:00');
    test.each([
      ['SITE, DAY', ['SITE', 'DAY'], {}, 'TRUE', []],
      ['MONTH', ['MONTH'], {}, 'TRUE', []],
      ['REGION within Chengdu', ['REGION'], { r: '510100' }, `c.region_code IN ('510104', '510105')`, []],
      ['DAY, where siteId in', ['DAY'], { w: { siteId: { in: ['S1', 'S3'] } } }, 'd.site_id = ANY($3)', [['S1', 'S3']]],
      ['nothing', [], {}, 'TRUE', []],
    ] as const)('grouped by %s: from the rollup, equal to SQL over the readings and to the aggregate of the readings', async (_, keys, vars, where, params) => {
      const served = await dust('pm10 { count min max mean }', { g: keys, from, to, ...vars });
      expect(served.fromRollup).toBe(true);
      const expected = await bySql([...keys], from, to, where, [...params]);
      expect(rounded(served.groups)).toEqual(rounded(expected));
      // Asking PM2.5 too, which the rollup does not hold: every reading is read, the PM10 figures are the same.
      const raw = await dust('pm10 { count min max mean } pm25 { count }', { g: keys, from, to, ...vars });
      expect(raw.fromRollup).toBe(false);
      expect(rounded(raw.groups.map(({ pm25: _pm25, ...g }) => g))).toEqual(rounded(served.groups));
    });

    test('by hand: the readings of each CST day, those stamped 00:00 on the new day', async () => {
      const { groups } = await dust('pm10 { count }', { g: ['DAY', 'SITE'], from: cst('2025-01-31T20:00:00+08:00'), to: cst('2025-02-01T04:00:00+08:00') });
      // 20:00 … 23:45 is 16 readings a site; 00:00 … 04:00, 17.
      expect(groups.map((g) => [g.day, g.siteId, g.count, g.pm10.count])).toEqual([
        ['2025-01-31', 'S1', 16, 16], ['2025-01-31', 'S2', 16, 16], ['2025-01-31', 'S3', 16, 16],
        ['2025-02-01', 'S1', 17, 17], ['2025-02-01', 'S2', 17, 17], ['2025-02-01', 'S3', 17, 17],
      ]);
    });

    test('a where on the time is answered from the readings alone', async () => {
      const w = { observedAt: { lt: cst('2025-02-01T00:00:00+08:00') } };
      const served = await dust('pm10 { count min max mean }', { g: ['SITE'], from, to, w });
      expect(served.fromRollup).toBe(false);
      expect(rounded(served.groups)).toEqual(rounded(await bySql(['SITE'], from, to, 'd.observed_at < $3', [w.observedAt.lt])));
    });
  });

  test('municipal vehicles: days and months of a date field, sums of counts and amounts only, by hand', async () => {
    const { municipalVehicleActivityAggregate: groups } = await hub.data(
      reader,
      `{ municipalVehicleActivityAggregate(from: "2025-01-31", to: "2025-02-28", groupBy: [MONTH, REGION], where: { vehicleType: { eq: MUCK_TRUCK } }) {
          month regionCode day count vehiclesActive { count sum mean } trips { count min max sum } distance { count sum } } }`,
    );
    // MUCK_TRUCK of region r on day d (0 = 30 January): 10 + d + 5r vehicles, 100 (r + 1) + d trips but none on d = 2.
    expect(groups).toEqual([
      { month: '2025-01', regionCode: '510104', day: null, count: 1, vehiclesActive: { count: 1, sum: 11, mean: 11 }, trips: { count: 1, min: 101, max: 101, sum: 101 }, distance: { count: 0, sum: null } },
      { month: '2025-01', regionCode: '510302', day: null, count: 1, vehiclesActive: { count: 1, sum: 16, mean: 16 }, trips: { count: 1, min: 201, max: 201, sum: 201 }, distance: { count: 0, sum: null } },
      { month: '2025-02', regionCode: '510104', day: null, count: 2, vehiclesActive: { count: 2, sum: 25, mean: 12.5 }, trips: { count: 1, min: 103, max: 103, sum: 103 }, distance: { count: 0, sum: null } },
      { month: '2025-02', regionCode: '510302', day: null, count: 2, vehiclesActive: { count: 2, sum: 35, mean: 17.5 }, trips: { count: 1, min: 203, max: 203, sum: 203 }, distance: { count: 0, sum: null } },
    ]);
  });

  test('every aggregate says it is plain arithmetic and names the standards\' statistics', async () => {
    const { __schema } = await hub.data(reader, '{ __schema { queryType { fields { name description } } } }');
    const aggregates = __schema.queryType.fields.filter((f: Row) => f.name.endsWith('Aggregate'));
    expect(aggregates.length).toBeGreaterThanOrEqual(17);
    for (const f of aggregates) expect({ name: f.name, description: f.description }).toEqual({ name: f.name, description: expect.stringMatching(/Plain arithmetic over the rows.*`cityDailyAqi`.*`cityPeriodIndicators`/) });
  });

  describe('hourly air quality (hand-written)', () => {
    const AIR = `query($g: [AirQualityObservationGroupBy!], $r: String, $s: String, $w: AirQualityObservationWhere) {
      airQualityObservationsAggregate(groupBy: $g, from: "${hour(0)}", to: "${hour(29)}", regionCode: $r, stationCode: $s, where: $w) {
        regionCode stationCode day month count pm25 { count min max mean } co { count mean } } }`;

    async function bySql(keys: string[], where = 'TRUE', params: unknown[] = []): Promise<Row[]> {
      const exprs: Record<string, [string, string]> = {
        REGION: ['coalesce(a.region_code, (SELECT s.region_code FROM air_stations s WHERE s.code = a.station_code))', 'regionCode'],
        STATION: ['a.station_code', 'stationCode'],
        DAY: [`to_char(a.observed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`, 'day'],
      };
      const positions = keys.map((_, i) => i + 1).join(', ');
      const rows: Row[] = await hub.db.query(
        `SELECT ${[...keys.map((k) => `${exprs[k][0]} AS "${exprs[k][1]}"`), 'count(*)::int AS n', 'count(pm25)::int AS pn', 'min(pm25) AS pmin', 'max(pm25) AS pmax', 'avg(pm25) AS pmean',
          'count(co)::int AS cn', 'avg(co) AS cmean'].join(', ')}
         FROM air_quality_hourly a WHERE a.observed_at BETWEEN $1 AND $2 AND ${where}${keys.length ? ` GROUP BY ${positions} ORDER BY ${positions}` : ''}`,
        [hour(0), hour(29), ...params],
      );
      return rows.map((r) => ({
        regionCode: r.regionCode ?? null,
        stationCode: r.stationCode ?? null,
        day: r.day ?? null,
        month: null,
        count: r.n,
        pm25: { count: r.pn, min: r.pmin, max: r.pmax, mean: r.pmean },
        co: { count: r.cn, mean: r.cmean },
      }));
    }
    const air = async (key: string, vars: Row) => (await hub.data(key, AIR, vars)).airQualityObservationsAggregate as Row[];

    test.each([[['STATION']], [['REGION', 'DAY']], [[]]] as const)('grouped by %j: the figures of plain SQL, a region\'s own values included', async (keys) => {
      expect(rounded(await air(reader, { g: keys }))).toEqual(rounded(await bySql([...keys])));
    });

    test('regionCode (the stations of its subtree and its regions\' own values), stationCode and where', async () => {
      const zigong = await air(reader, { g: ['STATION'], r: '510300' });
      expect(zigong.map((g) => [g.stationCode, g.count, g.pm25.count])).toEqual([['1434A', 30, 30], [null, 6, 6]]);
      const one = await air(reader, { s: '1431A' });
      expect(rounded(one)).toEqual(rounded(await bySql([], `a.station_code = '1431A'`)));
      const where = await air(reader, { g: ['STATION'], w: { stationCode: { in: ['1432A', '1434A'] }, observedAt: { gt: hour(24) } } });
      expect(where.map((g) => [g.stationCode, g.count])).toEqual([['1432A', 5], ['1434A', 5]]);
    });

    test('a grant for Zigong aggregates Zigong only; Chengdu is FORBIDDEN; no grant is FORBIDDEN', async () => {
      const granted = await air(housing, { g: ['REGION'] });
      expect(granted.map((g) => [g.regionCode, g.count])).toEqual([['510302', 36]]);
      const refused = await hub.gql(housing, AIR, { r: '510100' });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'air-quality-hourly' });
      expect((await hub.gql(forestry, AIR, {})).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'air-quality-hourly' });
    });
  });
});
