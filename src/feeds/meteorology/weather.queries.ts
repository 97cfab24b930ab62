import type { Queryable } from '../../platform/db/queryable';

/**
 * Meteorology's hours for §5.4: for each stamp in (since, until], the weather stations of a region's subtree that
 * reported and the wind speeds and relative humidities they gave (each station's value, missing ones left out).
 */
export async function weatherHours(db: Queryable, regionCode: string, since: Date, until: Date): Promise<{ stamp: Date; stations: string[]; windSpeeds: number[]; humidities: number[] }[]> {
  const rows: { stamp: Date; stations: string[]; winds: number[] | null; humidities: number[] | null }[] = await db.query(
    `SELECT w.observed_at AS stamp, array_agg(w.station_code) AS stations,
            array_agg(w.wind_speed) FILTER (WHERE w.wind_speed IS NOT NULL) AS winds,
            array_agg(w.relative_humidity) FILTER (WHERE w.relative_humidity IS NOT NULL) AS humidities
     FROM weather_stations s JOIN weather_hourly w ON w.station_code = s.code
     WHERE s.region_code IN (SELECT code FROM region_subtree($1)) AND w.observed_at > $2 AND w.observed_at <= $3
     GROUP BY w.observed_at`,
    [regionCode, since, until],
  );
  return rows.map((r) => ({ stamp: r.stamp, stations: r.stations, windSpeeds: r.winds ?? [], humidities: r.humidities ?? [] }));
}
