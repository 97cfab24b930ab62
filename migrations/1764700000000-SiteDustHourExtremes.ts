import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The site-hour dust rollup keeps each hour's smallest and largest PM10 beside its count and sum, so that the
 * aggregate of site dust readings (`siteDustReadingsAggregate`) gets every PM10 figure from it: min, max, mean and
 * count. The hours stored are filled from their readings.
 */
export class SiteDustHourExtremes1764700000000 implements MigrationInterface {
  name = 'SiteDustHourExtremes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE site_dust_hours ADD COLUMN pm10_min float8, ADD COLUMN pm10_max float8');
    await q.query(`
      UPDATE site_dust_hours h SET pm10_min = r.pm10_min, pm10_max = r.pm10_max
      FROM (SELECT site_id, to_timestamp(ceil(extract(epoch FROM observed_at) / 3600) * 3600) AS hour, min(pm10) AS pm10_min, max(pm10) AS pm10_max
            FROM site_dust_readings GROUP BY 1, 2) r
      WHERE h.site_id = r.site_id AND h.hour = r.hour`);
    await q.query('ALTER TABLE site_dust_hours ALTER COLUMN pm10_min SET NOT NULL, ALTER COLUMN pm10_max SET NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE site_dust_hours DROP COLUMN pm10_min, DROP COLUMN pm10_max');
  }
}
