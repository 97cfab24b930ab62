import { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { ApiKeyService, VERIFIED_KEY_TTL_MS } from '../../src/admin/api-key.service';
import { Department, Role } from '../../src/platform/enums';
import { HubProcess, buildHub } from '../support/hub-process';
import { createSpecDatabase } from '../support/test-database';

/**
 * Two hub processes (the compiled hub, as deployed) on one database, as behind a load balancer: a key's revocation
 * through one is heard by the other at once (LISTEN/NOTIFY, not the 5 s key memory), and a key's rate limit holds
 * across both (each enforces its share, HUB_PROCESSES=2).
 */
const READER_PER_MINUTE = 20;

describe('two hub processes on one database', () => {
  let spec: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  let keys: ApiKeyService;
  let a: HubProcess;
  let b: HubProcess;

  const status = async (hub: HubProcess, key: string, query = '{ __typename }'): Promise<{ status: number; code?: string }> => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
    return { status: response.status, code: body.errors?.[0]?.extensions.code };
  };
  /** Milliseconds until `hub` refuses `key` as unauthenticated, asking every 5 ms. */
  const refusedWithin = async (hub: HubProcess, key: string, since: number): Promise<number> => {
    for (;;) {
      const { code } = await status(hub, key);
      if (code === 'UNAUTHENTICATED') return Date.now() - since;
      if (Date.now() - since > 2 * VERIFIED_KEY_TTL_MS) throw new Error(`still accepted ${Date.now() - since} ms after the change`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  /** A reader key that both processes have verified, so each remembers it. */
  const rememberedEverywhere = async () => {
    const key = (await keys.create(Department.HOUSING, Role.READER)).token;
    expect(await status(a, key)).toEqual({ status: 200, code: undefined });
    expect(await status(b, key)).toEqual({ status: 200, code: undefined });
    return key;
  };

  beforeAll(async () => {
    await buildHub();
    spec = await createSpecDatabase();
    db = createDataSource(spec.url);
    await db.initialize();
    keys = new ApiKeyService(db);
    const env = { DATABASE_URL: spec.url, HUB_PROCESSES: '2', RATE_LIMITS: `PUBLISHER=10000,READER=${READER_PER_MINUTE},ADMIN=10000` };
    [a, b] = await Promise.all([HubProcess.start(env), HubProcess.start(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.destroy();
    await spec?.drop();
  });

  test('a key revoked through one process is refused by the other at once, well within the 5 s it remembers keys', async () => {
    const admin = (await keys.create(Department.HOUSING, Role.ADMIN)).token;
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const key = await rememberedEverywhere();
      const id = key.split('_')[1];
      const response = await fetch(`${a.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', variables: { id } }),
      });
      expect(((await response.json()) as { data: { revokeApiKey: { revokedAt: string | null } } }).data.revokeApiKey.revokedAt).not.toBeNull();
      latencies.push(await refusedWithin(b, key, Date.now()));
      expect(await status(a, key)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
    latencies.sort((x, y) => x - y);
    console.log(`revoked through A → refused by B after ${latencies.join(', ')} ms`);
    expect(latencies[4]).toBeLessThan(500);
  });

  test('revoked by plain SQL, or rotated without grace at the CLI, the old key is refused by both processes at once', async () => {
    const revoked = await rememberedEverywhere();
    const since = Date.now();
    await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [revoked.split('_')[1]]);
    const [onA, onB] = await Promise.all([refusedWithin(a, revoked, since), refusedWithin(b, revoked, since)]);
    expect(Math.max(onA, onB)).toBeLessThan(500);

    const rotated = await rememberedEverywhere();
    const rotatedAt = Date.now();
    const fresh = (await keys.rotate(rotated.split('_')[1], 0))!.token;
    const [rotatedOnA, rotatedOnB] = await Promise.all([refusedWithin(a, rotated, rotatedAt), refusedWithin(b, rotated, rotatedAt)]);
    expect(Math.max(rotatedOnA, rotatedOnB)).toBeLessThan(500);
    expect(await status(b, fresh)).toEqual({ status: 200, code: undefined });
  });

  test(`a key's ${READER_PER_MINUTE} requests a minute hold across both processes: each allows its half`, async () => {
    const key = (await keys.create(Department.ECOLOGY, Role.READER)).token;
    const started = Date.now();
    const allowed = { a: 0, b: 0 };
    for (let i = 0; i < 2 * READER_PER_MINUTE; i++) {
      const hub = i % 2 ? 'b' : 'a';
      const { status: code } = await status(hub === 'a' ? a : b, key);
      expect([200, 429]).toContain(code);
      if (code === 200) allowed[hub]++;
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`${2 * READER_PER_MINUTE} requests alternating over two processes in ${seconds.toFixed(1)} s: ${allowed.a} + ${allowed.b} allowed`);
    // The burst (the limit), plus what the buckets refilled meanwhile (the limit per minute across both).
    const refilled = Math.floor((seconds * READER_PER_MINUTE) / 60);
    expect(allowed.a + allowed.b).toBeGreaterThanOrEqual(READER_PER_MINUTE);
    expect(allowed.a + allowed.b).toBeLessThanOrEqual(READER_PER_MINUTE + refilled + 1);
    expect(Math.abs(allowed.a - allowed.b)).toBeLessThanOrEqual(refilled + 1);
  });
});
