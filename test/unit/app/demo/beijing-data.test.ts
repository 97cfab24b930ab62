import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BEIJING_STATIONS, DEMO_FILE, PRSA_LAST_HOUR, PrsaHour, prsaFile, readPrsaHours } from '../../../../src/app/demo/beijing';

/** The real data shipped in data/ and demo/, read as tests, benchmarks and the seed read it (values from the UCI CSVs). */
const HOUR = 3_600_000;
const FIRST_HOUR = Date.parse('2013-03-01T00:00:00+08:00');

async function all(file: string, stationCode: string | ((name: string) => string)): Promise<PrsaHour[]> {
  const hours: PrsaHour[] = [];
  for await (const h of readPrsaHours(file, stationCode)) hours.push(h);
  return hours;
}

describe('Beijing multi-site data shipped with the repository', () => {
  test('each station holds every hour from 2013-03-01 00:00 to 2015-02-01 00:00 (CST), in order', async () => {
    for (const station of BEIJING_STATIONS) {
      const times = (await all(prsaFile(station), station.code)).map((h) => h.observedAt.getTime());
      expect({ station: station.file, count: times.length, first: times[0], last: times.at(-1) }).toEqual({
        station: station.file, count: 16_849, first: FIRST_HOUR, last: PRSA_LAST_HOUR,
      });
      expect(times.every((t, i) => t === FIRST_HOUR + i * HOUR)).toBe(true);
    }
  });

  test('Dongsi\'s first and last rows read as the original CSV has them, CO in mg/m³', async () => {
    const hours = await all(prsaFile(BEIJING_STATIONS.find((s) => s.file === 'Dongsi')!), '1003A');
    expect(hours[0]).toEqual({
      stationCode: '1003A', observedAt: new Date('2013-03-01T00:00:00+08:00'),
      pm25: 9, pm10: 9, so2: 3, no2: 17, co: 0.3, o3: 89,
      temperature: -0.5, pressure: 1024.5, dewPoint: -21.4, rain: 0, windDirection: null, windSpeed: 5.7,
    });
    expect(hours.at(-1)).toEqual({
      stationCode: '1003A', observedAt: new Date('2015-02-01T00:00:00+08:00'),
      pm25: 150, pm10: 150, so2: 42, no2: 86, co: 2, o3: 6,
      temperature: -7, pressure: 1033, dewPoint: -20.3, rain: 0, windDirection: null, windSpeed: 0.7,
    });
  });

  test('the demo file: 745 hours of each of the 12 stations, named by the station column, with wind direction', async () => {
    const codeOf = new Map(BEIJING_STATIONS.map((s) => [s.file, s.code]));
    const hours = await all(DEMO_FILE, (name) => codeOf.get(name)!);
    expect(hours).toHaveLength(12 * 745);
    expect(new Set(hours.map((h) => h.stationCode)).size).toBe(12);
    expect(hours[0]).toMatchObject({ stationCode: '1011A', observedAt: new Date('2016-12-01T00:00:00+08:00'), pm25: 10, co: 0.4, windDirection: 'E' });
    expect(hours.at(-1)).toMatchObject({ stationCode: '1001A', observedAt: new Date('2017-01-01T00:00:00+08:00'), pm25: 417, co: 5.2, windDirection: 'ENE' });
  });

  test('a file without a column the reader needs is refused by name', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lantian-prsa-'));
    try {
      const file = path.join(dir, 'no-co.csv');
      await writeFile(file, 'year,month,day,hour,PM2.5,PM10,SO2,NO2,O3,TEMP,PRES,DEWP,RAIN,WSPM\n2013,3,1,0,9,9,3,17,89,-0.5,1024.5,-21.4,0,5.7\n');
      await expect(all(file, '1003A')).rejects.toThrow(`${file}: no CO column in the header`);
      await expect(all(file, () => '1003A')).rejects.toThrow(`${file}: no CO, station column in the header`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
