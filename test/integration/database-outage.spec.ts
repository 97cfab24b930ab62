import { Client } from 'pg';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';
import { withDatabase } from '../support/test-database';

/**
 * PostgreSQL goes away under a running hub (its sessions terminated, new ones refused, as during a restart): every
 * request is answered 503 SERVICE_UNAVAILABLE with Retry-After, on GraphQL (whether the key is checked against the
 * database or was verified moments ago) and on bulk files; when the database is back, the same hub serves again.
 */
describe('a database outage', () => {
  let hub: TestHub;
  let admin: Client;
  let database: string;
  let recentKey: string;
  let freshKey: string;
  let publisher: string;

  const query = (key: string) =>
    fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ region(code: "440000") { name } }' }),
    }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as any }));
  const upload = (code: number) =>
    fetch(`${hub.url}/ingest/regions`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${publisher}` },
      body: `code,name,level,parentCode,keyCity\n${code},P${code},PROVINCE,,\n`,
    }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as any }));

  const setAvailable = async (available: boolean) => {
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(database)} ALLOW_CONNECTIONS ${available}`);
    // The hub's listening connection is spared: when it is lost the hub forgets every key it remembers (they may have
    // been revoked unheard), and whether the first request fails in its resolver or at the door would depend on which
    // the hub noticed first.
    if (!available) {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> 'lantian-hub listener'`,
        [database],
      );
    }
  };

  beforeAll(async () => {
    hub = await TestHub.start();
    const url = (hub.db.options as { url: string }).url;
    database = new URL(url).pathname.slice(1);
    admin = new Client({ connectionString: withDatabase(url, 'postgres') });
    await admin.connect();
    recentKey = await hub.key(Department.ECOLOGY, Role.READER);
    freshKey = await hub.key(Department.HOUSING, Role.READER);
    publisher = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    expect((await upload(440000)).body).toMatchObject({ accepted: 1 });
  });
  afterAll(async () => {
    await setAvailable(true);
    await admin.end();
    await hub.stop();
  });

  test('503 SERVICE_UNAVAILABLE with Retry-After on /graphql and /ingest, then service again without a restart', async () => {
    // Verified moments ago (remembered), so its request fails in the resolver rather than at the door.
    expect((await query(recentKey)).body).toEqual({ data: { region: { name: 'P440000' } } });

    await setAvailable(false);
    const unavailable = { status: 503, retryAfter: '5' };
    const inResolver = await query(recentKey);
    expect(inResolver).toMatchObject(unavailable);
    expect(inResolver.body.errors).toEqual([
      { message: 'the database is unavailable; retry in 5 s', path: ['region'], extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 5 } },
    ]);
    const atTheDoor = await query(freshKey);
    expect(atTheDoor).toMatchObject(unavailable);
    expect(atTheDoor.body.errors.map((e: any) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    // The listening connection lost as well: the hub forgets the keys it remembered, and still answers 503.
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    const listenerLost = await query(recentKey);
    expect(listenerLost).toMatchObject(unavailable);
    expect(listenerLost.body.errors.map((e: any) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    const bulk = await upload(450000);
    expect(bulk).toMatchObject(unavailable);
    expect(bulk.body.errors.map((e: any) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(JSON.stringify([inResolver.body, atTheDoor.body, listenerLost.body, bulk.body])).not.toMatch(/accepting connections|terminat|ECONN|at \S+ \(/);

    await setAvailable(true);
    expect(await query(freshKey)).toMatchObject({ status: 200, body: { data: { region: { name: 'P440000' } } } });
    expect(await upload(450000)).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect((await query(recentKey)).body.data.region.name).toBe('P440000');
  });
});
