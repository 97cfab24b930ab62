import 'reflect-metadata';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { PoolClient } from 'pg';
import { Department, Role } from '../src/platform/enums';
import { BEIJING_REGIONS, BEIJING_STATIONS, PrsaHour } from '../src/app/demo/beijing';
import { BenchHub, readBeijingYear } from './bench-hub';

/**
 * A full year (2013-03-01 … 2014-02-28) of the 12 Beijing stations, ~105k hourly rows: published through
 * `ingestAirQuality` over HTTP in batches, and — the baseline, in the same run — the same rows by raw COPY into a
 * scratch table with the same columns.
 */
// The largest batch a mutation accepts (INGEST_MAX_BATCH): what a department system pushing a backlog would send.
const BATCH = Number(process.env.BATCH ?? 10_000);


const INGEST = `mutation($input: [AirQualityInput!]!) { ingestAirQuality(input: $input) { accepted rejected } }`;

async function main() {
  const rows = await readBeijingYear();
  const hub = await BenchHub.start();
  try {
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const eco = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.gql(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: BEIJING_REGIONS });
    await hub.gql(eco, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: BEIJING_STATIONS.map(({ file: _f, ...s }) => s),
    });

    const inputs = rows.map((h) => ({
      stationCode: h.stationCode, observedAt: h.observedAt.toISOString(),
      pm25: h.pm25, pm10: h.pm10, so2: h.so2, no2: h.no2, o3: h.o3, co: h.co,
    }));
    let accepted = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inputs.length; i += BATCH) {
      const { ingestAirQuality } = await hub.gql(eco, INGEST, { input: inputs.slice(i, i + BATCH) });
      accepted += ingestAirQuality.accepted;
    }
    const graphqlSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

    const resent = process.hrtime.bigint();
    for (let i = 0; i < inputs.length; i += BATCH) await hub.gql(eco, INGEST, { input: inputs.slice(i, i + BATCH) });
    const resendSeconds = Number(process.hrtime.bigint() - resent) / 1e9;

    const copySeconds = await rawCopy(hub, rows);

    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    console.log(`rows: ${rows.length.toLocaleString('en')} (12 stations, 2013-03-01 … 2014-02-28, in time order), accepted ${accepted.toLocaleString('en')}, batch ${BATCH}`);
    console.log(`ingestAirQuality over HTTP:   ${graphqlSeconds.toFixed(2)} s  ${rate(rows.length, graphqlSeconds)} rows/s`);
    console.log(`re-send (all unchanged):      ${resendSeconds.toFixed(2)} s  ${rate(rows.length, resendSeconds)} rows/s`);
    console.log(`raw COPY into scratch table:  ${copySeconds.toFixed(2)} s  ${rate(rows.length, copySeconds)} rows/s`);
    console.log(`ratio GraphQL / COPY:         ${((copySeconds / graphqlSeconds) * 100).toFixed(1)} % of COPY throughput`);
  } finally {
    await hub.stop();
  }
}

async function rawCopy(hub: BenchHub, rows: PrsaHour[]): Promise<number> {
  const pool = (hub.database.dataSource.driver as any).master;
  const client: PoolClient = await pool.connect();
  try {
    await client.query(`CREATE TEMP TABLE scratch_air_quality (station_code text, observed_at timestamptz,
      pm25 float8, pm10 float8, so2 float8, no2 float8, o3 float8, co float8)`);
    const v = (x: number | null) => (x === null ? '\\N' : String(x));
    const text = rows.map((h) => [h.stationCode, h.observedAt.toISOString(), v(h.pm25), v(h.pm10), v(h.so2), v(h.no2), v(h.o3), v(h.co)].join('\t')).join('\n') + '\n';
    const t0 = process.hrtime.bigint();
    await pipeline(Readable.from([text]), client.query(copyFrom('COPY scratch_air_quality FROM STDIN')));
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    client.release();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
