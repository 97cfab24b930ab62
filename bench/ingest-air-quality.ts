import 'reflect-metadata';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { PoolClient } from 'pg';
import { Department, Role } from '../src/platform/enums';
import { BEIJING_REGIONS, BEIJING_STATIONS, PrsaHour } from '../src/app/demo/beijing';
import { BenchHub, percentile, readBeijingYear, scratchCopySql } from './bench-hub';
import { cpuPer10k, measure } from './profiling';

/**
 * A full year (2013-03-01 … 2014-02-28) of the 12 Beijing stations, ~105k hourly rows: published through
 * `ingestAirQuality` over HTTP in batches, re-sent (all unchanged), and — the baseline, in the same run — the same
 * rows by raw COPY into a copy of air_quality_hourly with its key, indexes, CHECKs and foreign keys (`scratchCopySql`),
 * and into the same copy without its foreign keys (their share of the COPY).
 * Then concurrent publishers: 1, 2, 4, 8 and 16 city systems, each with 12 stations of its own (the Beijing year
 * under its city's station codes), share LEVEL_BATCHES batches per level and send them back to back; rows/s of each
 * level, and its ratio to one publisher.
 *
 * Environment: BATCH (10,000), LEVEL_BATCHES (16), PUBLISHERS (1,2,4,8,16; empty: none); CPU_PROFILE_DIR and STATEMENTS=1
 * (bench/profiling.ts) profile each phase.
 */
// The largest batch a mutation accepts (INGEST_MAX_BATCH): what a department system pushing a backlog would send.
const BATCH = Number(process.env.BATCH ?? 10_000);
const LEVEL_BATCHES = Number(process.env.LEVEL_BATCHES ?? 16);
const PUBLISHERS = (process.env.PUBLISHERS ?? '1,2,4,8,16').split(',').filter(Boolean).map(Number);

const SCRATCH_TABLE = 'bench_scratch_air_quality';

const INGEST = `mutation($input: [AirQualityInput!]!) { ingestAirQuality(input: $input) { accepted rejected } }`;

type Input = ReturnType<typeof toInput>;
const toInput = (h: PrsaHour) => ({
  stationCode: h.stationCode, observedAt: h.observedAt.toISOString(),
  pm25: h.pm25, pm10: h.pm10, so2: h.so2, no2: h.no2, o3: h.o3, co: h.co,
});

async function main() {
  const rows = await readBeijingYear();
  const hub = await BenchHub.start();
  const db = hub.database.dataSource;
  try {
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const eco = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.gql(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: BEIJING_REGIONS });
    await hub.gql(eco, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: BEIJING_STATIONS.map(({ file: _f, ...s }) => s),
    });

    const inputs = rows.map(toInput);
    let accepted = 0;
    const ingest = await measure(db, 'ingest', async () => {
      for (let i = 0; i < inputs.length; i += BATCH) {
        const { ingestAirQuality } = await hub.gql(eco, INGEST, { input: inputs.slice(i, i + BATCH) });
        accepted += ingestAirQuality.accepted;
      }
    });
    const resend = await measure(db, 'resend', async () => {
      for (let i = 0; i < inputs.length; i += BATCH) await hub.gql(eco, INGEST, { input: inputs.slice(i, i + BATCH) });
    });

    const copySeconds = await rawCopy(hub, rows);
    const copyWithoutForeignKeysSeconds = await rawCopy(hub, rows, { foreignKeys: false });

    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    console.log(`rows: ${rows.length.toLocaleString('en')} (12 stations, 2013-03-01 … 2014-02-28, in time order), accepted ${accepted.toLocaleString('en')}, batch ${BATCH}`);
    console.log(`ingestAirQuality over HTTP:   ${ingest.seconds.toFixed(2)} s  ${rate(rows.length, ingest.seconds)} rows/s${cpuPer10k(ingest, rows.length)}`);
    console.log(`re-send (all unchanged):      ${resend.seconds.toFixed(2)} s  ${rate(rows.length, resend.seconds)} rows/s${cpuPer10k(resend, rows.length)}`);
    console.log(`raw COPY into a copy of air_quality_hourly (key, indexes, CHECKs, FKs): ${copySeconds.toFixed(2)} s  ${rate(rows.length, copySeconds)} rows/s`);
    console.log(
      `  the same without its FKs (key, indexes, CHECKs): ${copyWithoutForeignKeysSeconds.toFixed(2)} s  ${rate(rows.length, copyWithoutForeignKeysSeconds)} rows/s` +
        ` (FKs: ${(((copySeconds - copyWithoutForeignKeysSeconds) / copySeconds) * 100).toFixed(0)} % of the COPY)`,
    );
    console.log(`ratio GraphQL / COPY:         ${((copySeconds / ingest.seconds) * 100).toFixed(1)} % of the COPY's rows/s`);

    if (PUBLISHERS.length) await concurrentPublishers(hub, inputs);
  } finally {
    await hub.stop();
  }
}

// A synthetic province whose cities publish at once: each city's system sends its own stations' hours.
const PROVINCE = '510000';
const CITIES = ['510100', '510300', '510400', '510500', '510600', '510700', '510800', '510900', '511000', '511100', '511300',
  '511400', '511500', '511600', '511700', '511800'];
const countiesOf = (city: string) => [String(Number(city) + 1), String(Number(city) + 2)];
const stationOf = (publisher: number, beijingCode: string) => `C${String(publisher).padStart(2, '0')}-${beijingCode}`;
const YEAR_MS = 365 * 24 * 3_600_000;

/**
 * Each publisher has its city, two counties and the 12 Beijing stations under codes of its own, and a timeline: its
 * k-th batch is the year's batch k (mod the year's batches) under its codes, a year later each time round, so no batch
 * repeats another's keys. Every level sends LEVEL_BATCHES batches, shared equally by its publishers.
 */
async function concurrentPublishers(hub: BenchHub, year: Input[]): Promise<void> {
  const publishers = Math.max(...PUBLISHERS);
  if (publishers > CITIES.length) throw new Error(`at most ${CITIES.length} publishers`);
  const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
  const cities = CITIES.slice(0, publishers);
  await hub.gql(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
    i: [
      { code: PROVINCE, name: '四川省', level: 'PROVINCE' },
      ...cities.flatMap((city, p) => [
        { code: city, name: `城市${p}`, level: 'CITY', parentCode: PROVINCE },
        ...countiesOf(city).map((county, c) => ({ code: county, name: `城市${p}区${c}`, level: 'COUNTY', parentCode: city })),
      ]),
    ],
  });
  const keys: string[] = [];
  for (const [p, city] of cities.entries()) {
    keys.push(await hub.key(Department.ECOLOGY, Role.PUBLISHER));
    await hub.gql(keys[p], 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: BEIJING_STATIONS.map((s, i) => ({ code: stationOf(p, s.code), name: `${s.name}${p}`, regionCode: countiesOf(city)[i % 2], controlLevel: s.controlLevel })),
    });
  }
  const yearBatches: Input[][] = [];
  for (let i = 0; i < year.length; i += BATCH) yearBatches.push(year.slice(i, i + BATCH));
  const sent = cities.map(() => 0);
  const batchOf = (p: number) => {
    const k = sent[p]++;
    const shift = Math.floor(k / yearBatches.length) * YEAR_MS;
    return yearBatches[k % yearBatches.length].map((r) => ({
      ...r,
      stationCode: stationOf(p, r.stationCode),
      observedAt: new Date(Date.parse(r.observedAt) + shift).toISOString(),
    }));
  };

  console.log(`concurrent publishers: ${LEVEL_BATCHES} batches of ≤ ${BATCH} rows per level, each publisher its own city and 12 stations`);
  console.log('  publishers   rows      seconds   rows/s    × 1 publisher   batch p50 / max');
  let single = 0;
  for (const n of PUBLISHERS) {
    const perPublisher = Math.ceil(LEVEL_BATCHES / n);
    const batches = Array.from({ length: n }, (_, p) => Array.from({ length: perPublisher }, () => batchOf(p)));
    let rowsSent = 0;
    const latencies: number[] = [];
    const level = await measure(hub.database.dataSource, `publishers-${n}`, () =>
      Promise.all(
        batches.map(async (mine, p) => {
          for (const batch of mine) {
            const started = process.hrtime.bigint();
            const { ingestAirQuality } = await hub.gql(keys[p], INGEST, { input: batch });
            latencies.push(Number(process.hrtime.bigint() - started) / 1e9);
            if (ingestAirQuality.accepted !== batch.length) throw new Error(`publisher ${p}: ${ingestAirQuality.rejected} rows rejected`);
            rowsSent += batch.length;
          }
        }),
      ),
    );
    const { seconds } = level;
    const rate = rowsSent / seconds;
    single ||= rate;
    const sorted = latencies.sort((a, b) => a - b);
    console.log(
      `  ${String(n).padStart(10)}   ${rowsSent.toLocaleString('en').padStart(7)}   ${seconds.toFixed(2).padStart(7)}   ${Math.round(rate).toLocaleString('en').padStart(6)}` +
        `    ${(rate / single).toFixed(2).padStart(5)}×          ${percentile(sorted, 50).toFixed(2)} / ${sorted[sorted.length - 1].toFixed(2)} s${cpuPer10k(level, rowsSent)}`,
    );
  }
}

/** Raw COPY of the rows into a copy of air_quality_hourly with its key, indexes, CHECKs and (unless told not to) foreign keys; its seconds. */
async function rawCopy(hub: BenchHub, rows: PrsaHour[], options?: { foreignKeys: boolean }): Promise<number> {
  const db = hub.database.dataSource;
  const client: PoolClient = await (db.driver as any).master.connect();
  try {
    await client.query(await scratchCopySql(db, 'air_quality_hourly', SCRATCH_TABLE, options));
    const v = (x: number | null) => (x === null ? '\\N' : String(x));
    const text = rows.map((h) => [h.stationCode, h.observedAt.toISOString(), v(h.pm25), v(h.pm10), v(h.so2), v(h.no2), v(h.o3), v(h.co)].join('\t')).join('\n') + '\n';
    const t0 = process.hrtime.bigint();
    await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${SCRATCH_TABLE} (station_code, observed_at, pm25, pm10, so2, no2, o3, co) FROM STDIN`)));
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${SCRATCH_TABLE}`);
    client.release();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
