import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCityTargets1764000000000 implements MigrationInterface {
  name = 'CreateCityTargets1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE city_targets (
        region_code           text NOT NULL REFERENCES regions (code),
        period_kind           text NOT NULL CHECK (period_kind IN ('MONTH', 'YEAR', 'CAMPAIGN')),
        period                text NOT NULL,
        pm25_target           double precision CHECK (pm25_target >= 0),
        good_day_ratio_target double precision CHECK (good_day_ratio_target BETWEEN 0 AND 100),
        heavy_days_target     int CHECK (heavy_days_target >= 0),
        pm25_decrease_target  double precision,
        base_year             int,
        base_pm25             double precision CHECK (base_pm25 >= 0),
        batch_id              uuid NOT NULL REFERENCES ingest_batches (id),
        PRIMARY KEY (region_code, period_kind, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE city_targets');
  }
}
