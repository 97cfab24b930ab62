import { DataSource } from 'typeorm';
import { Access } from '../../access/access';
import { ApiKey } from '../../admin/api-key.entity';
import { Principal } from '../../access/principal';
import { Services } from '../context';
import { Department, Role } from '../../platform/enums';
import { FeedDefinition } from '../../catalog/feed';
import { regionFeed } from '../../regions/region.feed';
import { requireFeed } from '../../catalog/registry';
import { airQualityFeed } from '../../feeds/ecology/air-quality.feed';
import { airStationFeed } from '../../feeds/ecology/air-station.feed';
import { BEIJING_REGIONS, BEIJING_STATIONS, DEMO_FILE, PrsaHour, readPrsaHours } from './beijing';
import { SYNTHETIC_ROWS } from './synthetic';

/** Compass points of the PRSA `wd` column, clockwise from north. */
const COMPASS = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'];

/** Relative humidity from temperature and dew point (Magnus formula, Alduchov & Eskridge 1996 coefficients). */
export function relativeHumidity(temperature: number, dewPoint: number): number {
  const saturation = (t: number) => Math.exp((17.625 * t) / (243.04 + t));
  return Math.min(100, (100 * saturation(dewPoint)) / saturation(temperature));
}

export interface SeedResult {
  dataset: string;
  accepted: number;
  rejected: number;
}

/**
 * The demo data set: December 2016 of Beijing's 12 national stations (real: air quality and weather) and a
 * synthetic slice of every feed without public data, each published by its owner through the ingestion path.
 */
export async function seedDemo(db: DataSource, services: Services, maxBatch: number): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  const publish = async <I>(feed: FeedDefinition<I, any, any>, rows: I[]) => {
    const access = new Access(await demoPrincipal(db, services, feed.dataset.owner), db);
    const result = { dataset: feed.dataset.id, accepted: 0, rejected: 0 };
    for (let i = 0; i < rows.length; i += maxBatch) {
      const report = await services.ingest.ingest(access, feed, rows.slice(i, i + maxBatch));
      result.accepted += report.accepted;
      result.rejected += report.rejected;
    }
    results.push(result);
  };

  const hours: PrsaHour[] = [];
  const codeOf = new Map(BEIJING_STATIONS.map((s) => [s.file, s.code]));
  for await (const h of readPrsaHours(DEMO_FILE, (name) => codeOf.get(name)!)) hours.push(h);

  await publish(regionFeed, [...BEIJING_REGIONS, ...SYNTHETIC_ROWS.regions]);
  await publish(airStationFeed, BEIJING_STATIONS.map(({ file: _file, ...station }) => station));
  await publish(
    airQualityFeed,
    hours
      .filter((h) => [h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co].some((v) => v !== null))
      .map((h) => ({ stationCode: h.stationCode, observedAt: h.observedAt, pm25: h.pm25, pm10: h.pm10, so2: h.so2, no2: h.no2, o3: h.o3, co: h.co })),
  );
  await publish(
    requireFeed('weather-stations'),
    BEIJING_STATIONS.map((s) => ({ code: `M${s.code}`, name: `${s.name}（气象）`, regionCode: s.regionCode, latitude: s.latitude, longitude: s.longitude })),
  );
  await publish(
    requireFeed('weather-hourly'),
    hours
      .filter((h) => [h.temperature, h.pressure, h.rain, h.windSpeed].some((v) => v !== null))
      .map((h) => ({
        stationCode: `M${h.stationCode}`,
        observedAt: h.observedAt,
        temperature: h.temperature,
        relativeHumidity: h.temperature !== null && h.dewPoint !== null ? relativeHumidity(h.temperature, h.dewPoint) : null,
        windSpeed: h.windSpeed,
        windDirection: h.windDirection && COMPASS.includes(h.windDirection) ? COMPASS.indexOf(h.windDirection) * 22.5 : null,
        pressure: h.pressure,
        precipitation: h.rain,
      })),
  );
  for (const [dataset, rows] of SYNTHETIC_ROWS.feeds) await publish(requireFeed(dataset), rows);
  return results;
}

/** Each owner publishes its own demo data under a key of its own, labelled as the demo's. */
async function demoPrincipal(db: DataSource, services: Services, department: Department): Promise<Principal> {
  const name = 'demo seed';
  const existing = await db.getRepository(ApiKey).findOneBy({ department, role: Role.PUBLISHER, name });
  const key = existing ?? (await services.apiKeys.create(department, Role.PUBLISHER, name)).key;
  return { keyId: key.id, department, role: Role.PUBLISHER, name };
}
