import { DataSource } from 'typeorm';
import { HourSeries, HourValues, HourlySeriesSource } from '../../indicators/ports';
import type { Pollutant } from '../../indicators/math/pollutants';

/** The indicators' view of the stations' hours: this feed owns air_quality_hourly and air_stations. */
export class EcologyHourlySeries implements HourlySeriesSource {
  constructor(private readonly db: DataSource) {}

  async stationHours(stationCodes: readonly string[], from: Date, to: Date): Promise<Map<string, HourSeries>> {
    const rows: ({ station_code: string; observed_at: Date } & HourValues)[] = await this.db.query(
      `SELECT station_code, observed_at, pm25, pm10, so2, no2, o3, co FROM air_quality_hourly
       WHERE series_key = ANY($1::text[]) AND observed_at BETWEEN $2 AND $3`,
      [stationCodes.map((c) => `S:${c}`), from, to],
    );
    const byStation = new Map<string, HourSeries>(stationCodes.map((c) => [c, new Map()]));
    for (const r of rows) byStation.get(r.station_code)!.set(r.observed_at.getTime(), r);
    return byStation;
  }

  async monitoredPollutants(stationCodes: readonly string[]): Promise<Map<string, Pollutant[]>> {
    const rows: { code: string; monitored: Pollutant[] }[] = await this.db.query(
      'SELECT code, monitored_pollutants AS monitored FROM air_stations WHERE code = ANY($1::text[])',
      [stationCodes],
    );
    return new Map(rows.map((r) => [r.code, r.monitored]));
  }
}
