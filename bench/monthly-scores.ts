import { CityTargetSource } from '../src/feeds/command-center/city-target.source';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Access } from '../src/access/access';
import { Department, Role } from '../src/platform/enums';
import { refreshRegionDays } from '../src/indicators/region-day.rollup';
import { MonthlyScoreService } from '../src/indicators/monthly-score.service';
import { BEIJING_STATIONS, prsaFile, readPrsaHours } from '../src/app/demo/beijing';
import { BenchHub, ensurePartitions, percentile } from './bench-hub';

/**
 * `monthlyScores` at national scale: 168 key cities (16 of them in Sichuan), Sichuan's 21 cities with 9 counties each,
 * 13 months of hourly values (2025-01 … 2026-01) for every city and county, and the score of January 2026, which also
 * reads January 2025 (improvement, good days) and the year so far (heavy days). Values are real Beijing hours
 * (2014-01 … 2015-01, each region a station's series scaled and shifted), published as each region's own values and
 * rolled up by the hub's own rollup code. Prints the p50 of warm runs over HTTP and the SQL statements per call, for
 * Sichuan (21 cities) and for Beijing (its 6 synthetic key cities): the count must not grow with the number of cities.
 */
const SICHUAN_CITIES = ['510100', '510300', '510400', '510500', '510600', '510700', '510800', '510900', '511000', '511100',
  '511300', '511400', '511500', '511600', '511700', '511800', '511900', '512000', '513200', '513300', '513400'];
const SICHUAN_NON_KEY = new Set(['510400', '510800', '511900', '513200', '513300']);
const OTHER_PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '52', '53', '54', '61', '62', '63', '64', '65'];
const MONTH = '2026-01';
const RUNS = 30;
const WARMUP = 5;

interface RegionRow { code: string; name: string; level: string; parentCode: string | null; keyCity: boolean }

function regions(): RegionRow[] {
  const rows: RegionRow[] = [{ code: '510000', name: '四川省', level: 'PROVINCE', parentCode: null, keyCity: false }];
  for (const city of SICHUAN_CITIES) {
    rows.push({ code: city, name: `川${city}`, level: 'CITY', parentCode: '510000', keyCity: !SICHUAN_NON_KEY.has(city) });
    for (let c = 1; c <= 9; c++) rows.push({ code: `${city.slice(0, 4)}${String(c).padStart(2, '0')}`, name: `县${city}-${c}`, level: 'COUNTY', parentCode: city, keyCity: false });
  }
  const keyElsewhere = 168 - (SICHUAN_CITIES.length - SICHUAN_NON_KEY.size);
  OTHER_PROVINCES.forEach((p) => rows.push({ code: `${p}0000`, name: `省${p}`, level: 'PROVINCE', parentCode: null, keyCity: false }));
  for (let i = 0; i < keyElsewhere; i++) {
    const p = OTHER_PROVINCES[i % OTHER_PROVINCES.length];
    const n = Math.floor(i / OTHER_PROVINCES.length) + 1;
    rows.push({ code: `${p}${String(n).padStart(2, '0')}00`, name: `市${p}-${n}`, level: 'CITY', parentCode: `${p}0000`, keyCity: true });
  }
  return rows;
}

/** Loads the Beijing hours into a scratch table, then every city and county's 13 months from them, set-based. */
async function loadHours(db: DataSource, dataRegions: string[], batchId: string): Promise<void> {
  await db.query(`CREATE TABLE bench_source (source int, observed_at timestamptz, pm25 float8, pm10 float8, so2 float8, no2 float8, o3 float8, co float8)`);
  const first = Date.parse('2014-01-01T01:00:00+08:00');
  const last = Date.parse('2015-02-01T00:00:00+08:00');
  for (const [source, station] of BEIJING_STATIONS.entries()) {
    const rows: unknown[][] = [];
    for await (const h of readPrsaHours(prsaFile(station), station.code)) {
      const t = h.observedAt.getTime();
      if (t >= first && t <= last) rows.push([source, h.observedAt, h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co]);
    }
    const cols = rows[0].map((_, i) => rows.map((r) => r[i]));
    await db.query(
      `INSERT INTO bench_source SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])`,
      cols,
    );
  }
  // Region i takes station i mod 12, scaled by 0.6 … 1.4 and shifted by 0 … 4 days, moved 11 years on (2014 → 2025).
  await ensurePartitions(db, 'air_quality_hourly', '2025-01-01', '2026-02-05');
  await db.query(
    `INSERT INTO air_quality_hourly (region_code, observed_at, pm25, pm10, so2, no2, o3, co, batch_id)
     SELECT r.code, s.observed_at + interval '11 years' + (r.n % 5) * interval '1 day',
            s.pm25 * f.k, s.pm10 * f.k, s.so2 * f.k, s.no2 * f.k, s.o3 * f.k, s.co * f.k, $2::uuid
     FROM unnest($1::text[]) WITH ORDINALITY AS r (code, n)
     CROSS JOIN LATERAL (SELECT 0.6 + (r.n % 17) * 0.05 AS k) f
     JOIN bench_source s ON s.source = r.n % 12
     WHERE num_nonnulls(s.pm25, s.pm10, s.so2, s.no2, s.o3, s.co) > 0
     ON CONFLICT DO NOTHING`,
    [dataRegions, batchId],
  );
  await db.query('DROP TABLE bench_source');
}

async function refreshAll(db: DataSource, dataRegions: string[]): Promise<void> {
  const days: string[] = [];
  for (let t = Date.parse('2025-01-01T00:00:00Z'); t <= Date.parse('2026-02-04T00:00:00Z'); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  for (let i = 0; i < days.length; i += 7) {
    const week = days.slice(i, i + 7);
    await db.transaction((tx) =>
      refreshRegionDays(tx, dataRegions.flatMap((regionCode) => week.map((day) => ({ regionCode, day })))),
    );
  }
}

/** A DataSource whose `query` calls are counted: the statements one monthlyScores call issues. */
function counting(db: DataSource): { db: DataSource; count: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') return (...args: Parameters<DataSource['query']>) => (n++, target.query(...args));
      return Reflect.get(target, prop, receiver);
    },
  });
  return { db: proxy, count: () => n };
}

async function timeQuery(hub: BenchHub, key: string, province: string): Promise<{ p50: number; p95: number; cities: number }> {
  const query = `{ monthlyScores(provinceCode: "${province}", month: "${MONTH}") { regionCode total dailyRank improvement goodDays heavyPollution bonus
    detail { dailyRank { days { rank } } heavyPollution { days { order } } } } }`;
  let cities = 0;
  for (let i = 0; i < WARMUP; i++) cities = (await hub.gql(key, query)).monthlyScores.length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await hub.gql(key, query);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), cities };
}

async function main() {
  const hub = await BenchHub.start();
  try {
    const db = hub.database.dataSource;
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const all = regions();
    for (let i = 0; i < all.length; i += 500) {
      await hub.gql(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: all.slice(i, i + 500) });
    }
    const dataRegions = all.filter((r) => r.level !== 'PROVINCE').map((r) => r.code);
    const [{ id: keyId }] = await db.query(`SELECT id FROM api_keys WHERE department = 'COMMAND_CENTER' LIMIT 1`);
    const batchId = randomUUID();
    await db.query(
      `INSERT INTO ingest_batches (id, dataset, department, key_id, accepted, rejected, unchanged) VALUES ($1, 'air-quality-hourly', 'COMMAND_CENTER', $2, 0, 0, 0)`,
      [batchId, keyId],
    );
    const t0 = Date.now();
    await loadHours(db, dataRegions, batchId);
    const t1 = Date.now();
    await refreshAll(db, dataRegions);
    const t2 = Date.now();
    const [{ hours }] = await db.query('SELECT count(*)::int AS hours FROM air_quality_hourly');
    const [{ days }] = await db.query('SELECT count(*)::int AS days FROM region_days');
    console.log(`regions: ${all.length} (168 key cities, 21 Sichuan cities, ${all.filter((r) => r.level === 'COUNTY').length} counties); hourly rows ${hours.toLocaleString('en')}; region-days ${days.toLocaleString('en')}`);
    console.log(`load ${((t1 - t0) / 1000).toFixed(1)} s, rollup of every region-day ${((t2 - t1) / 1000).toFixed(1)} s (set-based, the ingestion code)`);

    for (const province of ['510000', '110000']) {
      const { p50, p95, cities } = await timeQuery(hub, reader, province);
      const counted = counting(db);
      const principal = { keyId: reader.slice(3, 15), department: Department.COMMAND_CENTER, role: Role.READER, name: 'bench' };
      await new MonthlyScoreService(counted.db, new CityTargetSource(counted.db)).monthlyScores(new Access(principal, db), province, MONTH);
      console.log(`monthlyScores(${province}, ${MONTH}): ${cities} cities scored — p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over HTTP; ${counted.count()} SQL statements`);
    }
  } finally {
    await hub.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
