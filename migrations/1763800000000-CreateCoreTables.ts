import { MigrationInterface, QueryRunner } from 'typeorm';

const DEPARTMENTS = "'ECOLOGY','ECONOMY','HOUSING','PUBLIC_SECURITY','FORESTRY','METEOROLOGY','COMMAND_CENTER'";
const POLLUTANTS = "'PM2_5','PM10','SO2','NO2','O3','CO'";

export class CreateCoreTables1763800000000 implements MigrationInterface {
  name = 'CreateCoreTables1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id            text PRIMARY KEY,
        name          text NOT NULL,
        department    text NOT NULL CHECK (department IN (${DEPARTMENTS})),
        role          text NOT NULL CHECK (role IN ('PUBLISHER','READER','ADMIN')),
        secret_hash   bytea NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        revoked_at    timestamptz,
        last_used_at  timestamptz
      )`);

    await q.query(`
      CREATE TABLE ingest_batches (
        id          uuid PRIMARY KEY,
        dataset     text NOT NULL,
        department  text NOT NULL CHECK (department IN (${DEPARTMENTS})),
        key_id      text NOT NULL REFERENCES api_keys (id),
        received_at timestamptz NOT NULL DEFAULT now(),
        accepted    int NOT NULL,
        rejected    int NOT NULL,
        unchanged   int NOT NULL
      )`);
    await q.query(`CREATE INDEX ingest_batches_dataset_received_at_idx ON ingest_batches (dataset, received_at)`);

    await q.query(`
      CREATE TABLE regions (
        code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name        text NOT NULL,
        level       text NOT NULL CHECK (level IN ('PROVINCE','CITY','COUNTY')),
        parent_code text REFERENCES regions (code),
        key_city    boolean NOT NULL DEFAULT false,
        batch_id    uuid NOT NULL REFERENCES ingest_batches (id)
      )`);
    await q.query(`CREATE INDEX regions_parent_code_idx ON regions (parent_code)`);
    // A region and all its descendants: the "incl. descendants" of every region filter.
    await q.query(`
      CREATE FUNCTION region_subtree(root text) RETURNS TABLE (code text) LANGUAGE sql STABLE AS $$
        WITH RECURSIVE subtree (code) AS (
          SELECT r.code FROM regions r WHERE r.code = root
          UNION ALL
          SELECT r.code FROM regions r JOIN subtree s ON r.parent_code = s.code
        )
        SELECT subtree.code FROM subtree
      $$`);

    await q.query(`
      CREATE TABLE air_stations (
        code                 text PRIMARY KEY,
        name                 text NOT NULL,
        region_code          text NOT NULL REFERENCES regions (code),
        control_level        text NOT NULL CHECK (control_level IN ('NATIONAL','PROVINCIAL','LOCAL')),
        latitude             double precision,
        longitude            double precision,
        monitored_pollutants text[] NOT NULL CHECK (monitored_pollutants <@ ARRAY[${POLLUTANTS}]),
        batch_id             uuid NOT NULL REFERENCES ingest_batches (id)
      )`);
    await q.query(`CREATE INDEX air_stations_region_code_idx ON air_stations (region_code)`);

    await q.query(`
      CREATE TABLE air_quality_hourly (
        series_key   text GENERATED ALWAYS AS
                       (CASE WHEN station_code IS NOT NULL THEN 'S:' || station_code ELSE 'R:' || region_code END) STORED,
        station_code text REFERENCES air_stations (code),
        region_code  text REFERENCES regions (code),
        observed_at  timestamptz NOT NULL,
        pm25         double precision CHECK (pm25 >= 0),
        pm10         double precision CHECK (pm10 >= 0),
        so2          double precision CHECK (so2 >= 0),
        no2          double precision CHECK (no2 >= 0),
        o3           double precision CHECK (o3 >= 0),
        co           double precision CHECK (co >= 0),
        batch_id     uuid NOT NULL REFERENCES ingest_batches (id),
        CONSTRAINT air_quality_hourly_one_source CHECK (num_nonnulls(station_code, region_code) = 1),
        PRIMARY KEY (series_key, observed_at)
      )`);
    // Time-range scans across all series: BRIN stays tiny because rows arrive roughly in time order.
    await q.query(`CREATE INDEX air_quality_hourly_observed_at_brin ON air_quality_hourly USING brin (observed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE air_quality_hourly');
    await q.query('DROP TABLE air_stations');
    await q.query('DROP FUNCTION region_subtree(text)');
    await q.query('DROP TABLE regions');
    await q.query('DROP TABLE ingest_batches');
    await q.query('DROP TABLE api_keys');
  }
}
