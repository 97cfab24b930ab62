import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Housing's site-hour dust rollup (§5.6): per site and hour H, the count and sum of the PM10 readings stamped in
 * (H − 1 h, H], recomputed from its queue like `region_days`. Every rollup queue now draws its ids from one
 * sequence, so the ids a write queued name its entries whichever queues they are in.
 */
export class CreateSiteDustHours1764500000000 implements MigrationInterface {
  name = 'CreateSiteDustHours1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SEQUENCE derived_queue_id_seq AS bigint');
    await q.query(`SELECT setval('derived_queue_id_seq', coalesce((SELECT max(id) FROM region_day_queue), 0) + 1, false)`);
    await q.query('ALTER TABLE region_day_queue ALTER COLUMN id DROP IDENTITY');
    await q.query(`ALTER TABLE region_day_queue ALTER COLUMN id SET DEFAULT nextval('derived_queue_id_seq')`);
    await q.query(`
      CREATE TABLE site_dust_hour_queue (
        id        bigint PRIMARY KEY DEFAULT nextval('derived_queue_id_seq'),
        site_id   text NOT NULL,
        hour      timestamptz NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE site_dust_hours (
        site_id  text NOT NULL REFERENCES construction_sites (id),
        hour     timestamptz NOT NULL,
        readings int NOT NULL,
        pm10_sum float8 NOT NULL,
        PRIMARY KEY (site_id, hour)
      )`);
    await q.query(`
      INSERT INTO site_dust_hours (site_id, hour, readings, pm10_sum)
      SELECT site_id, to_timestamp(ceil(extract(epoch FROM observed_at) / 3600) * 3600), count(*), sum(pm10)
      FROM site_dust_readings GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE site_dust_hours');
    await q.query('DROP TABLE site_dust_hour_queue');
    await q.query('ALTER TABLE region_day_queue ALTER COLUMN id DROP DEFAULT');
    await q.query(`ALTER TABLE region_day_queue ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY`);
    await q.query(`SELECT setval(pg_get_serial_sequence('region_day_queue', 'id'), coalesce((SELECT max(id) FROM region_day_queue), 0) + 1, false)`);
    await q.query('DROP SEQUENCE derived_queue_id_seq');
  }
}
