import { DataSource } from 'typeorm';
import { refreshRegionDays } from '../../src/indicators/region-day.rollup';

const ROLLUP = `SELECT region_code, day, pm25, pm10, so2, no2, o3, co, edition, aqi, valid, pm25_mean, pm10_mean, so2_mean,
  no2_mean, co_mean, o3_max8h, o3_max1h, composite_index, partial_aqi FROM region_days ORDER BY region_code, day`;

/** Region-days, floats to 9 decimals: avg() over floats may add the same values in another order. */
async function rollupRows(db: { query(sql: string): Promise<any> }): Promise<unknown[]> {
  const round = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : Array.isArray(v) ? v.map(round) : v);
  const rows: Record<string, unknown>[] = await db.query(ROLLUP);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])));
}

/**
 * The rollup as stored, and as recomputed from scratch — every region-day the stored hours feed, inside a
 * transaction that is rolled back, so the hub's data is left as it was.
 */
export async function storedAndRecomputedRollup(db: DataSource): Promise<{ stored: unknown[]; recomputed: unknown[] }> {
  const stored = await rollupRows(db);
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    const targets: { region_code: string; day: string }[] = await runner.query(
      `SELECT region_code, day FROM region_days
       UNION
       SELECT e.region_code, hub_day(a.observed_at) FROM air_quality_hourly a
       JOIN region_evaluation_stations e ON a.series_key = 'S:' || e.station_code`,
    );
    await runner.query('DELETE FROM region_days');
    await refreshRegionDays(runner, targets.map((t) => ({ regionCode: t.region_code, day: t.day })));
    return { stored, recomputed: await rollupRows(runner) };
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

