import type { Queryable } from '../platform/db/queryable';
import { AqiLevelChangeBody, publishLiveEvent } from '../platform/live-outbox';
import { HOUR_MS, addDays, cstDate } from './math/time';
import { RegionDays, hourlyAqiSeries, hoursFromDays, readRegionDays } from './indicator.service';
import { HourlyAqi } from './indicator.types';

/** A region's latest hour counts when stamped in (at − 3 h, at]: the overview's and `aqiLevelChanged`'s. */
const LATEST_HOUR_WITHIN_MS = 3 * HOUR_MS;

/** The days of `region_days` that `latestHourlyAqi` reads (two before the window's first, for the SO2 24 h mean). */
export function latestHourDays(at: Date): { from: string; to: string } {
  return { from: addDays(cstDate(new Date(at.getTime() - LATEST_HOUR_WITHIN_MS)), -2), to: cstDate(at) };
}

/** A region's latest hourly AQI stamped in (at − 3 h, at], or null. */
export function latestHourlyAqi(days: RegionDays, at: Date): HourlyAqi | null {
  const since = new Date(at.getTime() - LATEST_HOUR_WITHIN_MS + 1);
  const series = hourlyAqiSeries(hoursFromDays(days), since, at);
  return series.length ? series[series.length - 1] : null;
}

/**
 * After a drain pass recomputed region-days, in its transaction: each touched region's latest hourly AQI level
 * (`latestHourlyAqi`) against the level last announced for it (`region_aqi_levels`); a region whose level differs,
 * or that has none announced yet, gets an `aqiLevelChanged` event. The pass holds the drain lock, so exactly one
 * process compares and announces, whichever process drained. Days before the latest-hour window are skipped: a
 * backfill of last month changes no latest hour.
 */
export async function announceLevelChanges(tx: Queryable, refreshed: { regionCode: string; day: string }[], at: Date): Promise<void> {
  const window = latestHourDays(at);
  const firstCounted = cstDate(new Date(at.getTime() - LATEST_HOUR_WITHIN_MS));
  const regions = [...new Set(refreshed.filter((r) => r.day >= firstCounted && r.day <= window.to).map((r) => r.regionCode))];
  if (!regions.length) return;
  const [days, announced]: [Map<string, RegionDays>, { region_code: string; level: string }[]] = await Promise.all([
    readRegionDays(tx, regions, window.from, window.to),
    tx.query('SELECT region_code, level FROM region_aqi_levels WHERE region_code = ANY($1::text[])', [regions]),
  ]);
  const previous = new Map(announced.map((a) => [a.region_code, a.level]));
  const changes: AqiLevelChangeBody[] = [];
  for (const regionCode of regions) {
    const latest = latestHourlyAqi(days.get(regionCode)!, at);
    if (!latest?.level || latest.aqi === null || previous.get(regionCode) === latest.level) continue;
    changes.push({
      regionCode,
      observedAt: latest.observedAt.toISOString(),
      aqi: latest.aqi,
      level: latest.level,
      previousLevel: previous.get(regionCode) ?? null,
    });
  }
  if (!changes.length) return;
  await tx.query(
    `INSERT INTO region_aqi_levels (region_code, observed_at, aqi, level)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::text[])
     ON CONFLICT (region_code) DO UPDATE SET observed_at = EXCLUDED.observed_at, aqi = EXCLUDED.aqi, level = EXCLUDED.level`,
    [changes.map((c) => c.regionCode), changes.map((c) => c.observedAt), changes.map((c) => c.aqi), changes.map((c) => c.level)],
  );
  await publishLiveEvent(tx, { kind: 'aqi-levels', body: { changes } });
}
