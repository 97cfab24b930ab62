import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { BEIJING_STATIONS, DEMO_FILE, PRSA_DIR, PRSA_LAST_HOUR, PrsaHour, prsaFile, readPrsaHours } from '../src/app/demo/beijing';
import { PROJECT_ROOT } from '../src/platform/paths';

/**
 * Regenerates the real data the repository ships from the full UCI Beijing Multi-Site set, byte for byte:
 * - data/beijing-multisite/: per station, every hour up to PRSA_LAST_HOUR, with the columns tests and benchmarks read;
 * - demo/: December 2016 and the hour that closes it, every column, the 12 stations one after the other;
 * - examples/hours.{csv,ndjson}: the README's bulk loads, the rest of 1 January 2017 as hub input rows (morning, evening).
 * Cells are copied unchanged. A maintainer's tool: it reads the full set from the directory given (the UCI archive's
 * `PRSA_Data_*_20130301-20170228.csv` files), never from outside the repository by default; nothing reads the full
 * set at run or test time.
 */
const TEST_COLUMNS = ['year', 'month', 'day', 'hour', 'PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3', 'TEMP', 'PRES', 'DEWP', 'RAIN', 'WSPM'];
const DEMO_FIRST_HOUR = Date.parse('2016-12-01T00:00:00+08:00');
const DEMO_LAST_HOUR = Date.parse('2017-01-01T00:00:00+08:00');
const EXAMPLE_NOON = Date.parse('2017-01-01T12:00:00+08:00');
const EXAMPLE_LAST_HOUR = Date.parse('2017-01-02T00:00:00+08:00');
const EXAMPLE_COLUMNS = ['stationCode', 'observedAt', 'pm25', 'pm10', 'so2', 'no2', 'o3', 'co'] as const;

interface Cut {
  /** Header names to keep, in this order; every column when left out. */
  columns?: string[];
  first: number;
  last: number;
  header: boolean;
}

/** The lines of a source file in [first, last] (row times as `readPrsaHours` reads them), the header first if asked. */
async function* cut(source: string, { columns, first, last, header }: Cut): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
  let kept: number[] | undefined;
  let time: number[] = [];
  for await (const line of lines) {
    const cells = line.split(',');
    if (!kept) {
      const names = cells.map((c) => c.replace(/^"|"$/g, ''));
      const missing = [...(columns ?? []), 'year', 'month', 'day', 'hour'].filter((name) => !names.includes(name));
      if (missing.length) throw new Error(`${source}: no ${missing.join(', ')} column in the header`);
      kept = (columns ?? names).map((name) => names.indexOf(name));
      time = ['year', 'month', 'day', 'hour'].map((name) => names.indexOf(name));
      if (header) yield `${kept.map((i) => cells[i]).join(',')}\n`;
      continue;
    }
    const [y, m, d, h] = time.map((i) => Number(cells[i]));
    const observedAt = Date.UTC(y, m - 1, d, h - 8);
    if (observedAt > last) break;
    if (observedAt >= first) yield `${kept.map((i) => cells[i]).join(',')}\n`;
  }
}

async function write(target: string, lines: AsyncIterable<string>): Promise<number> {
  await mkdir(path.dirname(target), { recursive: true });
  await pipeline(Readable.from(lines), createGzip({ level: 9 }), createWriteStream(target));
  const { size } = await stat(target);
  console.log(`${path.relative(PROJECT_ROOT, target)}  ${(size / 1024).toFixed(0)} KiB`);
  return size;
}

async function main() {
  if (!process.argv[2]) {
    console.error('usage: npm run data:pack -- <directory of the UCI Beijing Multi-Site PRSA_Data_*.csv files>');
    process.exit(2);
  }
  const from = path.resolve(process.argv[2]);
  const source = (station: (typeof BEIJING_STATIONS)[number]) => path.join(from, `PRSA_Data_${station.file}_20130301-20170228.csv`);

  let total = 0;
  for (const station of BEIJING_STATIONS) {
    total += await write(prsaFile(station), cut(source(station), { columns: TEST_COLUMNS, first: -Infinity, last: PRSA_LAST_HOUR, header: true }));
  }
  console.log(`${path.relative(PROJECT_ROOT, PRSA_DIR)}: ${BEIJING_STATIONS.length} files, ${(total / 2 ** 20).toFixed(2)} MiB`);

  const byFileName = [...BEIJING_STATIONS].sort((a, b) => (a.file < b.file ? -1 : 1));
  await write(
    DEMO_FILE,
    (async function* () {
      for (const [i, station] of byFileName.entries()) {
        yield* cut(source(station), { first: DEMO_FIRST_HOUR, last: DEMO_LAST_HOUR, header: i === 0 });
      }
    })(),
  );
  await writeExamples(await exampleHours(source));
}

/** An example row as a department would send it: the air-quality input fields, the time in Beijing time. */
function exampleRow(h: PrsaHour): Record<(typeof EXAMPLE_COLUMNS)[number], string | number | null> {
  const observedAt = `${new Date(h.observedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
  return { stationCode: h.stationCode, observedAt, pm25: h.pm25, pm10: h.pm10, so2: h.so2, no2: h.no2, o3: h.o3, co: h.co };
}

/** The hours after the demo's last one up to the end of 1 January 2017, in time order, then by station. */
async function exampleHours(source: (station: (typeof BEIJING_STATIONS)[number]) => string): Promise<PrsaHour[]> {
  const hours: PrsaHour[] = [];
  for (const station of BEIJING_STATIONS) {
    for await (const h of readPrsaHours(source(station), station.code)) {
      if (h.observedAt.getTime() > EXAMPLE_LAST_HOUR) break;
      if (h.observedAt.getTime() > DEMO_LAST_HOUR) hours.push(h);
    }
  }
  return hours.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || (a.stationCode < b.stationCode ? -1 : 1));
}

async function writeExamples(hours: PrsaHour[]): Promise<void> {
  const morning = hours.filter((h) => h.observedAt.getTime() <= EXAMPLE_NOON).map(exampleRow);
  const evening = hours.filter((h) => h.observedAt.getTime() > EXAMPLE_NOON).map(exampleRow);
  const csv = [EXAMPLE_COLUMNS.join(','), ...morning.map((row) => EXAMPLE_COLUMNS.map((c) => row[c] ?? '').join(','))];
  const examples = path.join(PROJECT_ROOT, 'examples');
  await writeFile(path.join(examples, 'hours.csv'), `${csv.join('\n')}\n`);
  await writeFile(path.join(examples, 'hours.ndjson'), evening.map((row) => `${JSON.stringify(row)}\n`).join(''));
  console.log(`examples/hours.csv  ${morning.length} rows; examples/hours.ndjson  ${evening.length} rows`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
