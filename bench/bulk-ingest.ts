import 'reflect-metadata';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../ormconfig';
import { Access } from '../src/access/access';
import { ApiKeyService } from '../src/admin/api-key.service';
import { Department, Role } from '../src/platform/enums';
import { BulkLoader } from '../src/ingest/bulk/bulk-loader';
import { ingestFile } from '../src/ingest/bulk/ingest-file';
import { BEIJING_REGIONS, BEIJING_STATIONS, PrsaHour, prsaFile, readPrsaHours } from '../src/app/demo/beijing';
import { relativeHumidity } from '../src/app/demo/seed';
import { createRollups } from '../src/app/context';
import { registerDepartments } from '../src/app/modules';
import { findDataset, requireFeed } from '../src/catalog/registry';
import { BenchHub, scratchCopySql } from './bench-hub';
import { CpuMark, cpuBetween, cpuMark, cpuPer10k, cpuProfiled, cpuTimes, Measured, withStatements } from './profiling';

/**
 * The Beijing multi-site hours shipped in data/ (12 stations × 16,849 hours = 202,188 rows, 2013-03 … 2015-01), one CSV
 * per dataset, loaded through `lantian ingest` (`ingestFile`, what the CLI runs) and, in the same run, through raw COPY
 * into a copy of the dataset's table with its key, indexes, CHECKs and foreign keys (`scratchCopySql`, the baseline the
 * ratio is to), into the same copy without its foreign keys (their share of the baseline) and into a bare scratch
 * table of the same columns: rows/s, peak RSS and the ratio. Each load runs in a child process of its own, so its peak
 * memory is that file's alone; half the file first, to show memory flat in file size.
 * A dataset is one entry of BENCH_DATASETS: what it publishes first, its CSV columns and their table columns.
 */
interface BenchDataset {
  id: string;
  /** Publishes what the rows reference. */
  prepare(hub: BenchHub): Promise<void>;
  /** CSV header (the API's input field names) and the table column each one fills. */
  columns: [field: string, column: string][];
  values(h: PrsaHour): (string | number | null)[];
}

const STATIONS = BEIJING_STATIONS.map(({ file: _file, ...station }) => station);

const airQuality: BenchDataset = {
  id: 'air-quality-hourly',
  async prepare(hub) {
    await hub.gql(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
      i: BEIJING_REGIONS,
    });
    await hub.gql(await hub.key(Department.ECOLOGY, Role.PUBLISHER), 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: STATIONS,
    });
  },
  columns: [
    ['stationCode', 'station_code'],
    ['observedAt', 'observed_at'],
    ...['pm25', 'pm10', 'so2', 'no2', 'o3', 'co'].map((p): [string, string] => [p, p]),
  ],
  values: (h) => [h.stationCode, h.observedAt.toISOString(), h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co],
};

/** The stations' weather (wind direction left out: the PRSA file has compass points). */
const weather: BenchDataset = {
  id: 'weather-hourly',
  async prepare(hub) {
    await hub.gql(await hub.key(Department.METEOROLOGY, Role.PUBLISHER), 'mutation($i: [WeatherStationInput!]!) { upsertWeatherStations(input: $i) { accepted } }', {
      i: STATIONS.map((s) => ({ code: `M${s.code}`, name: s.name, regionCode: s.regionCode, latitude: s.latitude, longitude: s.longitude })),
    });
  },
  columns: [
    ['stationCode', 'station_code'],
    ['observedAt', 'observed_at'],
    ['temperature', 'temperature'],
    ['relativeHumidity', 'relative_humidity'],
    ['windSpeed', 'wind_speed'],
    ['pressure', 'pressure'],
    ['precipitation', 'precipitation'],
  ],
  values: (h) => [
    `M${h.stationCode}`,
    h.observedAt.toISOString(),
    h.temperature,
    h.temperature !== null && h.dewPoint !== null ? relativeHumidity(h.temperature, h.dewPoint) : null,
    h.windSpeed,
    h.pressure,
    h.rain,
  ],
};

registerDepartments();
const BENCH_DATASETS = [airQuality, ...(findDataset('weather-hourly') ? [weather] : [])];

/** The first half of every station's hours: 2013-03-01 … 2014-02-14. */
const HALF_END = Date.parse('2014-02-15T00:00:00+08:00');

/** Writes the dataset's CSV, station after station as a backfill would come; returns its row count. */
async function writeCsv(dataset: BenchDataset, file: string, until = Infinity): Promise<number> {
  const out = createWriteStream(file);
  out.write(`${dataset.columns.map(([field]) => field).join(',')}\n`);
  let rows = 0;
  for (const station of BEIJING_STATIONS) {
    for await (const h of readPrsaHours(prsaFile(station), station.code)) {
      if (h.observedAt.getTime() > until) break;
      if (!out.write(`${dataset.values(h).map((v) => (v === null ? '' : v)).join(',')}\n`)) await once(out, 'drain');
      rows++;
    }
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

/** Peak resident memory while `work` runs, sampled every 10 ms, and what the process held before. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number; rssBefore: number }> {
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRss: Math.max(peakRss, process.memoryUsage().rss), rssBefore };
  } finally {
    clearInterval(sampler);
  }
}

/** Raw COPY of the CSV file, streamed from disk, into a table `like` makes; returns its seconds. */
async function rawCopy(db: DataSource, dataset: BenchDataset, file: string, table: string, like: string): Promise<number> {
  const client: PoolClient = await (db.driver as any).master.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query(like);
    const columns = dataset.columns.map(([, column]) => column).join(', ');
    const started = process.hrtime.bigint();
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN (FORMAT csv, HEADER true)`)));
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    client.release();
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lantian-bulk-bench-'));
  const hub = await BenchHub.start();
  const db = hub.database.dataSource;
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const line = (label: string, rows: number, seconds: number, extra = '') =>
    console.log(`  ${label.padEnd(58)} ${seconds.toFixed(2).padStart(6)} s ${n(rows / seconds).padStart(9)} rows/s${extra}`);
  try {
    for (const dataset of BENCH_DATASETS) {
      const feed = requireFeed(dataset.id);
      await dataset.prepare(hub);
      const full = path.join(dir, `${dataset.id}.csv`);
      const half = path.join(dir, `${dataset.id}-half.csv`);
      const rows = await writeCsv(dataset, full);
      const halfRows = await writeCsv(dataset, half, HALF_END);
      console.log(`${dataset.id}: ${n(rows)} rows (12 stations, 2013-03-01 … 2015-01-31), CSV ${mb((await stat(full)).size)}`);

      const table = feed.dataset.table;
      const copySeconds = await rawCopy(db, dataset, full, 'bench_scratch', `CREATE TABLE bench_scratch AS SELECT * FROM ${table} WITH NO DATA`);
      line('raw COPY into a scratch table (same column types)', rows, copySeconds);
      const constrained = await scratchCopySql(db, table, 'bench_constrained');
      const constrainedSeconds = await rawCopy(db, dataset, full, 'bench_constrained', constrained);
      line(`raw COPY into a copy of ${table} (key, indexes, CHECKs, FKs)`, rows, constrainedSeconds);
      const unreferencing = await scratchCopySql(db, table, 'bench_constrained', { foreignKeys: false });
      const unreferencingSeconds = await rawCopy(db, dataset, full, 'bench_constrained', unreferencing);
      line(`  the same without its FKs (key, indexes, CHECKs)`, rows, unreferencingSeconds, `   FKs: ${percentOf(constrainedSeconds - unreferencingSeconds, constrainedSeconds)} of the COPY`);

      // `run` names the CPU profile (CPU_PROFILE_DIR): the whole file is loaded twice, and each load keeps its own.
      const load = async (label: string, run: string, file: string, fileRows: number) => {
        const key = await hub.key(feed.dataset.owner, Role.PUBLISHER);
        const { stdout } = await withStatements(db, label, () =>
          runFile(process.execPath, [__filename, LOAD, (db.options as { url: string }).url, dataset.id, file, key, `${dataset.id}-${run}`], { maxBuffer: 1 << 20 }),
        );
        const child: ChildLoad = JSON.parse(stdout.trim().split('\n').pop()!);
        line(label, fileRows, child.seconds, `   peak RSS ${mb(child.peakRss)} (${mb(child.rssBefore)} before)${cpuPer10k(child.cpu, fileRows)}`);
        const { merging = child.seconds, refreshing = child.seconds } = child.stages;
        const cpu = (stage: keyof ChildLoad['stageCpu']) => {
          const { hubCpu, databaseCpu } = child.stageCpu[stage];
          return ` (CPU hub ${hubCpu.toFixed(2)} s${databaseCpu === null ? '' : `, PostgreSQL ${databaseCpu.toFixed(2)} s`})`;
        };
        console.log(
          `    accepted ${n(child.accepted)}, rejected ${n(child.rejected)}, unchanged ${n(child.unchanged)}; ` +
            `read+validate+COPY ${merging.toFixed(2)} s${cpu('reading')}, merge ${(refreshing - merging).toFixed(2)} s${cpu('merging')}, ` +
            `afterWrite ${(child.seconds - refreshing).toFixed(2)} s${cpu('refreshing')}`,
        );
        return child.seconds;
      };
      await load(`lantian ingest, half the file (${n(halfRows)} rows)`, 'half', half, halfRows);
      await db.query(`TRUNCATE ${table}`);
      const ingestSeconds = await load(`lantian ingest, the whole file (${n(rows)} rows)`, 'whole', full, rows);
      await load('lantian ingest, the whole file again (all unchanged)', 'again', full, rows);

      const percent = (seconds: number) => `${((seconds / ingestSeconds) * 100).toFixed(1)} %`;
      console.log(`  lantian ingest / raw COPY into the copy of ${table}: ${percent(constrainedSeconds)} of its rows/s (${percent(copySeconds)} of COPY into the bare scratch table)`);
    }
  } finally {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const percentOf = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)} %`;

const LOAD = '--load';
const runFile = promisify(execFile);

interface ChildLoad {
  accepted: number;
  rejected: number;
  unchanged: number;
  seconds: number;
  peakRss: number;
  rssBefore: number;
  /** Seconds from the start at which each stage began. */
  stages: Partial<Record<'merging' | 'refreshing', number>>;
  /** The CPU time of the loading process and of PostgreSQL. */
  cpu: Measured;
  /**
   * The same for each stage: the wall time of a stage is mostly the CPU time of the one process it waits on (the hub
   * reading and checking, PostgreSQL merging), which a machine shared with other work changes much less.
   */
  stageCpu: Record<'reading' | 'merging' | 'refreshing', Omit<Measured, 'seconds'>>;
}

/** The child: one file through `ingestFile` with a key of the owner, its figures as JSON on stdout. */
async function loadInChild(url: string, datasetId: string, file: string, key: string, profile: string): Promise<void> {
  const db = await createDataSource(url).initialize();
  try {
    const access = new Access((await new ApiKeyService(db).authenticate(key))!, db);
    const stages: ChildLoad['stages'] = {};
    const marks: Partial<Record<'merging' | 'refreshing', Promise<CpuMark>>> = {};
    const start = await cpuMark(db);
    const started = process.hrtime.bigint();
    const at = () => Number(process.hrtime.bigint() - started) / 1e9;
    const { result: loaded, ...cpu } = await cpuProfiled(profile, () =>
      cpuTimes(db, () =>
        measured(() =>
          ingestFile(new BulkLoader(db, createRollups(db)), access, requireFeed(datasetId), file, {
            onProgress: ({ stage }) => {
              if (stage === 'reading' || stages[stage] !== undefined) return;
              stages[stage] = at();
              marks[stage] = cpuMark(db);
            },
          }),
        ),
      ),
    );
    const end = await cpuMark(db);
    const merging = (await marks.merging) ?? end;
    const refreshing = (await marks.refreshing) ?? end;
    const stageCpu = { reading: cpuBetween(start, merging), merging: cpuBetween(merging, refreshing), refreshing: cpuBetween(refreshing, end) };
    const { result, seconds, peakRss, rssBefore } = loaded;
    const { accepted, rejected, unchanged } = result.report;
    const figures: ChildLoad = { accepted, rejected, unchanged, seconds, peakRss, rssBefore, stages, cpu, stageCpu };
    process.stdout.write(JSON.stringify(figures));
  } finally {
    await db.destroy();
  }
}

(process.argv[2] === LOAD ? loadInChild(process.argv[3], process.argv[4], process.argv[5], process.argv[6], process.argv[7]) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
