import { EcologyHourlySeries } from '../src/feeds/ecology/hourly-series.source';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Department, Role } from '../src/platform/enums';
import { BEIJING_REGIONS, BEIJING_STATIONS, PrsaHour } from '../src/app/demo/beijing';
import { IndicatorService } from '../src/indicators/indicator.service';
import { BenchHub, percentile, readBeijingYear } from './bench-hub';

/**
 * City indicators read from the region-day rollup versus the same figures by a plain SQL scan of the raw
 * station hours: a year of the 12 Beijing stations (1×), and that year replicated under 9 more sets of station codes
 * in the same districts (10×: 120 evaluation stations, 10× the raw rows). Aim: API p50 ≤ 50 ms for a city-month,
 * ≥ 10× faster than the scan, and flat from 1× to 10×.
 */
const BATCH = 5000;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = 30;
const SCENARIOS = [1, 10];
const CITY = '110100';
const MONTH = { from: '2013-12-01', to: '2013-12-31' };
const YEAR = { from: '2013-03-01', to: '2014-02-28' };
const AGREEMENT_TOLERANCE = 1e-6;


/** Copy 0 keeps the real codes and names; copy k publishes the same station as `Rk-<code>`. */
const stationCode = (code: string, copy: number) => (copy === 0 ? code : `R${copy}-${code}`);
const stationName = (name: string, copy: number) => (copy === 0 ? name : `${name} R${copy}`);

const UPSERT_REGIONS = 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }';
const UPSERT_STATIONS = 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }';
const INGEST = 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted rejected } }';

async function publish(hub: BenchHub, year: PrsaHour[], copies: number): Promise<void> {
  const commandCenter = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
  const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
  await hub.gql(commandCenter, UPSERT_REGIONS, { i: BEIJING_REGIONS });
  const copyIndices = Array.from({ length: copies }, (_, copy) => copy);
  await hub.gql(ecology, UPSERT_STATIONS, {
    i: copyIndices.flatMap((copy) =>
      BEIJING_STATIONS.map(({ file: _file, ...s }) => ({ ...s, code: stationCode(s.code, copy), name: stationName(s.name, copy) })),
    ),
  });
  const inputs = year.flatMap((h) =>
    copyIndices.map((copy) => ({
      stationCode: stationCode(h.stationCode, copy), observedAt: h.observedAt.toISOString(),
      pm25: h.pm25, pm10: h.pm10, so2: h.so2, no2: h.no2, o3: h.o3, co: h.co,
    })),
  );
  for (let i = 0; i < inputs.length; i += BATCH) {
    const { ingestAirQuality } = await hub.gql(ecology, INGEST, { i: inputs.slice(i, i + BATCH) });
    if (ingestAirQuality.rejected > 0) throw new Error(`batch at row ${i}: ${ingestAirQuality.rejected} rows rejected`);
  }
}

const CITY_DAILY_AQI = `query($region: String!, $from: Date!, $to: Date!) {
  cityDailyAqi(regionCode: $region, from: $from, to: $to) { date aqi valid pm25 pm10 so2 no2 co o3Max8h } }`;
const CITY_PERIOD_INDICATORS = `query($region: String!, $from: Date!, $to: Date!) {
  cityPeriodIndicators(regionCode: $region, from: $from, to: $to) {
    validDays goodDays heavyDays pm25 pm10 so2 no2 coP95 o3P90 compositeIndex } }`;

/**
 * The baseline's daily figures of a city ($1) over days $2 … $3, straight from the raw hours: the city's hourly value
 * is the mean of its NATIONAL stations; a daily mean needs ≥ 20 hours; MDA8 is the largest 8-hour mean (≥ 6 values)
 * of the windows stamped D 08:00 … D+1 00:00, valid with ≥ 14 such windows or above 160.
 */
const RAW_DAYS = `
  WITH stations AS (
    SELECT 'S:' || code AS series_key FROM air_stations
    WHERE control_level = 'NATIONAL' AND region_code IN (SELECT code FROM region_subtree($1))
  ), city_hours AS (
    SELECT a.observed_at, avg(a.pm25) AS pm25, avg(a.pm10) AS pm10, avg(a.so2) AS so2, avg(a.no2) AS no2,
           avg(a.co) AS co, avg(a.o3) AS o3
    FROM air_quality_hourly a JOIN stations USING (series_key)
    WHERE a.observed_at BETWEEN (($2::date - interval '7 hours') AT TIME ZONE 'UTC')
                            AND (($3::date + interval '16 hours') AT TIME ZONE 'UTC')
    GROUP BY a.observed_at
  ), slotted AS (
    -- Shifting the UTC instant by +7 h gives a stamp's day (D 01:00 … D+1 00:00 CST) and its slot 0 … 23.
    SELECT *, ((observed_at AT TIME ZONE 'UTC') + interval '7 hours')::date AS day,
           extract(hour FROM (observed_at AT TIME ZONE 'UTC') + interval '7 hours') AS slot,
           -- RANGE, not ROWS: a missing hour must shorten the window, not stretch it further back.
           avg(o3) OVER eight_hours AS o3_8h, count(o3) OVER eight_hours AS o3_8h_values
    FROM city_hours
    WINDOW eight_hours AS (ORDER BY observed_at RANGE BETWEEN interval '7 hours' PRECEDING AND CURRENT ROW)
  ), days AS (
    SELECT day,
           CASE WHEN count(pm25) >= 20 THEN avg(pm25) END AS pm25,
           CASE WHEN count(pm10) >= 20 THEN avg(pm10) END AS pm10,
           CASE WHEN count(so2) >= 20 THEN avg(so2) END AS so2,
           CASE WHEN count(no2) >= 20 THEN avg(no2) END AS no2,
           CASE WHEN count(co) >= 20 THEN avg(co) END AS co,
           max(o3_8h) FILTER (WHERE slot >= 7 AND o3_8h_values >= 6) AS o3_max8h,
           count(*) FILTER (WHERE slot >= 7 AND o3_8h_values >= 6) AS o3_windows
    FROM slotted GROUP BY day
  )
  SELECT day::text AS day, pm25, pm10, so2, no2, co,
         CASE WHEN o3_windows >= 14 OR o3_max8h > 160 THEN o3_max8h END AS o3_max8h
  FROM days`;

const RAW_MONTH = `${RAW_DAYS} ORDER BY day`;

/** HJ 663 period figures over the baseline's days: means of valid daily means, CO P95, O3 P90 (HJ 663 = percentile_cont). */
const RAW_YEAR = `
  WITH daily AS (${RAW_DAYS})
  SELECT count(*) AS days_with_data, avg(pm25) AS pm25, avg(pm10) AS pm10, avg(so2) AS so2, avg(no2) AS no2,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY co) AS co_p95,
         percentile_cont(0.90) WITHIN GROUP (ORDER BY o3_max8h) AS o3_p90
  FROM daily`;

/** What is timed: each query over HTTP, the rollup read behind it, and the raw scan giving the same figures. */
const QUERIES = [
  { name: 'cityDailyAqi', period: `month ${MONTH.from.slice(0, 7)}`, range: MONTH, document: CITY_DAILY_AQI, scan: RAW_MONTH },
  {
    name: 'cityPeriodIndicators', period: `year ${YEAR.from.slice(0, 7)}…${YEAR.to.slice(0, 7)}`, range: YEAR,
    document: CITY_PERIOD_INDICATORS, scan: RAW_YEAR,
  },
];

/** Sorted durations (ms) of the measured runs, after the warm-up runs. */
async function timeRuns(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  const durations: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const start = performance.now();
    await run();
    durations.push(performance.now() - start);
  }
  return durations.sort((a, b) => a - b);
}

interface Measurement {
  copies: number;
  rawRows: number;
  query: (typeof QUERIES)[number];
  api: number[];
  rollupRead: number[];
  scan: number[];
}

async function measure(year: PrsaHour[], copies: number): Promise<Measurement[]> {
  const hub = await BenchHub.start();
  try {
    const loadStart = performance.now();
    await publish(hub, year, copies);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const db = hub.database.dataSource;
    const [{ rawRows }] = await db.query('SELECT count(*)::int AS "rawRows" FROM air_quality_hourly');
    const [{ stations }] = await db.query(
      'SELECT count(*)::int AS stations FROM region_evaluation_stations WHERE region_code = $1', [CITY]);
    console.log(`${copies}×: ${rawRows.toLocaleString('en')} raw rows, ${stations} evaluation stations, loaded in ${loadSeconds.toFixed(1)} s`);

    const reader = await hub.key(Department.ECOLOGY, Role.READER);
    const apiMonth = (await hub.gql(reader, CITY_DAILY_AQI, { region: CITY, ...MONTH })).cityDailyAqi;
    reportAgreement(apiMonth, await db.query(RAW_MONTH, [CITY, MONTH.from, MONTH.to]));

    // The rollup read alone (its statement plus decoding the arrays), to see how much of a request it is.
    const indicators = new IndicatorService(db, new EcologyHourlySeries(db));
    const measurements: Measurement[] = [];
    for (const query of QUERIES) {
      const { from, to } = query.range;
      measurements.push({
        copies, rawRows, query,
        api: await timeRuns(() => hub.gql(reader, query.document, { region: CITY, from, to })),
        rollupRead: await timeRuns(() => indicators.regionDays([CITY], from, to)),
        scan: await timeRuns(() => db.query(query.scan, [CITY, from, to])),
      });
    }
    return measurements;
  } finally {
    await hub.stop();
  }
}

/** The API and the scan must compute the same thing: December's valid daily PM2.5 means, day by day. */
function reportAgreement(api: { date: string; pm25: number | null }[], scan: { day: string; pm25: number | null }[]): void {
  const scanByDay = new Map(scan.map((d) => [d.day, d.pm25]));
  const validInEither = api.filter((d) => d.pm25 !== null || scanByDay.get(d.date) != null);
  const agreeing = validInEither.filter((d) => {
    const scanned = scanByDay.get(d.date);
    return d.pm25 !== null && scanned != null && Math.abs(d.pm25 - scanned) <= AGREEMENT_TOLERANCE;
  });
  console.log(`  December daily PM2.5, API vs scan: ${agreeing.length} of ${validInEither.length} valid days agree within ${AGREEMENT_TOLERANCE}`);
  for (const d of validInEither.filter((v) => !agreeing.includes(v))) {
    console.log(`    ${d.date}: API ${d.pm25}, scan ${scanByDay.get(d.date)}`);
  }
}

function printTable(measurements: Measurement[]): void {
  const p50 = (sorted: number[]) => percentile(sorted, 50);
  const rows = [
    ['scenario', 'raw rows', 'query', 'API p50 ms', 'API p95 ms', 'rollup read p50 ms', 'SQL scan p50 ms', 'scan/API'],
    ...measurements.map((m) => [
      `${m.copies}×`, m.rawRows.toLocaleString('en'), `${m.query.name} ${m.query.period}`,
      p50(m.api).toFixed(1), percentile(m.api, 95).toFixed(1), p50(m.rollupRead).toFixed(1), p50(m.scan).toFixed(1),
      `${(p50(m.scan) / p50(m.api)).toFixed(1)}×`,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log();
  for (const r of rows) console.log(r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));

  const [fewest, most] = [SCENARIOS[0], SCENARIOS[SCENARIOS.length - 1]];
  const apiP50 = (query: (typeof QUERIES)[number], copies: number) =>
    p50(measurements.find((m) => m.query === query && m.copies === copies)!.api);
  const flatness = QUERIES.map((q) => `${q.name} ${(apiP50(q, most) / apiP50(q, fewest)).toFixed(2)}`);
  console.log(`\nflatness, API p50 at ${most}× / at ${fewest}×: ${flatness.join(', ')}`);
}

async function main() {
  const year = await readBeijingYear();
  const measurements: Measurement[] = [];
  // A fresh hub per scenario: the 10× figures come from a database that never held anything else.
  for (const copies of SCENARIOS) measurements.push(...(await measure(year, copies)));
  printTable(measurements);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
