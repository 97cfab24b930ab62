import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live events (GraphQL subscriptions) fan out across hub processes through PostgreSQL: a writer inserts an event in
 * its own transaction, a trigger NOTIFYs its id on `lantian_live` (delivered at commit, dropped on rollback), and
 * every process LISTENs and reads the event by id (a NOTIFY payload is limited to 8000 bytes; an event's region list
 * is not). Two tables hold what was last announced, so an event is sent once whichever process noticed it.
 */
export class CreateLiveEvents1764400000000 implements MigrationInterface {
  name = 'CreateLiveEvents1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE live_events (
        id   bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('dataset-updated', 'aqi-levels', 'feed-stale')),
        body jsonb NOT NULL,
        at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX live_events_at_idx ON live_events (at)');
    await q.query(`
      CREATE FUNCTION live_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('lantian_live', NEW.id::text);
        RETURN NULL;
      END $$`);
    await q.query('CREATE TRIGGER live_events_notify AFTER INSERT ON live_events FOR EACH ROW EXECUTE FUNCTION live_events_notify()');
    await q.query(`
      CREATE TABLE region_aqi_levels (
        region_code text PRIMARY KEY REFERENCES regions (code) ON DELETE CASCADE,
        observed_at timestamptz NOT NULL,
        aqi         int NOT NULL,
        level       text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE feed_staleness (
        dataset    text PRIMARY KEY,
        stale      boolean NOT NULL,
        latest_at  timestamptz,
        checked_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE feed_staleness');
    await q.query('DROP TABLE region_aqi_levels');
    await q.query('DROP TABLE live_events');
    await q.query('DROP FUNCTION live_events_notify()');
  }
}
