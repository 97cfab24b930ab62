import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ControlLevel, RegionLevel } from '../core/enums';
import { SHARED_DIR } from '../paths';

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

/** Station codes of the national network, per `shared/data/README.md`; locations rounded to 0.001°. */
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

export const PRSA_DIR = path.join(SHARED_DIR, 'data', 'beijing-multisite');

export function prsaFile(station: (typeof BEIJING_STATIONS)[number], dir = PRSA_DIR): string {
  return path.join(dir, `PRSA_Data_${station.file}_20130301-20170228.csv`);
}

const num = (v: string): number | null => (v === 'NA' || v === '' ? null : Number(v));

/**
 * Streams the hours of a PRSA file in file order: one station's file, or (with `stationCodeOf`) a file of several
 * stations such as the demo slice. `.gz` files are read through gunzip.
 */
export async function* readPrsaHours(
  file: string,
  stationCode: string | ((stationName: string) => string),
): AsyncGenerator<PrsaHour> {
  const stream = createReadStream(file);
  const lines = createInterface({ input: file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream, crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    if (!line) continue;
    const f = line.split(',').map((v) => v.replace(/^"|"$/g, ''));
    const [, y, m, d, h] = f.map(Number);
    const co = num(f[9]);
    yield {
      stationCode: typeof stationCode === 'string' ? stationCode : stationCode(f[17]),
      observedAt: new Date(Date.UTC(y, m - 1, d, h - 8)),
      pm25: num(f[5]),
      pm10: num(f[6]),
      so2: num(f[7]),
      no2: num(f[8]),
      co: co === null ? null : co / 1000,
      o3: num(f[10]),
      temperature: num(f[11]),
      pressure: num(f[12]),
      dewPoint: num(f[13]),
      rain: num(f[14]),
      windDirection: f[15] === 'NA' ? null : f[15],
      windSpeed: num(f[16]),
    };
  }
}
