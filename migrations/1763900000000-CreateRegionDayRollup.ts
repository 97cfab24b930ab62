import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The air-quality rollup: each region's 24 hourly values of a day (indicators.md §0, §2) and that day's figures under
 * its own edition, kept up to date at ingestion so indicator queries and scores read one row per region-day and never
 * rescan raw station hours.
 */
export class CreateRegionDayRollup1763900000000 implements MigrationInterface {
  name = 'CreateRegionDayRollup1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // Day D holds the values stamped D 01:00 … D+1 00:00 (CST): slot 0 … 23. Shifting the UTC instant by +7 h maps a
    // stamp to its slot's calendar date and hour in one step (CST = UTC+8, minus the hour the stamp closes).
    await q.query(`
      CREATE FUNCTION hub_day(stamp timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ((stamp AT TIME ZONE 'UTC') + interval '7 hours')::date $$`);
    await q.query(`
      CREATE FUNCTION hub_slot(stamp timestamptz) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT extract(hour FROM (stamp AT TIME ZONE 'UTC') + interval '7 hours')::int $$`);
    await q.query(`
      CREATE FUNCTION hub_first_stamp(day date) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (day - interval '7 hours') AT TIME ZONE 'UTC' $$`);
    await q.query(`
      CREATE FUNCTION hub_last_stamp(day date) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (day + interval '16 hours') AT TIME ZONE 'UTC' $$`);

    await q.query(`
      CREATE FUNCTION region_ancestors(code text) RETURNS TABLE (code text) LANGUAGE sql STABLE AS $$
        WITH RECURSIVE up (code, parent_code) AS (
          SELECT r.code, r.parent_code FROM regions r WHERE r.code = region_ancestors.code
          UNION ALL
          SELECT r.code, r.parent_code FROM regions r JOIN up ON r.code = up.parent_code
        )
        SELECT up.code FROM up
      $$`);

    // §2: a CITY's evaluation stations are the NATIONAL ones anywhere in its subtree; a COUNTY's the NATIONAL and
    // PROVINCIAL ones; LOCAL stations never count. Provinces average their cities instead.
    await q.query(`
      CREATE VIEW region_evaluation_stations AS
        WITH RECURSIVE subtree (region_code, code) AS (
          SELECT r.code, r.code FROM regions r WHERE r.level IN ('CITY', 'COUNTY')
          UNION ALL
          SELECT s.region_code, r.code FROM regions r JOIN subtree s ON r.parent_code = s.code
        )
        SELECT t.region_code, st.code AS station_code
        FROM subtree t
        JOIN regions owner ON owner.code = t.region_code
        JOIN air_stations st ON st.region_code = t.code
        WHERE st.control_level = 'NATIONAL' OR (owner.level = 'COUNTY' AND st.control_level = 'PROVINCIAL')`);

    await q.query(`
      CREATE TABLE region_days (
        region_code     text NOT NULL REFERENCES regions (code),
        day             date NOT NULL,
        -- the day's hourly series: slot 0 = stamped D 01:00 … slot 23 = D+1 00:00 (CST)
        pm25            double precision[] NOT NULL CHECK (cardinality(pm25) = 24),
        pm10            double precision[] NOT NULL CHECK (cardinality(pm10) = 24),
        so2             double precision[] NOT NULL CHECK (cardinality(so2) = 24),
        no2             double precision[] NOT NULL CHECK (cardinality(no2) = 24),
        o3              double precision[] NOT NULL CHECK (cardinality(o3) = 24),
        co              double precision[] NOT NULL CHECK (cardinality(co) = 24),
        -- the day's figures under its own edition, computed by src/indicators from the series above
        edition         text,
        aqi             int,
        valid           boolean,
        pm25_mean       double precision,
        pm10_mean       double precision,
        so2_mean        double precision,
        no2_mean        double precision,
        co_mean         double precision,
        o3_max8h        double precision,
        o3_max1h        double precision,
        composite_index double precision,
        partial_aqi     int,
        PRIMARY KEY (region_code, day)
      )`);
    // Scores rank every key city on every day of a month: by day, then region.
    await q.query(`CREATE INDEX region_days_day_idx ON region_days (day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE region_days');
    await q.query('DROP VIEW region_evaluation_stations');
    await q.query('DROP FUNCTION region_ancestors(text)');
    for (const fn of ['hub_last_stamp(date)', 'hub_first_stamp(date)', 'hub_slot(timestamptz)', 'hub_day(timestamptz)']) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
  }
}
