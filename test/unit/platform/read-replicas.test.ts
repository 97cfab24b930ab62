import { DataSource } from 'typeorm';
import { ChannelHandlers, NotificationListener } from '../../../src/platform/db/notifications';
import { KEY_WRITES_CHANNEL, ReadReplicas, lsnOf } from '../../../src/platform/db/read-replicas';
import { configureLogger } from '../../../src/platform/logger';

configureLogger('silent');

/** WAL positions as PostgreSQL writes them. */
const at = (n: number) => `0/${n.toString(16).toUpperCase()}`;

/** A primary whose WAL position the test moves; it answers the two statements ReadReplicas sends it. */
class FakePrimary {
  position = 1000;
  down = false;
  readonly statements: string[] = [];
  readonly connections: string[] = [];
  readonly driver = { obtainMasterConnection: async () => (this.connections.push('primary'), [{}, () => undefined]) };

  async query(sql: string, params: unknown[] = []): Promise<{ lsn: string }[]> {
    this.statements.push(sql);
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    if (sql.includes('pg_notify')) listener.notify(String(params[0]), `${params[1]} ${at(this.position)}`);
    return [{ lsn: at(this.position) }];
  }
}

/** A hot standby whose replayed position the test sets; null: it replays nothing (promoted). */
class FakeReplica {
  replayed: number | null = 1000;
  down = false;
  isInitialized = true;
  readonly driver = {
    obtainMasterConnection: async () => {
      if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return [{}, () => undefined];
    },
    master: {
      query: async () => {
        if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return { rows: [{ lsn: this.replayed === null ? null : at(this.replayed) }] };
      },
    },
  };

  async initialize(): Promise<void> {
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    this.isInitialized = true;
  }
  async destroy(): Promise<void> {}
}

/** The process's LISTEN connection, with what PostgreSQL would deliver on it. */
class FakeListener {
  private readonly channels = new Map<string, ChannelHandlers>();

  async listen(channel: string, handlers: ChannelHandlers): Promise<void> {
    this.channels.set(channel, handlers);
    await handlers.listening?.();
  }

  async unlisten(channel: string): Promise<void> {
    this.channels.delete(channel);
  }

  notify(channel: string, payload: string): void {
    this.channels.get(channel)?.notified(payload);
  }

  lose(): void {
    for (const h of this.channels.values()) h.lost?.();
  }

  async listenAgain(): Promise<void> {
    for (const h of this.channels.values()) await h.listening?.();
  }
}

let listener: FakeListener;
let now: number;
let primary: FakePrimary;
let a: FakeReplica;
let b: FakeReplica;
/** Each test's set, stopped after it (its own checks run on a timer once started). */
let running: ReadReplicas | undefined;

async function started(replicas: FakeReplica[], maxLagMs = 5_000): Promise<ReadReplicas> {
  const set = new ReadReplicas(
    primary as unknown as DataSource,
    replicas.map((r, i) => ({ db: r as unknown as DataSource, url: `postgres://hub:secret@replica${i}:5432/lantian` })),
    maxLagMs,
    () => now,
  );
  await set.start(listener as unknown as NotificationListener);
  running = set;
  return set;
}

/** Which replica (by its place in `replicas`) serves the key's reads now; -1: the primary. */
const readerOf = (set: ReadReplicas, keyId: string, replicas: FakeReplica[]) =>
  replicas.indexOf(set.readerFor(keyId) as unknown as FakeReplica);

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

beforeEach(() => {
  listener = new FakeListener();
  now = 0;
  primary = new FakePrimary();
  a = new FakeReplica();
  b = new FakeReplica();
});

test('WAL positions read as numbers of bytes', () => {
  expect(lsnOf('0/3003968')).toBe(0x3003968n);
  expect(lsnOf('16/B374D848')).toBe(0x16b374d848n);
  expect(lsnOf('1/0') > lsnOf('0/FFFFFFFF')).toBe(true);
});

describe('read replicas', () => {
  test('a writer reads from the primary until a replica has replayed its write; other keys stay on the replica', async () => {
    const set = await started([a]);
    expect(readerOf(set, 'writer', [a])).toBe(0);
    primary.position = 1500;
    await set.wrote('writer');
    // The position and the announcement are one statement on the primary.
    expect(primary.statements.filter((s) => s.includes('pg_notify'))).toHaveLength(1);
    await set.check();
    expect(readerOf(set, 'writer', [a])).toBe(-1);
    expect(readerOf(set, 'reader', [a])).toBe(0);
    a.replayed = 1499;
    await set.check();
    expect(readerOf(set, 'writer', [a])).toBe(-1);
    a.replayed = 1500;
    await set.check();
    expect(readerOf(set, 'writer', [a])).toBe(0);
  });

  test('a write announced by another hub process holds the key to the primary here too', async () => {
    const set = await started([a]);
    primary.position = 2000;
    listener.notify(KEY_WRITES_CHANNEL, `elsewhere ${at(2000)}`);
    expect(readerOf(set, 'elsewhere', [a])).toBe(-1);
    expect(readerOf(set, 'other', [a])).toBe(0);
    a.replayed = 2000;
    await set.check();
    expect(readerOf(set, 'elsewhere', [a])).toBe(0);
  });

  test('a write whose position cannot be read holds the key until a check reads the primary again', async () => {
    const set = await started([a]);
    primary.down = true;
    await set.wrote('writer');
    expect(readerOf(set, 'writer', [a])).toBe(-1);
    primary.down = false;
    primary.position = 1800;
    await set.check();
    expect(readerOf(set, 'writer', [a])).toBe(-1);
    a.replayed = 1800;
    await set.check();
    expect(readerOf(set, 'writer', [a])).toBe(0);
  });

  test('replicas take turns, and one behind a key’s write is passed over for one that has it', async () => {
    const set = await started([a, b]);
    expect([1, 2, 3, 4].map(() => readerOf(set, 'reader', [a, b]))).toEqual([0, 1, 0, 1]);
    primary.position = 1200;
    await set.wrote('writer');
    b.replayed = 1200;
    a.replayed = 1100;
    await set.check();
    expect([1, 2, 3].map(() => readerOf(set, 'writer', [a, b]))).toEqual([1, 1, 1]);
  });

  test('a replica further behind than the allowed lag serves nobody until it catches up', async () => {
    const set = await started([a], 1_000);
    a.replayed = 1000;
    primary.position = 1100;
    now = 200;
    await set.check();
    // It still has all the primary had 1 s ago (at 0 ms: 1000).
    expect(readerOf(set, 'reader', [a])).toBe(0);
    now = 1_100;
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(-1);
    expect(set.status()).toEqual([{ server: 'replica0:5432/lantian', state: 'lagging', behindBytes: 100 }]);
    a.replayed = 1100;
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(0);
    expect(set.status()[0]).toEqual({ server: 'replica0:5432/lantian', state: 'ready', behindBytes: 0 });
  });

  test('an unreachable replica, or one that replays nothing (promoted), serves nobody', async () => {
    const set = await started([a]);
    a.down = true;
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(-1);
    expect(set.status()[0].state).toBe('unreachable');
    a.down = false;
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(0);
    a.replayed = null;
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(-1);
    expect(set.status()[0].state).toBe('not-a-standby');
  });

  test('while writes are not heard nobody reads from a replica; heard again, only from one that replayed what the primary had then', async () => {
    const set = await started([a]);
    listener.lose();
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(-1);
    // A write by another process while nothing was heard.
    primary.position = 3000;
    await listener.listenAgain();
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(-1);
    a.replayed = 3000;
    await set.check();
    expect(readerOf(set, 'reader', [a])).toBe(0);
  });

  test('a replica down when the hub starts is connected at a later check', async () => {
    a.isInitialized = false;
    a.down = true;
    const set = await started([a]);
    expect(set.status()[0].state).toBe('unreachable');
    expect(readerOf(set, 'reader', [a])).toBe(-1);
    a.down = false;
    await set.check();
    expect(a.isInitialized).toBe(true);
    expect(readerOf(set, 'reader', [a])).toBe(0);
  });

  test('a connection the replica cannot give comes from the primary, and the replica is taken out at once', async () => {
    const set = await started([a]);
    a.down = true;
    const driver = a.driver as unknown as { obtainMasterConnection(): Promise<unknown> };
    await expect(driver.obtainMasterConnection()).resolves.toBeDefined();
    expect(primary.connections).toEqual(['primary']);
    expect(readerOf(set, 'reader', [a])).toBe(-1);
  });
});
