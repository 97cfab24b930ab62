import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Department, Role } from '../src/platform/enums';
import { BenchHub, ensurePartitions, percentile } from './bench-hub';

/**
 * The aggregates at their bounds, over HTTP beside plain SQL:
 *  - a year of hours of 200 weather stations (1.76 M rows, the longest range an hourly aggregate may cover), by
 *    station and month, and the same GROUP BY sent straight to PostgreSQL;
 *  - a month of quarter-hour dust readings of 300 sites (0.86 M rows), by site and day, asking PM10 only (whole hours
 *    from the site-hour rollup, the rest from the readings) and PM10 with PM2.5 (every reading), whose PM10 figures
 *    must be the same.
 * Prints the p50 of warm runs of each.
 */
const STATIONS = 200;
const HOURS = 366 * 24;
const SITES = 300;
const QUARTERS = 30 * 96;
const RUNS = 5;
const T0 = Date.parse('2024-01-01T01:00:00+08:00');
const at = (ms: number) => new Date(ms).toISOString();

async function p50(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

async function main(): Promise<void> {
  const hub = await BenchHub.start();
  const db = hub.database.dataSource;
  try {
    const key = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const [{ id: keyId }] = await db.query('SELECT id FROM api_keys LIMIT 1');
    const batch = randomUUID();
    await db.query(`INSERT INTO ingest_batches (id, dataset, department, key_id, accepted, rejected, unchanged) VALUES ($1, 'weather-hourly', 'METEOROLOGY', $2, 0, 0, 0)`, [batch, keyId]);
    await db.query(
      `INSERT INTO regions (code, name, level, parent_code, key_city, batch_id) VALUES ('510000', '四川省', 'PROVINCE', NULL, false, $1),
       ('510100', '成都市', 'CITY', '510000', true, $1), ('510104', '锦江区', 'COUNTY', '510100', false, $1)`,
      [batch],
    );
    await db.query(`INSERT INTO weather_stations (code, name, region_code, batch_id) SELECT 'W' || s, 'station ' || s, '510104', $1 FROM generate_series(1, ${STATIONS}) s`, [batch]);
    await db.query(
      `INSERT INTO construction_sites (id, name, region_code, status, dust_monitor, video, batch_id)
       SELECT 'S' || s, 'site ' || s, '510104', 'ACTIVE', true, false, $1 FROM generate_series(1, ${SITES}) s`,
      [batch],
    );
    const dustFrom = Date.parse('2024-06-01T00:15:00+08:00');
    await ensurePartitions(db, 'weather_hourly', new Date(T0), new Date(T0 + (HOURS - 1) * 3_600_000));
    await ensurePartitions(db, 'site_dust_readings', new Date(dustFrom), new Date(dustFrom + (QUARTERS - 1) * 900_000));
    const started = Date.now();
    for (let from = 0; from < HOURS; from += 30 * 24) {
      await db.query(
        `INSERT INTO weather_hourly (station_code, observed_at, temperature, wind_speed, precipitation, batch_id)
         SELECT 'W' || s, $1::timestamptz + h * interval '1 hour', round((random() * 40 - 10)::numeric, 1)::float8,
                round((random() * 8)::numeric, 1)::float8, CASE WHEN random() < 0.1 THEN round((random() * 3)::numeric, 1)::float8 END, $2
         FROM generate_series(${from}, ${Math.min(from + 30 * 24, HOURS) - 1}) h, generate_series(1, ${STATIONS}) s ORDER BY h, s`,
        [at(T0), batch],
      );
    }
    await db.query(
      `INSERT INTO site_dust_readings (site_id, observed_at, pm10, pm25, batch_id)
       SELECT 'S' || s, $1::timestamptz + q * interval '15 minutes', p, round((p * 0.6)::numeric, 1)::float8, $2
       FROM generate_series(0, ${QUARTERS - 1}) q, generate_series(1, ${SITES}) s, LATERAL (SELECT round((20 + random() * 200)::numeric, 1)::float8 AS p) v
       ORDER BY q, s`,
      [at(dustFrom), batch],
    );
    await db.query(
      `INSERT INTO site_dust_hours (site_id, hour, readings, pm10_sum, pm10_min, pm10_max)
       SELECT site_id, to_timestamp(ceil(extract(epoch FROM observed_at) / 3600) * 3600), count(*), sum(pm10), min(pm10), max(pm10)
       FROM site_dust_readings GROUP BY 1, 2`,
    );
    await db.query('VACUUM ANALYZE');
    const loaded = (Date.now() - started) / 1000;

    const year = { from: at(T0), to: at(T0 + (HOURS - 1) * 3_600_000) };
    const weather = `query($from: DateTime!, $to: DateTime!) { weatherObservationsAggregate(from: $from, to: $to, groupBy: [STATION, MONTH], maxGroups: 10000) {
      stationCode month count temperature { mean max } precipitation { sum } } }`;
    const groups = (await hub.gql(key, weather, year)).weatherObservationsAggregate.length;
    const api = await p50(() => hub.gql(key, weather, year));
    const sql = await p50(() =>
      db.query(
        `SELECT station_code, date_trunc('month', observed_at AT TIME ZONE 'Asia/Shanghai'), count(*), avg(temperature), max(temperature), sum(precipitation)
         FROM weather_hourly WHERE observed_at BETWEEN $1 AND $2 GROUP BY 1, 2 ORDER BY 1, 2`,
        [year.from, year.to],
      ),
    );

    const month = { from: at(dustFrom), to: at(dustFrom + (QUARTERS - 1) * 900_000) };
    const dust = (fields: string) => `query($from: DateTime!, $to: DateTime!) { siteDustReadingsAggregate(from: $from, to: $to, groupBy: [SITE, DAY], maxGroups: 10000) {
      siteId day count ${fields} } }`;
    const pm10 = 'pm10 { mean max }';
    const rolled = (await hub.gql(key, dust(pm10), month)).siteDustReadingsAggregate;
    const raw = (await hub.gql(key, dust(`${pm10} pm25 { mean }`), month)).siteDustReadingsAggregate;
    const same = (g: any) => JSON.stringify([g.siteId, g.day, g.count, Math.round(g.pm10.mean * 1e9), g.pm10.max]);
    const identical = rolled.length === raw.length && rolled.every((g: any, i: number) => same(g) === same(raw[i]));
    const fromRollup = await p50(() => hub.gql(key, dust(pm10), month));
    const fromReadings = await p50(() => hub.gql(key, dust(`${pm10} pm25 { mean }`), month));

    console.log(`loaded in ${loaded.toFixed(0)} s; p50 of ${RUNS} warm runs`);
    console.log(`weather, ${(STATIONS * HOURS).toLocaleString('en')} rows (a year of ${STATIONS} stations), by station and month (${groups} groups): ` +
      `API ${api.toFixed(0)} ms, plain SQL ${sql.toFixed(0)} ms, ratio ${(api / sql).toFixed(2)}`);
    console.log(`site dust, ${(SITES * QUARTERS).toLocaleString('en')} readings (a month of ${SITES} sites), by site and day (${rolled.length} groups): ` +
      `PM10 from the rollup ${fromRollup.toFixed(0)} ms, with PM2.5 from the readings ${fromReadings.toFixed(0)} ms, ratio ${(fromReadings / fromRollup).toFixed(2)}; ` +
      `PM10 figures ${identical ? 'identical' : 'DIFFERENT'}`);
    if (!identical) process.exitCode = 1;
  } finally {
    await hub.stop();
  }
}

void main();
