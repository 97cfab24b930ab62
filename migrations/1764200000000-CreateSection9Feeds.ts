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
  `CREATE TABLE industry_energy_monthly (
    region_code  text NOT NULL REFERENCES regions (code),
    industry     text NOT NULL,
    month        text NOT NULL,
    total_energy float8,
    electricity  float8,
    batch_id     uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, industry, month)
  )`,
  `CREATE INDEX industry_energy_monthly_month_idx ON industry_energy_monthly (month)`,
  `CREATE TABLE industrial_output_monthly (
    region_code text NOT NULL REFERENCES regions (code),
    product     text NOT NULL,
    month       text NOT NULL,
    unit        text NOT NULL,
    output      float8 NOT NULL,
    capacity    float8,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, product, month)
  )`,
  `CREATE INDEX industrial_output_monthly_month_idx ON industrial_output_monthly (month)`,
  `CREATE TABLE fuel_facilities_monthly (
    region_code  text NOT NULL REFERENCES regions (code),
    month        text NOT NULL,
    gas_stations int NOT NULL,
    oil_depots   int NOT NULL,
    batch_id     uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, month)
  )`,
  `CREATE INDEX fuel_facilities_monthly_month_idx ON fuel_facilities_monthly (month)`,
  `CREATE TABLE heavy_pollution_alerts (
    region_code text NOT NULL REFERENCES regions (code),
    starts_at   timestamptz NOT NULL,
    level       text NOT NULL,
    issued_at   timestamptz NOT NULL,
    ends_at     timestamptz,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, starts_at)
  )`,
  `CREATE INDEX heavy_pollution_alerts_starts_at_idx ON heavy_pollution_alerts (starts_at)`,
  `CREATE TABLE dust_fall_monthly (
    region_code text NOT NULL REFERENCES regions (code),
    month       text NOT NULL,
    dust_fall   float8 NOT NULL,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, month)
  )`,
  `CREATE INDEX dust_fall_monthly_month_idx ON dust_fall_monthly (month)`,
  `CREATE TABLE construction_sites (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    region_code  text NOT NULL REFERENCES regions (code),
    floor_area   float8,
    status       text NOT NULL,
    start_date   date,
    end_date     date,
    dust_monitor boolean NOT NULL,
    video        boolean NOT NULL,
    latitude     float8,
    longitude    float8,
    batch_id     uuid NOT NULL REFERENCES ingest_batches (id)
  )`,
  `CREATE INDEX construction_sites_region_code_idx ON construction_sites (region_code)`,
  `CREATE TABLE site_dust_readings (
    site_id     text NOT NULL REFERENCES construction_sites (id),
    observed_at timestamptz NOT NULL,
    pm10        float8 NOT NULL,
    pm25        float8,
    tsp         float8,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (site_id, observed_at)
  )`,
  `CREATE INDEX site_dust_readings_observed_at_brin ON site_dust_readings USING brin (observed_at)`,
  `CREATE TABLE construction_machinery_daily (
    site_id         text NOT NULL REFERENCES construction_sites (id),
    date            date NOT NULL,
    emission_stage  text NOT NULL,
    machines_in_use int NOT NULL,
    operating_hours float8,
    batch_id        uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (site_id, date, emission_stage)
  )`,
  `CREATE INDEX construction_machinery_daily_date_idx ON construction_machinery_daily (date)`,
  `CREATE TABLE municipal_vehicles_daily (
    region_code     text NOT NULL REFERENCES regions (code),
    date            date NOT NULL,
    vehicle_type    text NOT NULL,
    vehicles_active int NOT NULL,
    trips           int,
    distance        float8,
    batch_id        uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, date, vehicle_type)
  )`,
  `CREATE INDEX municipal_vehicles_daily_date_idx ON municipal_vehicles_daily (date)`,
  `CREATE TABLE vehicle_fleet_monthly (
    region_code         text NOT NULL REFERENCES regions (code),
    month               text NOT NULL,
    vehicle_class       text NOT NULL,
    fuel                text NOT NULL,
    emission_standard   text NOT NULL,
    registered_vehicles int NOT NULL,
    batch_id            uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, month, vehicle_class, fuel, emission_standard)
  )`,
  `CREATE INDEX vehicle_fleet_monthly_month_idx ON vehicle_fleet_monthly (month)`,
  `CREATE TABLE road_segments (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    region_code text NOT NULL REFERENCES regions (code),
    main_road   boolean NOT NULL,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id)
  )`,
  `CREATE INDEX road_segments_region_code_idx ON road_segments (region_code)`,
  `CREATE TABLE traffic_flow_hourly (
    segment_id          text NOT NULL REFERENCES road_segments (id),
    observed_at         timestamptz NOT NULL,
    vehicles_per_hour   int NOT NULL,
    heavy_vehicle_share float8,
    mean_speed          float8,
    batch_id            uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (segment_id, observed_at)
  )`,
  `CREATE INDEX traffic_flow_hourly_observed_at_brin ON traffic_flow_hourly USING brin (observed_at)`,
  `CREATE TABLE vehicle_violations (
    case_id        text PRIMARY KEY,
    occurred_at    timestamptz NOT NULL,
    region_code    text NOT NULL REFERENCES regions (code),
    violation_type text NOT NULL,
    penalty        float8,
    plate          text,
    batch_id       uuid NOT NULL REFERENCES ingest_batches (id)
  )`,
  `CREATE INDEX vehicle_violations_region_code_idx ON vehicle_violations (region_code)`,
  `CREATE INDEX vehicle_violations_occurred_at_idx ON vehicle_violations (occurred_at)`,
  `CREATE TABLE fire_hotspots (
    id          text PRIMARY KEY,
    detected_at timestamptz NOT NULL,
    region_code text NOT NULL REFERENCES regions (code),
    source      text NOT NULL,
    confidence  float8,
    kind        text,
    status      text NOT NULL,
    latitude    float8,
    longitude   float8,
    batch_id    uuid NOT NULL REFERENCES ingest_batches (id)
  )`,
  `CREATE INDEX fire_hotspots_region_code_idx ON fire_hotspots (region_code)`,
  `CREATE INDEX fire_hotspots_detected_at_idx ON fire_hotspots (detected_at)`,
  `CREATE TABLE planned_burns (
    id            text PRIMARY KEY,
    region_code   text NOT NULL REFERENCES regions (code),
    planned_start timestamptz NOT NULL,
    planned_end   timestamptz NOT NULL,
    area          float8,
    status        text NOT NULL,
    latitude      float8,
    longitude     float8,
    batch_id      uuid NOT NULL REFERENCES ingest_batches (id)
  )`,
  `CREATE INDEX planned_burns_region_code_idx ON planned_burns (region_code)`,
  `CREATE TABLE vehicle_targets (
    region_code                text NOT NULL REFERENCES regions (code),
    year                       int NOT NULL,
    old_vehicles_to_eliminate  int,
    new_energy_vehicles_target int,
    batch_id                   uuid NOT NULL REFERENCES ingest_batches (id),
    PRIMARY KEY (region_code, year)
  )`,
];

export class CreateSection9Feeds1764200000000 implements MigrationInterface {
  name = 'CreateSection9Feeds1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of TABLES) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'vehicle_targets',
      'planned_burns',
      'fire_hotspots',
      'vehicle_violations',
      'traffic_flow_hourly',
      'road_segments',
      'vehicle_fleet_monthly',
      'municipal_vehicles_daily',
      'construction_machinery_daily',
      'site_dust_readings',
      'construction_sites',
      'dust_fall_monthly',
      'heavy_pollution_alerts',
      'fuel_facilities_monthly',
      'industrial_output_monthly',
      'industry_energy_monthly',
      'enterprise_electricity_daily',
      'enterprises',
      'weather_hourly',
      'weather_stations',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
