import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Region-days waiting for the rollup. A write queues the region-days it touched in its own transaction (a plain
 * insert: no unique key, so concurrent writers never collide or wait on one another), and one drainer at a time
 * (an advisory lock) recomputes them into `region_days`. A crash between the two leaves the queue to the next drain.
 */
export class CreateRegionDayQueue1764300000000 implements MigrationInterface {
  name = 'CreateRegionDayQueue1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region_day_queue (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        region_code text NOT NULL,
        day         date NOT NULL,
        queued_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE region_day_queue');
  }
}
