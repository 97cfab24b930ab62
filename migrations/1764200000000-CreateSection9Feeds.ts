import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Section 9 feeds declared with `defineDataset` (src/feeds/<department>/*.dataset.ts). The columns are the
 * specs' fields in snake_case; test/integration/dataset-tables.spec.ts checks that every spec and its table agree.
 */
const TABLES: string[] = [
  `CREATE TABLE weather_stations (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    region_code text NOT NULL REFERENCES regions (code),
    elevation   float8,
    latitude    float8,
    longitude   float8,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id)
  )`,
  `CREATE INDEX weather_stations_region_code_idx ON weather_stations (region_code)`,
  `CREATE TABLE weather_hourly (
    station_id          text NOT NULL REFERENCES weather_stations (id),
    observed_at         timestamptz NOT NULL,
    temperature         float8,
    relative_humidity   float8,
    wind_speed          float8,
    wind_direction      float8,
    pressure            float8,
    precipitation       float8,
    visibility          float8,
    mixing_layer_height float8,
    batch_id            uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (station_id, observed_at)
  )`,
  `CREATE INDEX weather_hourly_observed_at_brin ON weather_hourly USING brin (observed_at)`,
  `CREATE TABLE enterprises (
    credit_code               text PRIMARY KEY,
    name                      text NOT NULL,
    region_code               text NOT NULL REFERENCES regions (code),
    industry                  text NOT NULL,
    key_industry              boolean NOT NULL,
    performance_grade         text NOT NULL,
    on_emergency_control_list boolean NOT NULL,
    batch_id                  uuid NOT NULL REFERENCES ingest_batches (id)
  )`,
  `CREATE INDEX enterprises_region_code_idx ON enterprises (region_code)`,
  `CREATE TABLE enterprise_electricity_daily (
    credit_code text NOT NULL REFERENCES enterprises (credit_code),
    date        date NOT NULL,
    electricity float8 NOT NULL,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (credit_code, date)
  )`,
  `CREATE INDEX enterprise_electricity_daily_date_idx ON enterprise_electricity_daily (date)`,
];

export class CreateSection9Feeds1764200000000 implements MigrationInterface {
  name = 'CreateSection9Feeds1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of TABLES) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['enterprise_electricity_daily', 'enterprises', 'weather_hourly', 'weather_stations']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
