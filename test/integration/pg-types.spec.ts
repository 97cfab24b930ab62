import { Client } from 'pg';
import '../../src/platform/db/pg-types';
import { createSpecDatabase } from '../support/test-database';

/**
 * The instants the hub reads are PostgreSQL's own: each timestamp it prints, parsed back, is the instant PostgreSQL
 * says it is (its epoch, to the millisecond, the microseconds cut off), whatever the session's time zone.
 */
describe('pg type parsers', () => {
  let database: Awaited<ReturnType<typeof createSpecDatabase>>;
  let client: Client;

  beforeAll(async () => {
    database = await createSpecDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  test.each(['UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'America/St_Johns'])('timestamptz and timestamp printed in %s come back as the same instants', async (zone) => {
    await client.query(`SET TimeZone = '${zone}'`);
    // Hours of a leap year, odd instants across the years 0001–9999 with microseconds, and the edges.
    const { rows } = await client.query<{ tz: Date; plain: Date; text: string; epoch_ms: string; local_ms: string }>(`
      WITH instants (t) AS (
        SELECT generate_series('2024-01-01 00:00+08'::timestamptz, '2024-12-31 23:00+08', '1 hour')
        UNION ALL SELECT '0001-01-01 00:00:00+00'::timestamptz + n * interval '36 days 5:07:11.123457' FROM generate_series(0, 99999) AS n
        UNION ALL SELECT unnest(ARRAY['0001-01-01 00:00:00+00', '1969-12-31 23:59:59.9995+00', '1970-01-01 00:00:00+00',
                                      '2026-01-15 08:00:00.5+08', '9999-12-31 23:59:59.999999+00']::timestamptz[]))
      SELECT t AS tz, t::timestamp AS plain, t::text AS text,
             floor(extract(epoch FROM t) * 1000)::text AS epoch_ms,
             floor(extract(epoch FROM t::timestamp) * 1000)::text AS local_ms
      FROM instants WHERE t < '9999-12-31 23:59:59.999999+00'::timestamptz OR '${zone}' = 'UTC'`);
    expect(rows.length).toBeGreaterThan(100_000);
    const wrong = rows.filter((r) => r.tz.getTime() !== Number(r.epoch_ms)).map((r) => r.text);
    expect(wrong).toEqual([]);
    // A timestamp without a zone is read as the process's local time, as pg-types has always read it.
    const offsetMs = (d: Date) => d.getTimezoneOffset() * 60_000;
    const wrongPlain = rows.filter((r) => r.plain.getTime() !== Number(r.local_ms) + offsetMs(r.plain)).map((r) => r.text);
    expect(wrongPlain).toEqual([]);
  });

  test('infinity stays infinite, and a day stays a day', async () => {
    const { rows } = await client.query(`SELECT 'infinity'::timestamptz AS late, '-infinity'::timestamptz AS early, '2026-01-15'::date AS day`);
    expect(rows[0]).toEqual({ late: Infinity, early: -Infinity, day: '2026-01-15' });
  });
});
