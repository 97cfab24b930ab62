import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists ordered by time ("latest first", `orderBy: [{ field: OBSERVED_AT, direction: DESC }]`) across every series
 * page on a btree: a BRIN index finds time ranges but cannot give rows in order. The four sub-hourly and hourly tables
 * trade their BRIN for a btree on (time, series) — the order completed by the natural key, so a keyset page starts
 * at its cursor in the index; the btree still serves the time ranges the BRIN did. Planned burns and vehicle
 * targets had no index on their time field at all (small tables, but ordered and filtered by it like the others).
 */
const INDEXES: [table: string, brin: string | null, name: string, columns: string][] = [
  ['air_quality_hourly', 'air_quality_hourly_observed_at_brin', 'air_quality_hourly_observed_at_idx', 'observed_at, series_key'],
  ['weather_hourly', 'weather_hourly_observed_at_brin', 'weather_hourly_observed_at_idx', 'observed_at, station_id'],
  ['site_dust_readings', 'site_dust_readings_observed_at_brin', 'site_dust_readings_observed_at_idx', 'observed_at, site_id'],
  ['traffic_flow_hourly', 'traffic_flow_hourly_observed_at_brin', 'traffic_flow_hourly_observed_at_idx', 'observed_at, segment_id'],
  ['planned_burns', null, 'planned_burns_planned_start_idx', 'planned_start'],
  ['vehicle_targets', null, 'vehicle_targets_year_idx', 'year'],
];

export class TimeOrderIndexes1764420000000 implements MigrationInterface {
  name = 'TimeOrderIndexes1764420000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, brin, name, columns] of INDEXES) {
      await q.query(`CREATE INDEX ${name} ON ${table} (${columns})`);
      if (brin) await q.query(`DROP INDEX ${brin}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, brin, name] of INDEXES) {
      if (brin) await q.query(`CREATE INDEX ${brin} ON ${table} USING brin (observed_at)`);
      await q.query(`DROP INDEX ${name}`);
    }
  }
}
