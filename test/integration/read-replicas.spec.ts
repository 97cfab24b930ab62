import { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { ApiKeyService } from '../../src/admin/api-key.service';
import { Department, Role } from '../../src/platform/enums';
import { HubProcess, buildHub } from '../support/hub-process';
import { ReplicatedCluster } from '../support/replicated-cluster';

/**
 * Read replicas on two real clusters started here: a primary and a hot standby streaming from it (pg_basebackup -R),
 * and two hub processes (the compiled hub, as deployed) on both. Which server ran a statement is read from each
 * server's own pg_stat_statements.
 */
const MAX_LAG_SECONDS = 3;
/** The statement that reads a region by its code (`region(code:)`), as pg_stat_statements normalises it. */
const REGION_READ = '%FROM regions r WHERE r.code = ANY%';

describe('read replicas: a primary and a hot standby started by the test', () => {
  let cluster: ReplicatedCluster;
  let db: DataSource;
  let a: HubProcess;
  let b: HubProcess;
  let writer: string;
  let reader: string;
  let env: Record<string, string>;

  const post = async (hub: HubProcess, key: string, query: string, variables?: object) => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const upsertRegion = (hub: HubProcess, code: string, name: string) =>
    post(hub, writer, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: [{ code, name, level: 'PROVINCE' }] });
  const regionName = async (hub: HubProcess, key: string, code: string): Promise<string | null> =>
    (await post(hub, key, 'query($c: String!) { region(code: $c) { name } }', { c: code })).region?.name ?? null;
  /** Region reads each server ran since the last reset. */
  const regionReads = async () => ({ primary: await cluster.calls('primary', REGION_READ), standby: await cluster.calls('standby', REGION_READ) });
  const readyz = async (hub: HubProcess) => {
    const response = await fetch(`${hub.url}/readyz`);
    return { status: response.status, body: (await response.json()) as { status: string; replicas: { server: string; state: string; behindBytes: number | null }[] } };
  };
  const until = async (condition: () => Promise<boolean>, withinMs = 15_000) => {
    const deadline = Date.now() + withinMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    await buildHub();
    cluster = await ReplicatedCluster.start();
    env = {
      DATABASE_URL: cluster.primaryUrl,
      DATABASE_REPLICA_URLS: cluster.standbyUrl,
      DATABASE_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
      RATE_LIMITS: 'PUBLISHER=100000,READER=100000,ADMIN=100000',
    };
    // The first process migrates the primary; the standby replays the migrations like any write.
    a = await HubProcess.start(env);
    b = await HubProcess.start(env);
    db = createDataSource(cluster.primaryUrl);
    await db.initialize();
    const keys = new ApiKeyService(db);
    writer = (await keys.create(Department.COMMAND_CENTER, Role.PUBLISHER)).token;
    reader = (await keys.create(Department.HOUSING, Role.READER)).token;
    await upsertRegion(a, '510000', '四川省');
    await cluster.waitForReplay();
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.destroy();
    await cluster?.destroy();
  });

  test('a query reads from the standby; the hub runs no migration there, and /readyz reports it', async () => {
    await until(async () => (await readyz(a)).body.replicas[0].state === 'ready');
    await cluster.resetStatements();
    for (let i = 0; i < 3; i++) expect(await regionName(a, reader, '510000')).toBe('四川省');
    expect(await regionReads()).toEqual({ primary: 0, standby: 3 });
    const { status, body } = await readyz(a);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ready', replicas: [{ server: `127.0.0.1:${cluster.standbyPort}/lantian`, state: 'ready', behindBytes: 0 }] });
    const [{ migrations }] = await cluster.sql(cluster.standbyUrl, 'SELECT count(*)::int AS migrations FROM migrations');
    const [{ onPrimary }] = await cluster.sql(cluster.primaryUrl, 'SELECT count(*)::int AS "onPrimary" FROM migrations');
    expect(migrations).toBe(onPrimary);
  });

  test('with replay paused, a key reads its own write at once (from the primary), while other keys keep reading the standby', async () => {
    await cluster.pauseReplay();
    try {
      await upsertRegion(a, '510000', '四川省 (paused)');
      await cluster.resetStatements();
      expect(await regionName(a, writer, '510000')).toBe('四川省 (paused)');
      expect(await regionReads()).toEqual({ primary: 1, standby: 0 });
      // The other process heard of the write before it was answered.
      expect(await regionName(b, writer, '510000')).toBe('四川省 (paused)');
      expect(await regionReads()).toEqual({ primary: 2, standby: 0 });
      // Another key reads the standby, which has not applied the write yet.
      expect(await regionName(a, reader, '510000')).toBe('四川省');
      expect(await regionName(b, reader, '510000')).toBe('四川省');
      expect(await regionReads()).toEqual({ primary: 2, standby: 2 });
      // A bulk load is a write like a mutation.
      const load = await fetch(`${b.url}/ingest/regions`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${writer}` },
        body: 'code,name,level,parentCode,keyCity\n510000,四川省 (bulk),PROVINCE,,\n',
      });
      expect(((await load.json()) as { accepted: number }).accepted).toBe(1);
      expect(await regionName(a, writer, '510000')).toBe('四川省 (bulk)');
      expect(await regionName(a, reader, '510000')).toBe('四川省');
    } finally {
      await cluster.resumeReplay();
    }
    // Once the standby has replayed the write, the writer reads from it again.
    await cluster.waitForReplay();
    await until(async () => {
      await cluster.resetStatements();
      expect(await regionName(a, writer, '510000')).toBe('四川省 (bulk)');
      return (await regionReads()).standby === 1;
    });
  });

  test('a write through one process, then a read through the other, at once, ten times over: always the write', async () => {
    await cluster.pauseReplay();
    try {
      for (let i = 0; i < 10; i++) {
        await upsertRegion(i % 2 ? b : a, '510000', `四川省 ${i}`);
        expect(await regionName(i % 2 ? a : b, writer, '510000')).toBe(`四川省 ${i}`);
      }
    } finally {
      await cluster.resumeReplay();
    }
  });

  test(`a standby more than ${MAX_LAG_SECONDS} s behind serves nobody; caught up, it serves again`, async () => {
    await cluster.waitForReplay();
    await cluster.pauseReplay();
    try {
      await upsertRegion(a, '510000', '四川省 (lagging)');
      await until(async () => (await readyz(a)).body.replicas[0].state === 'lagging', (MAX_LAG_SECONDS + 5) * 1000);
      const { status, body } = await readyz(a);
      expect(status).toBe(200);
      expect(body.replicas[0].behindBytes).toBeGreaterThan(0);
      expect(await regionName(a, reader, '510000')).toBe('四川省 (lagging)');
    } finally {
      await cluster.resumeReplay();
    }
    await until(async () => (await readyz(a)).body.replicas[0].state === 'ready');
    await cluster.resetStatements();
    expect(await regionName(a, reader, '510000')).toBe('四川省 (lagging)');
    expect(await regionReads()).toEqual({ primary: 0, standby: 1 });
  });

  test('a stopped standby: every read still answers, from the primary, and a hub starts without it; started again, it serves again', async () => {
    await cluster.waitForReplay();
    await until(async () => (await readyz(a)).body.replicas[0].state === 'ready');
    await cluster.stopStandby();
    let c: HubProcess | undefined;
    try {
      // At once, before a check has noticed: the connection falls back to the primary.
      await cluster.resetStatements(['primary']);
      expect(await regionName(a, reader, '510000')).toBe('四川省 (lagging)');
      expect(await regionName(b, reader, '510000')).toBe('四川省 (lagging)');
      expect(await cluster.calls('primary', REGION_READ)).toBeGreaterThanOrEqual(2);
      await until(async () => (await readyz(a)).body.replicas[0].state === 'unreachable');
      expect((await readyz(a)).status).toBe(200);
      for (let i = 0; i < 5; i++) expect(await regionName(a, reader, '510000')).toBe('四川省 (lagging)');
      c = await HubProcess.start(env);
      expect(await readyz(c)).toMatchObject({ status: 200, body: { replicas: [{ state: 'unreachable' }] } });
      expect(await regionName(c, reader, '510000')).toBe('四川省 (lagging)');
    } finally {
      await cluster.startStandby();
    }
    for (const hub of [a, c!]) await until(async () => (await readyz(hub)).body.replicas[0].state === 'ready');
    await cluster.resetStatements();
    expect(await regionName(a, reader, '510000')).toBe('四川省 (lagging)');
    expect(await regionName(c!, reader, '510000')).toBe('四川省 (lagging)');
    expect(await regionReads()).toEqual({ primary: 0, standby: 2 });
    await c!.stop();
  });
});
