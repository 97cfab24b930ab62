import 'reflect-metadata';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { isRead, observeStatements } from '../test/support/statements';
import { DataSource } from 'typeorm';
import { creditCodeCheckCharacter } from '../src/datasets/credit-code';
import { Department, Role } from '../src/platform/enums';
import { refreshRegionDays } from '../src/indicators/region-day.rollup';
import { refreshSiteDustHours } from '../src/feeds/housing/site-dust-hours.rollup';
import { BenchHub, SICHUAN_CITIES, benchBatch, ensurePartitions, percentile } from './bench-hub';

/**
 * The cross-department indicators (docs/indicators.md §5) over a synthetic Sichuan: 21 cities of 4 counties each,
 * 5,000 enterprises with two years of daily electricity, 2,000 construction sites with 15-minute dust readings for
 * January 2026, 200 weather stations hourly for a year, 100,000 fire hot spots over that year, 42 air-quality
 * stations hourly for January 2026 rolled up by the hub's own region-day code, alerts, machinery, muck trucks, fleet
 * and targets. Reference rows (regions, air stations) go through the API; bulk rows are generated in SQL straight
 * into the hub's tables. Each query is timed warm over HTTP (p50, p95), its SELECT statements counted per request
 * (once on the reference rows alone, once loaded: the count must not change), and set against a plain SQL statement
 * computing the same figures from the raw rows, whose answer is compared with the API's.
 * Aim: provinceOverview p50 ≤ 150 ms, every other query ≤ 100 ms.
 */
const CITIES = SICHUAN_CITIES;
const COUNTIES_PER_CITY = 4;
const ENTERPRISES = 5000;
const SITES = 2000;
const WEATHER_STATIONS = 200;
const HOTSPOTS = 100_000;
const AIR_STATIONS_PER_CITY = 2;
/** Electricity 2024-02-01 … 2026-01-31; weather and hot spots 2025-02-01 … 2026-01-31; dust and air January 2026. */
const ELECTRICITY_MONTHS = 24;
const WARMUP_RUNS = 3;
const MEASURED_RUNS = 20;
const RUN_BUDGET_MS = 10_000;
const AT = '2026-01-20T10:30:00+08:00';

const countiesOf = (city: string) => Array.from({ length: COUNTIES_PER_CITY }, (_, c) => `${city.slice(0, 4)}${String(c + 1).padStart(2, '0')}`);
const COUNTIES = CITIES.flatMap(countiesOf);
/** City i's centre on a 7 × 3 grid over the province; its stations, sites and hot spots lie around it. */
const centre = (i: number) => ({ latitude: 27 + (i % 7) * 1.0, longitude: 99.5 + Math.floor(i / 7) * 3.0 });

/** An ingest batch for rows a dataset gets by SQL. */
const batch = benchBatch;

/** Regions and air stations through the API; enterprises, sites, weather stations, alerts and targets by SQL. */
async function loadReference(hub: BenchHub, db: DataSource): Promise<void> {
  const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
  const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
  for (const d of [Department.ECONOMY, Department.HOUSING, Department.METEOROLOGY, Department.FORESTRY, Department.PUBLIC_SECURITY]) {
    await hub.key(d, Role.PUBLISHER);
  }
  await hub.gql(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
    i: [
      { code: '510000', name: '四川省', level: 'PROVINCE' },
      ...CITIES.flatMap((city, i) => [
        { code: city, name: `川${city}`, level: 'CITY', parentCode: '510000', keyCity: i % 4 !== 3 },
        ...countiesOf(city).map((county, c) => ({ code: county, name: `县${city}-${c + 1}`, level: 'COUNTY', parentCode: city })),
      ]),
    ],
  });
  await hub.gql(ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
    i: CITIES.flatMap((city, i) =>
      Array.from({ length: AIR_STATIONS_PER_CITY }, (_, s) => ({
        code: `A${city}-${s}`, name: `站${city}-${s}`, regionCode: countiesOf(city)[s], controlLevel: 'NATIONAL',
        latitude: centre(i).latitude + s * 0.08, longitude: centre(i).longitude - s * 0.08,
      })),
    ),
  });

  const codes = Array.from({ length: ENTERPRISES }, (_, n) => {
    const first17 = `91510000MA${String(n).padStart(7, '0')}`;
    return `${first17}${creditCodeCheckCharacter(first17)}`;
  });
  await db.query(
    `INSERT INTO enterprises (credit_code, name, region_code, industry, key_industry, performance_grade, on_emergency_control_list, batch_id)
     SELECT code, '企业' || n, ($2::text[])[(1 + n % $3)::int], (ARRAY['STEEL', 'CHEMICAL', 'BUILDING_MATERIALS', 'OTHER'])[(1 + n % 4)::int], n % 3 = 0,
            (ARRAY['A', 'B', 'C', 'UNGRADED'])[(1 + n % 4)::int], n % 5 < 3, $4
     FROM unnest($1::text[]) WITH ORDINALITY AS e (code, n)`,
    [codes, COUNTIES, COUNTIES.length, await batch(db, 'enterprises', Department.ECONOMY)],
  );
  // Sites: 80 % ACTIVE (a tenth of them starting during January), 10 % SUSPENDED, 10 % COMPLETED; 90 % with a monitor.
  await db.query(
    `INSERT INTO construction_sites (id, name, region_code, status, start_date, end_date, dust_monitor, video, batch_id)
     SELECT 'S' || n, '工地' || n, ($1::text[])[1 + n % $2], CASE WHEN n % 10 < 8 THEN 'ACTIVE' WHEN n % 10 = 8 THEN 'SUSPENDED' ELSE 'COMPLETED' END,
            CASE WHEN n % 80 = 0 THEN date '2026-01-01' + (n % 31) ELSE date '2025-03-01' END,
            CASE WHEN n % 10 = 9 THEN date '2025-12-31' END, n % 10 <> 7, n % 2 = 0, $4
     FROM generate_series(1, $3::int) n`,
    [COUNTIES, COUNTIES.length, SITES, await batch(db, 'construction-sites', Department.HOUSING)],
  );
  await db.query(
    `INSERT INTO weather_stations (code, name, region_code, batch_id)
     SELECT 'W' || n, '气象站' || n, ($1::text[])[1 + n % $2], $4 FROM generate_series(1, $3::int) n`,
    [COUNTIES, COUNTIES.length, WEATHER_STATIONS, await batch(db, 'weather-stations', Department.METEOROLOGY)],
  );
  // Every city: a 2-day YELLOW alert each month of 2025; a third of them with one active at AT; Chengdu's ORANGE
  // alert of 12–14 January 2026, the one emergencyCompliance asks for.
  await db.query(
    `INSERT INTO heavy_pollution_alerts (region_code, starts_at, level, issued_at, ends_at, batch_id)
     SELECT c.code, m + interval '4 days', 'YELLOW', m + interval '3 days', m + interval '6 days', $2::uuid
     FROM unnest($1::text[]) c (code) CROSS JOIN generate_series('2025-01-01T00:00:00+08'::timestamptz, '2025-12-01T00:00:00+08', interval '1 month') m
     UNION ALL
     SELECT c.code, '2026-01-19T00:00:00+08', 'YELLOW', '2026-01-18T17:00:00+08', '2026-01-22T00:00:00+08', $2::uuid
     FROM unnest($1::text[]) WITH ORDINALITY c (code, n) WHERE n % 3 = 0
     UNION ALL
     SELECT '510100', '2026-01-12T00:00:00+08', 'ORANGE', '2026-01-11T17:00:00+08', '2026-01-15T00:00:00+08', $2::uuid`,
    [CITIES, await batch(db, 'heavy-pollution-alerts', Department.ECOLOGY)],
  );
  await db.query(
    `INSERT INTO vehicle_targets (region_code, year, old_vehicles_to_eliminate, new_energy_vehicles_target, batch_id)
     SELECT code, 2026, 2000, 8000, $2 FROM unnest($1::text[]) code`,
    [CITIES, await batch(db, 'vehicle-targets', Department.COMMAND_CENTER)],
  );
}

/** Rows per table after the bulk load, for the report. */
const BULK_TABLES = ['enterprise_electricity_daily', 'site_dust_readings', 'site_dust_hours', 'weather_hourly', 'fire_hotspots', 'air_quality_hourly', 'region_days',
  'construction_machinery_daily', 'municipal_vehicles_daily', 'vehicle_fleet_monthly'];

/**
 * The bulk rows, month by month in time order as feeds deliver them, from a session that skips the foreign-key
 * triggers (every generated row references a reference row created above).
 */
async function loadBulk(db: DataSource): Promise<void> {
  const batches = {
    electricity: await batch(db, 'enterprise-electricity-daily', Department.ECONOMY),
    dust: await batch(db, 'site-dust-readings', Department.HOUSING),
    weather: await batch(db, 'weather-hourly', Department.METEOROLOGY),
    hotspots: await batch(db, 'fire-hotspots', Department.FORESTRY),
    air: await batch(db, 'air-quality-hourly', Department.ECOLOGY),
    machinery: await batch(db, 'construction-machinery-daily', Department.HOUSING),
    trucks: await batch(db, 'municipal-vehicles-daily', Department.HOUSING),
    fleet: await batch(db, 'vehicle-fleet-monthly', Department.PUBLIC_SECURITY),
  };
  await ensurePartitions(db, 'enterprise_electricity_daily', '2024-02-01', '2026-01-31');
  await ensurePartitions(db, 'site_dust_readings', '2026-01-01', '2026-02-01');
  await ensurePartitions(db, 'weather_hourly', '2025-02-01', '2026-02-01');
  await ensurePartitions(db, 'air_quality_hourly', '2026-01-01', '2026-02-01');
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SET session_replication_role = replica');
    // Each enterprise has its own level and a seasonal swing; one day in 41 goes unreported; a tenth of them drop to
    // 55 % in January 2026; Chengdu's controlled B and C enterprises cut during its alert, every other one by 30 %.
    for (let m = 0; m < ELECTRICITY_MONTHS; m++) {
      await runner.query(
        `INSERT INTO enterprise_electricity_daily (credit_code, date, electricity, batch_id)
         SELECT e.credit_code, d.day,
                (1000 + (e.n % 50) * 200) * (1 + 0.15 * sin((d.day - date '2024-01-01') / 58.0 + e.n))
                  * CASE WHEN e.n % 10 = 0 AND d.day >= date '2026-01-01' THEN 0.55 ELSE 1 END
                  * CASE WHEN e.region_code LIKE '5101%' AND e.on_emergency_control_list AND d.day BETWEEN date '2026-01-12' AND date '2026-01-14'
                         THEN CASE WHEN e.n % 2 = 0 THEN 0.7 ELSE 0.95 END ELSE 1 END,
                $2
         FROM (SELECT d::date AS day FROM generate_series(date '2024-02-01' + $1::int * interval '1 month',
                                                          date '2024-02-01' + ($1::int + 1) * interval '1 month' - interval '1 day', interval '1 day') d) d
         CROSS JOIN (SELECT credit_code, region_code, on_emergency_control_list, row_number() OVER (ORDER BY credit_code) AS n FROM enterprises) e
         WHERE (e.n + (d.day - date '2024-02-01')) % 41 <> 0`,
        [m, batches.electricity],
      );
    }
    // Every site, every 15 minutes of January 2026 (a reading stamped at the end of its quarter hour), PM10 swinging
    // 60 … 230 µg/m³ at its own phase: about a fifth of the site-hours lie above 150.
    for (let day = 0; day < 31; day++) {
      await runner.query(
        `INSERT INTO site_dust_readings (site_id, observed_at, pm10, pm25, batch_id)
         SELECT s.id, t, 60 + 170 * abs(sin(s.n * 0.7 + extract(epoch FROM t) / 20000.0)) ^ 3, NULL, $2
         FROM generate_series(timestamptz '2026-01-01T00:15:00+08' + $1::int * interval '1 day',
                              timestamptz '2026-01-02T00:00:00+08' + $1::int * interval '1 day', interval '15 minutes') t
         CROSS JOIN (SELECT id, substr(id, 2)::int AS n FROM construction_sites) s`,
        [day, batches.dust],
      );
    }
    // Hourly weather of the year: wind 0 … 4 m/s and humidity 55 … 100 %, swinging together over the province (each
    // station slightly off), so that a city's mean is stagnant for some hours and some days.
    for (let m = 0; m < 12; m++) {
      await runner.query(
        `INSERT INTO weather_hourly (station_code, observed_at, temperature, relative_humidity, wind_speed, batch_id)
         SELECT s.code, t, 12 + 8 * sin(extract(epoch FROM t) / 86400.0 * 2 * pi()),
                least(100, 80 + 25 * sin(s.n * 0.05 + extract(epoch FROM t) / 50000.0)), 2 + 2 * sin(s.n * 0.07 + extract(epoch FROM t) / 70000.0), $3
         FROM generate_series(timestamptz '2025-02-01T01:00:00+08' + $1::int * interval '1 day',
                              timestamptz '2025-02-01T00:00:00+08' + $2::int * interval '1 day', interval '1 hour') t
         CROSS JOIN (SELECT code, substr(code, 2)::int AS n FROM weather_stations) s`,
        [Math.floor((365 * m) / 12), Math.floor((365 * (m + 1)) / 12), batches.weather],
      );
    }
    // Hot spots spread over the year and the province's box (26–34° N, 97.5–108.5° E); 5 % false alarms, 5 % reported
    // by patrol without coordinates.
    await runner.query(
      `INSERT INTO fire_hotspots (id, detected_at, region_code, source, status, latitude, longitude, batch_id)
       SELECT 'H' || n, timestamptz '2025-02-01T00:00:00+08' + (n::float8 / $1) * interval '365 days', ($2::text[])[1 + n % $3],
              CASE WHEN n % 20 = 1 THEN 'PATROL' ELSE 'SATELLITE' END,
              CASE WHEN n % 20 = 0 THEN 'FALSE_ALARM' WHEN n % 2 = 0 THEN 'CONFIRMED' ELSE 'UNVERIFIED' END,
              CASE WHEN n % 20 <> 1 THEN 26 + 8 * abs(sin(n * 12.9898)) END, CASE WHEN n % 20 <> 1 THEN 97.5 + 11 * abs(sin(n * 78.233)) END, $4
       FROM generate_series(1, $1::int) n`,
      [HOTSPOTS, COUNTIES, COUNTIES.length, batches.hotspots],
    );
    await runner.query(
      `INSERT INTO air_quality_hourly (station_code, observed_at, pm25, pm10, so2, no2, o3, co, batch_id)
       SELECT s.code, t, 25 + 90 * abs(sin(s.n + extract(epoch FROM t) / 90000.0)), 50 + 120 * abs(sin(s.n + extract(epoch FROM t) / 110000.0)),
              8, 35, 40 + 60 * abs(sin(extract(epoch FROM t) / 86400.0 * pi())), 0.8, $1
       FROM generate_series(timestamptz '2026-01-01T01:00:00+08', timestamptz '2026-02-01T00:00:00+08', interval '1 hour') t
       CROSS JOIN (SELECT code, row_number() OVER (ORDER BY code) AS n FROM air_stations) s`,
      [batches.air],
    );
    await runner.query(
      `INSERT INTO construction_machinery_daily (site_id, date, emission_stage, machines_in_use, operating_hours, batch_id)
       SELECT c.id, d::date, 'CHINA_III', 1 + substr(c.id, 2)::int % 4, 8, $1
       FROM construction_sites c CROSS JOIN generate_series(date '2026-01-01', date '2026-01-31', interval '1 day') d WHERE c.status = 'ACTIVE'`,
      [batches.machinery],
    );
    await runner.query(
      `INSERT INTO municipal_vehicles_daily (region_code, date, vehicle_type, vehicles_active, trips, batch_id)
       SELECT c, d::date, 'MUCK_TRUCK', 20 + length(c), 60, $2 FROM unnest($1::text[]) c CROSS JOIN generate_series(date '2026-01-01', date '2026-01-31', interval '1 day') d`,
      [COUNTIES, batches.trucks],
    );
    // Counties publish their fleet every month of 2025 and January 2026; odd cities also publish their own rows.
    await runner.query(
      `INSERT INTO vehicle_fleet_monthly (region_code, month, vehicle_class, fuel, emission_standard, registered_vehicles, batch_id)
       SELECT r, to_char(m, 'YYYY-MM'), k.class, k.fuel, k.standard, k.base + (extract(month FROM m)::int * k.step), $2
       FROM unnest($1::text[]) r
       CROSS JOIN generate_series(date '2025-01-01', date '2026-01-01', interval '1 month') m
       CROSS JOIN (VALUES ('PASSENGER_CAR', 'GASOLINE', 'CHINA_6', 40000, 100), ('PASSENGER_CAR', 'GASOLINE', 'CHINA_3', 3000, -60),
                          ('PASSENGER_CAR', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 5000, 300), ('HEAVY_TRUCK', 'DIESEL', 'CHINA_3', 800, -20),
                          ('HEAVY_TRUCK', 'DIESEL', 'CHINA_6', 1200, 10)) k (class, fuel, standard, base, step)`,
      [[...COUNTIES, ...CITIES.filter((_, i) => i % 2 === 1)], batches.fleet],
    );
  } finally {
    // The connection goes back to the hub's pool: with its triggers on again.
    await runner.query('RESET session_replication_role');
    await runner.release();
  }
  const targets = [...CITIES, ...COUNTIES].flatMap((regionCode) => Array.from({ length: 31 }, (_, d) => ({ regionCode, day: `2026-01-${String(d + 1).padStart(2, '0')}` })));
  await db.transaction((tx) => refreshRegionDays(tx, targets));
  // The site-hours of the dust, a day of every site at a time, as housing's rollup keeps them at ingestion.
  const sites = Array.from({ length: SITES }, (_, n) => `S${n + 1}`);
  for (let day = 0; day < 31; day++) {
    const hours = Array.from({ length: 24 }, (_, h) => new Date(Date.parse('2026-01-01T01:00:00+08:00') + (day * 24 + h) * 3_600_000));
    await db.transaction((tx) => refreshSiteDustHours(tx, sites.flatMap((s) => hours.map(() => s)), sites.flatMap(() => hours)));
  }
  for (const table of BULK_TABLES) await db.query(`VACUUM ANALYZE ${table}`);
}

interface Case {
  name: string;
  scope: string;
  document: string;
  /** The same figures from the raw rows; its parameters may come from the API's answer. */
  scan: (api: any) => { sql: string; params: unknown[] };
  /** One figure of each answer, to check that the API and the scan agree. */
  agree: { label: string; api: (api: any) => number; scan: (rows: any[]) => number };
  aimMs: number;
}

const HAVERSINE_KM = (lat1: string, lon1: string, lat2: string, lon2: string) =>
  `2 * 6371.0 * asin(sqrt(sin(radians(${lat2} - ${lat1}) / 2) ^ 2 + cos(radians(${lat1})) * cos(radians(${lat2})) * sin(radians(${lon2} - ${lon1}) / 2) ^ 2))`;
/** The CST date of an instant, and the instant a CST date starts. */
const CST_DAY = (instant: string) => `(((${instant}) AT TIME ZONE 'UTC') + interval '8 hours')::date`;
const CST_START = (date: string) => `((${date})::timestamp - interval '8 hours') AT TIME ZONE 'UTC'`;

const ENERGY_SCAN = `
  WITH w (i, first, last) AS (VALUES (0, $2::date, $3::date), (1, $4::date, $5::date), (2, $6::date, $7::date)),
  sums AS (
    SELECT e.credit_code, w.i, count(*) AS days, sum(d.electricity) AS kwh, w.last - w.first + 1 AS span
    FROM enterprises e JOIN enterprise_electricity_daily d ON d.credit_code = e.credit_code JOIN w ON d.date BETWEEN w.first AND w.last
    WHERE e.region_code IN (SELECT code FROM region_subtree($1))
    GROUP BY e.credit_code, w.i, w.first, w.last
  ), means AS (
    SELECT credit_code, ${[0, 1, 2].map((i) => `max(kwh / days) FILTER (WHERE i = ${i} AND days * 5 >= span * 4) AS m${i}`).join(', ')}
    FROM sums GROUP BY credit_code
  )
  SELECT credit_code FROM means WHERE abs(m0 - m1) / nullif(m1, 0) * 100 >= 30 OR abs(m0 - m2) / nullif(m2, 0) * 100 >= 30`;

const CASES: Case[] = [
  {
    name: 'energyAnomalies', scope: 'province, Jan 2026', aimMs: 100,
    document: '{ energyAnomalies(regionCode: "510000", from: "2026-01-01", to: "2026-01-31") { rows { creditCode changeVsYearAgo changeVsPreceding flagged } sources { dataset latestObservedAt } } }',
    scan: () => ({ sql: ENERGY_SCAN, params: ['510000', '2026-01-01', '2026-01-31', '2025-01-01', '2025-01-31', '2025-12-01', '2025-12-31'] }),
    agree: { label: 'flagged', api: (a) => a.energyAnomalies.rows.length, scan: (rows) => rows.length },
  },
  {
    name: 'energyAnomalies', scope: 'city, Jan 2026', aimMs: 100,
    document: '{ energyAnomalies(regionCode: "510100", from: "2026-01-01", to: "2026-01-31") { rows { creditCode changeVsYearAgo changeVsPreceding flagged } sources { dataset latestObservedAt } } }',
    scan: () => ({ sql: ENERGY_SCAN, params: ['510100', '2026-01-01', '2026-01-31', '2025-01-01', '2025-01-31', '2025-12-01', '2025-12-31'] }),
    agree: { label: 'flagged', api: (a) => a.energyAnomalies.rows.length, scan: (rows) => rows.length },
  },
  {
    name: 'emergencyCompliance', scope: 'Chengdu ORANGE, 3 days', aimMs: 100,
    document: `{ emergencyCompliance(regionCode: "510100", startsAt: "2026-01-12T00:00:00+08:00", asOf: "2026-01-20T00:00:00+08:00") {
      requiredCutPercent alertDays baselineDays compliant nonCompliant unknown enterprises { creditCode achievedCutPercent status }
      sitesWithMachinery { siteId days { date machinesInUse } } muckTrucks { date vehiclesActive } sources { dataset latestObservedAt } } }`,
    scan: (api) => {
      const c = api.emergencyCompliance;
      return {
        sql: `WITH u AS (
                SELECT e.credit_code,
                       avg(d.electricity) FILTER (WHERE d.date = ANY($2::date[])) AS base, count(d.date) FILTER (WHERE d.date = ANY($2::date[])) AS base_days,
                       avg(d.electricity) FILTER (WHERE d.date = ANY($3::date[])) AS during, count(d.date) FILTER (WHERE d.date = ANY($3::date[])) AS during_days
                FROM enterprises e
                LEFT JOIN enterprise_electricity_daily d ON d.credit_code = e.credit_code AND (d.date = ANY($2::date[]) OR d.date = ANY($3::date[]))
                WHERE e.on_emergency_control_list AND e.performance_grade <> 'A' AND e.region_code IN (SELECT code FROM region_subtree($1))
                GROUP BY e.credit_code
              )
              SELECT count(*) FILTER (WHERE base_days >= 5 AND during_days * 2 >= $5 AND base > 0 AND (base - during) / base * 100 >= $4) AS compliant,
                     (SELECT count(DISTINCT m.site_id) FROM construction_machinery_daily m JOIN construction_sites s ON s.id = m.site_id
                      WHERE s.status = 'ACTIVE' AND s.region_code IN (SELECT code FROM region_subtree($1)) AND m.date = ANY($3::date[]) AND m.machines_in_use > 0) AS sites,
                     (SELECT sum(vehicles_active) FROM municipal_vehicles_daily
                      WHERE vehicle_type = 'MUCK_TRUCK' AND region_code IN (SELECT code FROM region_subtree($1)) AND date = ANY($3::date[])) AS trucks
              FROM u`,
        params: ['510100', c.baselineDays, c.alertDays, c.requiredCutPercent, c.alertDays.length],
      };
    },
    agree: { label: 'compliant', api: (a) => a.emergencyCompliance.compliant, scan: (rows) => Number(rows[0].compliant) },
  },
  {
    name: 'fireInfluence', scope: 'province, Jan 2026', aimMs: 100,
    document: '{ fireInfluence(regionCode: "510000", from: "2026-01-01", to: "2026-01-31") { regionCode daysWithHotspots pollutedDays days { date hotspots nearestKm aqi } sources { dataset latestObservedAt } } }',
    scan: () => ({
      sql: `WITH st AS (
              SELECT e.region_code, s.latitude, s.longitude FROM region_evaluation_stations e JOIN air_stations s ON s.code = e.station_code
              WHERE e.region_code IN (SELECT code FROM regions WHERE parent_code = $1 AND level = 'CITY') AND s.latitude IS NOT NULL AND s.longitude IS NOT NULL
            ), h AS (
              SELECT id, latitude, longitude, ${CST_DAY('detected_at')} AS day FROM fire_hotspots
              WHERE status <> 'FALSE_ALARM' AND latitude IS NOT NULL AND longitude IS NOT NULL
                AND detected_at >= ${CST_START('$2::date - 1')} AND detected_at < ${CST_START('$3::date + 1')}
            ), near AS (
              SELECT DISTINCT st.region_code, h.id, h.day FROM h JOIN st ON ${HAVERSINE_KM('st.latitude', 'st.longitude', 'h.latitude', 'h.longitude')} <= 50
            )
            SELECT n.region_code, d.day, count(*) AS hotspots
            FROM near n JOIN (SELECT day::date FROM generate_series($2::date, $3::date, interval '1 day') day) d ON n.day IN (d.day, d.day - 1)
            GROUP BY 1, 2`,
      params: ['510000', '2026-01-01', '2026-01-31'],
    }),
    agree: {
      label: 'city-day hot spots',
      api: (a) => a.fireInfluence.reduce((n: number, c: any) => n + c.days.reduce((m: number, d: any) => m + d.hotspots, 0), 0),
      scan: (rows) => rows.reduce((n, r) => n + Number(r.hotspots), 0),
    },
  },
  ...[['Jan 2026', '2026-01-01', '2026-01-31'], ['year to Jan 2026', '2025-02-01', '2026-01-31']].map(([period, from, to]): Case => ({
    name: 'dispersion', scope: `city, ${period}`, aimMs: 100,
    document: `{ dispersion(regionCode: "510100", from: "${from}", to: "${to}") { date hoursWithData stagnantHours unfavourable aqi sources { dataset latestObservedAt } } }`,
    scan: () => ({
      sql: `WITH hours AS (
              SELECT w.observed_at, avg(w.wind_speed) AS wind, avg(w.relative_humidity) AS humidity
              FROM weather_stations s JOIN weather_hourly w ON w.station_code = s.code
              WHERE s.region_code IN (SELECT code FROM region_subtree($1))
                AND w.observed_at > ${CST_START('$2::date')} AND w.observed_at <= ${CST_START('$3::date + 1')}
              GROUP BY w.observed_at
            )
            SELECT ${CST_DAY("observed_at - interval '1 hour'")} AS day, count(*) FILTER (WHERE wind IS NOT NULL AND humidity IS NOT NULL) AS with_data,
                   count(*) FILTER (WHERE wind < 2.0 AND humidity >= 80) AS stagnant
            FROM hours GROUP BY 1`,
      params: ['510100', from, to],
    }),
    agree: {
      label: 'stagnant hours',
      api: (a) => a.dispersion.reduce((n: number, d: any) => n + d.stagnantHours, 0),
      scan: (rows) => rows.reduce((n, r) => n + Number(r.stagnant), 0),
    },
  })),
  {
    name: 'vehicleStructure', scope: 'city, Jan 2026', aimMs: 100,
    document: `{ vehicleStructure(regionCode: "510100", month: "2026-01") { vehicles newEnergy newEnergyShare chinaIIIAndBelow
      startOfYear { vehicles } vehiclesChange target { eliminated newEnergyPercent } sources { dataset latestObservedAt } } }`,
    // Chengdu publishes no rows of its own: its figures are its counties' sums.
    scan: () => ({
      sql: `SELECT month, sum(registered_vehicles) AS vehicles, sum(registered_vehicles) FILTER (WHERE fuel IN ('BATTERY_ELECTRIC', 'PLUG_IN_HYBRID', 'FUEL_CELL')) AS new_energy,
                   sum(registered_vehicles) FILTER (WHERE emission_standard IN ('CHINA_0', 'CHINA_1', 'CHINA_2', 'CHINA_3')) AS old,
                   (SELECT new_energy_vehicles_target FROM vehicle_targets WHERE region_code = $1 AND year = 2026) AS target
            FROM vehicle_fleet_monthly WHERE region_code IN (SELECT code FROM region_subtree($1)) AND month IN ('2025-12', '2026-01') GROUP BY month ORDER BY month`,
      params: ['510100'],
    }),
    agree: { label: 'vehicles', api: (a) => a.vehicleStructure.vehicles, scan: (rows) => Number(rows[1].vehicles) },
  },
  ...[['city, Jan 2026', '510100', '2026-01-01', '2026-01-31'], ['province, 1 day', '510000', '2026-01-15', '2026-01-15']].map(([scope, region, from, to]): Case => ({
    name: 'constructionDust', scope, aimMs: 100,
    document: `{ constructionDust(regionCode: "${region}", from: "${from}", to: "${to}") { date activeSites activeSitesWithMonitor sitesReporting exceedingSites exceedingHours worstSiteId sources { dataset latestObservedAt } } }`,
    scan: () => ({
      sql: `WITH site_hours AS (
              SELECT d.site_id, ceil(extract(epoch FROM d.observed_at) / 3600) AS hour, avg(d.pm10) AS pm10
              FROM construction_sites c JOIN site_dust_readings d ON d.site_id = c.id
              WHERE c.region_code IN (SELECT code FROM region_subtree($1))
                AND d.observed_at > ${CST_START('$2::date')} AND d.observed_at <= ${CST_START('$3::date + 1')}
              GROUP BY 1, 2
            )
            SELECT ${CST_DAY('to_timestamp((hour - 1) * 3600)')} AS day, count(DISTINCT site_id) AS reporting,
                   count(DISTINCT site_id) FILTER (WHERE pm10 > 150) AS exceeding_sites, count(*) FILTER (WHERE pm10 > 150) AS exceeding_hours
            FROM site_hours GROUP BY 1`,
      params: [region, from, to],
    }),
    agree: {
      label: 'exceeding site-hours',
      api: (a) => a.constructionDust.reduce((n: number, d: any) => n + d.exceedingHours, 0),
      scan: (rows) => rows.reduce((n, r) => n + Number(r.exceeding_hours), 0),
    },
  })),
  {
    name: 'provinceOverview', scope: '21 cities', aimMs: 150,
    document: `{ provinceOverview(provinceCode: "510000", at: "${AT}") { cities { regionCode latestHour { observedAt aqi level } yesterday { date aqi }
      monthToDate { total validDays } activeAlert { level startsAt } activeSites hotspots24h energyAnomalies freshness { dataset latestObservedAt stale } } } }`,
    // The overview's scan-heavy figures per city from the raw rows: active sites, hot spots of the last 24 h near its
    // stations, flagged enterprises over the 7 days up to yesterday, its active alert, its stations' latest hour.
    scan: () => ({
      sql: `WITH c AS (SELECT code FROM regions WHERE parent_code = $1 AND level = 'CITY'),
            st AS (SELECT e.region_code, s.code, s.latitude, s.longitude FROM region_evaluation_stations e JOIN air_stations s ON s.code = e.station_code WHERE e.region_code IN (SELECT code FROM c)),
            w (i, first, last) AS (VALUES (0, date '2026-01-13', date '2026-01-19'), (1, date '2025-01-13', date '2025-01-19'), (2, date '2026-01-06', date '2026-01-12')),
            sums AS (
              SELECT c.code AS city, e.credit_code, w.i, count(*) AS days, sum(d.electricity) AS kwh
              FROM c CROSS JOIN LATERAL region_subtree(c.code) s JOIN enterprises e ON e.region_code = s.code
              JOIN enterprise_electricity_daily d ON d.credit_code = e.credit_code JOIN w ON d.date BETWEEN w.first AND w.last
              GROUP BY 1, 2, 3
            ), means AS (
              SELECT city, credit_code, ${[0, 1, 2].map((i) => `max(kwh / days) FILTER (WHERE i = ${i} AND days * 5 >= 7 * 4) AS m${i}`).join(', ')} FROM sums GROUP BY 1, 2
            )
            SELECT c.code,
              (SELECT count(*) FROM region_subtree(c.code) s JOIN construction_sites x ON x.region_code = s.code
               WHERE x.status = 'ACTIVE' AND (x.start_date IS NULL OR x.start_date <= date '2026-01-20') AND (x.end_date IS NULL OR x.end_date >= date '2026-01-20')) AS active_sites,
              (SELECT count(DISTINCT h.id) FROM fire_hotspots h JOIN st ON st.region_code = c.code
               WHERE h.status <> 'FALSE_ALARM' AND h.detected_at > $2::timestamptz - interval '24 hours' AND h.detected_at <= $2::timestamptz
                 AND ${HAVERSINE_KM('st.latitude', 'st.longitude', 'h.latitude', 'h.longitude')} <= 50) AS hotspots,
              (SELECT count(*) FROM means m WHERE m.city = c.code AND (abs(m0 - m1) / nullif(m1, 0) * 100 >= 30 OR abs(m0 - m2) / nullif(m2, 0) * 100 >= 30)) AS anomalies,
              (SELECT level FROM heavy_pollution_alerts a WHERE a.region_code = c.code AND a.starts_at <= $2 AND (a.ends_at IS NULL OR $2 < a.ends_at) ORDER BY starts_at DESC LIMIT 1) AS alert,
              (SELECT avg(q.pm25) FROM air_quality_hourly q JOIN st ON q.series_key = 'S:' || st.code AND st.region_code = c.code
               WHERE q.observed_at = (SELECT max(observed_at) FROM air_quality_hourly q2 JOIN st s2 ON q2.series_key = 'S:' || s2.code AND s2.region_code = c.code
                                      WHERE q2.observed_at > $2::timestamptz - interval '3 hours' AND q2.observed_at <= $2)) AS latest_pm25
            FROM c`,
      params: ['510000', AT],
    }),
    agree: {
      label: 'sites + hot spots + anomalies',
      api: (a) => a.provinceOverview.cities.reduce((n: number, c: any) => n + c.activeSites + c.hotspots24h + c.energyAnomalies, 0),
      scan: (rows) => rows.reduce((n, r) => n + Number(r.active_sites) + Number(r.hotspots) + Number(r.anomalies), 0),
    },
  },
];

/**
 * Statements that are not the query's own: the rollups' background drains and the re-verification of the caller's
 * key, each every 5 s whatever the requests, so a long request may or may not contain one.
 */
const NOT_THE_QUERYS = /region_day_queue|site_dust_hour_queue|pg_advisory_xact_lock|api_keys/;

/** The SELECT statements the hub issues while `work` runs (the hub runs in this process). */
async function countingSelects<T>(work: () => Promise<T>): Promise<{ result: T; selects: number }> {
  let selects = 0;
  const result = await observeStatements(work, (text) => {
    if (isRead(text) && !NOT_THE_QUERYS.test(text)) selects++;
  });
  return { result, selects };
}

/**
 * Sorted durations (ms) of the measured runs, after the warm-up runs: MEASURED_RUNS, fewer (at least 5) for a
 * statement slow enough that they would take more than RUN_BUDGET_MS, to keep the whole run within minutes.
 */
async function timeRuns(run: () => Promise<unknown>): Promise<number[]> {
  const start = performance.now();
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  const runs = Math.max(5, Math.min(MEASURED_RUNS, Math.floor(RUN_BUDGET_MS / ((performance.now() - start) / WARMUP_RUNS))));
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    durations.push(performance.now() - start);
  }
  return durations.sort((a, b) => a - b);
}

async function main() {
  process.env.RATE_LIMITS ??= 'PUBLISHER=1000000,READER=1000000,ADMIN=1000000';
  const hub = await BenchHub.start();
  try {
    const db = hub.database.dataSource;
    const started = performance.now();
    const loadAtStart = os.loadavg()[0];
    await loadReference(hub, db);
    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    await hub.gql(reader, '{ __typename }');
    // Statements per request on the reference rows alone (no electricity, readings, hours or hot spots yet).
    // Each counted on its second call, so that caches filled by the first (keys, grants) count in neither phase.
    const emptyCounts = [];
    for (const c of CASES) {
      await hub.gql(reader, c.document);
      emptyCounts.push((await countingSelects(() => hub.gql(reader, c.document))).selects);
    }

    const loadStart = performance.now();
    await loadBulk(db);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const sizes = await Promise.all(BULK_TABLES.map(async (t) => `${t} ${Number((await db.query(`SELECT count(*) AS n FROM ${t}`))[0].n).toLocaleString('en')}`));
    console.log(`province 510000: ${CITIES.length} cities × ${COUNTIES_PER_CITY} counties, ${ENTERPRISES.toLocaleString('en')} enterprises, ${SITES.toLocaleString('en')} sites, ` +
      `${WEATHER_STATIONS} weather stations, ${CITIES.length * AIR_STATIONS_PER_CITY} air stations`);
    console.log(`rows: ${sizes.join(', ')}`);
    console.log(`bulk load ${loadSeconds.toFixed(1)} s (SQL into the hub's tables, then the region-day rollup and VACUUM ANALYZE)`);

    const rows = [['query', 'scope', 'runs', 'p50 ms', 'p95 ms', 'aim', 'SELECTs ref → loaded', 'SQL scan p50 ms', 'scan/API', 'agreement (API = scan)']];
    for (const [i, c] of CASES.entries()) {
      const api = await timeRuns(() => hub.gql(reader, c.document));
      const { result: answer, selects } = await countingSelects(() => hub.gql(reader, c.document));
      const { sql, params } = c.scan(answer);
      const scanRows = await db.query(sql, params);
      const scan = await timeRuns(() => db.query(sql, params));
      const [apiFigure, scanFigure] = [c.agree.api(answer), c.agree.scan(scanRows)];
      const p50 = percentile(api, 50);
      rows.push([
        c.name, c.scope, String(api.length), p50.toFixed(1), percentile(api, 95).toFixed(1), `${p50 <= c.aimMs ? '≤' : '>'} ${c.aimMs}`,
        `${emptyCounts[i]} → ${selects}`, percentile(scan, 50).toFixed(1), `${(percentile(scan, 50) / p50).toFixed(2)}×`,
        `${c.agree.label} ${apiFigure}${apiFigure === scanFigure ? ' =' : ` ≠ ${scanFigure}`}`,
      ]);
    }
    const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
    console.log();
    for (const r of rows) console.log(r.map((cell, col) => (col >= 2 && col <= 8 ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join('  ').trimEnd());
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; warm runs over HTTP after ${WARMUP_RUNS}; scan = the plain SQL statement over the raw rows, ` +
      `timed the same way; load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end on ${os.cpus().length} cores`);
  } finally {
    await hub.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
