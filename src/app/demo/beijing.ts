import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ControlLevel, RegionLevel } from '../../platform/enums';
import { PROJECT_ROOT } from '../../platform/paths';

/**
 * The UCI Beijing Multi-Site Air-Quality data (12 national-control stations, hourly, 2013-03 … 2017-02, CC BY 4.0):
 * its regions and stations as hub inputs, and a streaming reader of its CSV files.
 */
export const BEIJING_REGIONS = [
  { code: '110000', name: '北京市', level: RegionLevel.PROVINCE, parentCode: null, keyCity: false },
  { code: '110100', name: '北京市市辖区', level: RegionLevel.CITY, parentCode: '110000', keyCity: true },
  { code: '110101', name: '东城区', level: RegionLevel.COUNTY, parentCode: '110100' },
  { code: '110102', name: '西城区', level: RegionLevel.COUNTY, parentCode: '110100' },
  { code: '110105', name: '朝阳区', level: RegionLevel.COUNTY, parentCode: '110100' },
  { code: '110107', name: '石景山区', level: RegionLevel.COUNTY, parentCode: '110100' },
  { code: '110108', name: '海淀区', level: RegionLevel.COUNTY, parentCode: '110100' },
  { code: '110113', name: '顺义区', level: RegionLevel.COUNTY, parentCode: '110100' },
  { code: '110114', name: '昌平区', level: RegionLevel.COUNTY, parentCode: '110100' },
  { code: '110116', name: '怀柔区', level: RegionLevel.COUNTY, parentCode: '110100' },
];

/** Station codes of the national network; locations rounded to 0.001°. */
export const BEIJING_STATIONS = [
  { file: 'Wanshouxigong', code: '1001A', name: '万寿西宫', regionCode: '110102', latitude: 39.878, longitude: 116.352 },
  { file: 'Dingling', code: '1002A', name: '定陵', regionCode: '110114', latitude: 40.292, longitude: 116.22 },
  { file: 'Dongsi', code: '1003A', name: '东四', regionCode: '110101', latitude: 39.929, longitude: 116.417 },
  { file: 'Tiantan', code: '1004A', name: '天坛', regionCode: '110101', latitude: 39.886, longitude: 116.407 },
  { file: 'Nongzhanguan', code: '1005A', name: '农展馆', regionCode: '110105', latitude: 39.937, longitude: 116.461 },
  { file: 'Guanyuan', code: '1006A', name: '官园', regionCode: '110102', latitude: 39.929, longitude: 116.339 },
  { file: 'Wanliu', code: '1007A', name: '万柳', regionCode: '110108', latitude: 39.987, longitude: 116.287 },
  { file: 'Shunyi', code: '1008A', name: '顺义新城', regionCode: '110113', latitude: 40.127, longitude: 116.655 },
  { file: 'Huairou', code: '1009A', name: '怀柔镇', regionCode: '110116', latitude: 40.328, longitude: 116.628 },
  { file: 'Changping', code: '1010A', name: '昌平镇', regionCode: '110114', latitude: 40.217, longitude: 116.23 },
  { file: 'Aotizhongxin', code: '1011A', name: '奥体中心', regionCode: '110105', latitude: 39.982, longitude: 116.397 },
  { file: 'Gucheng', code: '1012A', name: '古城', regionCode: '110107', latitude: 39.914, longitude: 116.184 },
].map((s) => ({ ...s, controlLevel: ControlLevel.NATIONAL }));

export interface PrsaHour {
  stationCode: string;
  /** End of the averaging hour: the row (y, m, d, h) in Beijing time. */
  observedAt: Date;
  pm25: number | null;
  pm10: number | null;
  so2: number | null;
  no2: number | null;
  /** mg/m³ (the file has µg/m³). */
  co: number | null;
  o3: number | null;
  temperature: number | null;
  pressure: number | null;
  dewPoint: number | null;
  rain: number | null;
  windDirection: string | null;
  windSpeed: number | null;
}

/**
 * The slice of the set the tests and benchmarks read, shipped in `data/beijing-multisite/` (see its README;
 * `npm run data:pack` cuts it from the full set): one gzipped CSV per station, every hour from 2013-03-01 00:00 to
 * PRSA_LAST_HOUR, the time and measurement columns unchanged.
 */
export const PRSA_DIR = path.join(PROJECT_ROOT, 'data', 'beijing-multisite');
export const PRSA_LAST_HOUR = Date.parse('2015-02-01T00:00:00+08:00');

export function prsaFile(station: (typeof BEIJING_STATIONS)[number]): string {
  return path.join(PRSA_DIR, `PRSA_Data_${station.file}_20130301-20150131.csv.gz`);
}

/** The demo seed's slice, shipped in `demo/`: December 2016 of the 12 stations in one file, every original column. */
export const DEMO_FILE = path.join(PROJECT_ROOT, 'demo', 'beijing-multisite-2016-12.csv.gz');

const num = (v: string): number | null => (v === 'NA' || v === '' ? null : Number(v));

/** The PRSA columns the reader takes, by their header names; a file may leave out `wd`, and `station` if it holds one station. */
const COLUMNS = ['year', 'month', 'day', 'hour', 'PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3', 'TEMP', 'PRES', 'DEWP', 'RAIN', 'wd', 'WSPM', 'station'] as const;

type ColumnIndex = Record<(typeof COLUMNS)[number], number>;

const cells = (line: string) => line.split(',').map((v) => v.replace(/^"|"$/g, ''));

function columnIndex(file: string, header: string[], needStation: boolean): ColumnIndex {
  const at = Object.fromEntries(COLUMNS.map((name) => [name, header.indexOf(name)])) as ColumnIndex;
  const missing = COLUMNS.filter((name) => at[name] < 0 && name !== 'wd' && (name !== 'station' || needStation));
  if (missing.length) throw new Error(`${file}: no ${missing.join(', ')} column in the header`);
  return at;
}

/**
 * Streams the hours of a PRSA file in file order: one station's file, or (with `stationCodeOf`) a file of several
 * stations such as the demo slice. Columns are found by their header names; `.gz` files are read through gunzip.
 */
export async function* readPrsaHours(
  file: string,
  stationCode: string | ((stationName: string) => string),
): AsyncGenerator<PrsaHour> {
  const stream = createReadStream(file);
  const lines = createInterface({ input: file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream, crlfDelay: Infinity });
  let at: ColumnIndex | undefined;
  for await (const line of lines) {
    if (!at) {
      at = columnIndex(file, cells(line), typeof stationCode !== 'string');
      continue;
    }
    if (!line) continue;
    const f = cells(line);
    const [y, m, d, h] = [f[at.year], f[at.month], f[at.day], f[at.hour]].map(Number);
    const co = num(f[at.CO]);
    const wind = at.wd < 0 ? 'NA' : f[at.wd];
    yield {
      stationCode: typeof stationCode === 'string' ? stationCode : stationCode(f[at.station]),
      observedAt: new Date(Date.UTC(y, m - 1, d, h - 8)),
      pm25: num(f[at['PM2.5']]),
      pm10: num(f[at.PM10]),
      so2: num(f[at.SO2]),
      no2: num(f[at.NO2]),
      co: co === null ? null : co / 1000,
      o3: num(f[at.O3]),
      temperature: num(f[at.TEMP]),
      pressure: num(f[at.PRES]),
      dewPoint: num(f[at.DEWP]),
      rain: num(f[at.RAIN]),
      windDirection: wind === 'NA' ? null : wind,
      windSpeed: num(f[at.WSPM]),
    };
  }
}
