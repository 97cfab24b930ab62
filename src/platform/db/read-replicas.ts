import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { logger } from '../logger';
import { ChannelHandlers, NotificationListener } from './notifications';

/** Where a hub process announces that a key wrote: `<keyId> <WAL position after the write>`. */
export const KEY_WRITES_CHANNEL = 'lantian_key_writes';

/** How often each process reads the primary's WAL position and what each replica has replayed. */
export const REPLICA_CHECK_MS = 200;
/** A replica that does not answer its check within this is taken for unreachable. */
const CHECK_TIMEOUT_MS = 2_000;
/** Keys whose last write is remembered; past it, the oldest write is made every read's to wait for. */
const MAX_KEY_WRITES = 100_000;

/** A WAL position (`16/B374D848`) as a number of bytes. */
export function lsnOf(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * `ready`: serves reads; `lagging`: further behind the primary than the allowed lag (or the writes of other processes
 * are not heard right now); `unreachable`: does not answer; `not-a-standby`: answers but replays no WAL (promoted, or
 * not a replica at all): its data may have parted from the primary's, and it is never read.
 */
export type ReplicaState = 'ready' | 'lagging' | 'unreachable' | 'not-a-standby';

export interface ReplicaStatus {
  /** host:port/database, without credentials. */
  server: string;
  state: ReplicaState;
  /** WAL the replica has still to replay, at the last check. */
  behindBytes: number | null;
}

interface Replica {
  db: DataSource;
  server: string;
  state: ReplicaState;
  /** WAL replayed at the last check. */
  replayed: bigint | null;
  behindBytes: number | null;
  /** The DataSource being initialised (TypeORM connects once to do it: a replica down stays uninitialised till a check). */
  connecting?: Promise<void>;
}

/**
 * Read replicas (PostgreSQL hot standbys streaming from the primary) and which of them may serve a key's reads now.
 *
 * - A replica serves reads while it has replayed what the primary had `maxLagMs` ago: every process checks the
 *   primary's WAL position and each replica's replayed position every `REPLICA_CHECK_MS` (two small statements), so a
 *   request's choice costs no statement.
 * - Read-your-writes: after a key's write (`wrote`), the key's reads go to the primary until a replica has replayed
 *   the WAL position the primary had reached after it. The position is announced on `KEY_WRITES_CHANNEL` before the
 *   write is answered, so every hub process holds the key to it. While those announcements cannot be heard (the
 *   listening connection is down), no replica serves anyone, and once they are heard again, replicas serve only after
 *   replaying what the primary had then: a write announced meanwhile is never missed.
 * - A replica that fails is never a failed read: its connections are opened on the primary instead
 *   (`fallBackToPrimary`) until the next check takes it out.
 */
export class ReadReplicas {
  private readonly replicas: Replica[];
  /** The primary's WAL positions at each check, oldest first, over the last `maxLagMs`. */
  private samples: { at: number; lsn: bigint }[] = [];
  /** Per key, the primary's WAL position after its last write. */
  private readonly keyWrites = new Map<string, bigint>();
  /** Keys whose write position could not be read: the next position read from the primary is theirs. */
  private readonly keysAwaitingCheck = new Set<string>();
  /** What every read needs replayed; null while the announcements of writes are not heard. */
  private floor: bigint | null = null;
  private next = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private listener?: NotificationListener;
  private readonly heard: ChannelHandlers = {
    notified: (payload) => {
      const [keyId, lsn] = payload.split(' ');
      if (keyId && lsn) this.keyWrote(keyId, lsnOf(lsn));
    },
    listening: async () => {
      this.floor = await this.primaryPosition();
    },
    lost: () => {
      this.floor = null;
    },
  };

  constructor(
    private readonly primary: DataSource,
    replicas: { db: DataSource; url: string }[],
    private readonly maxLagMs: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.replicas = replicas.map(({ db, url }) => {
      const u = new URL(url);
      return { db, server: `${u.hostname}:${u.port || 5432}${u.pathname}`, state: 'lagging', replayed: null, behindBytes: null };
    });
    for (const replica of this.replicas) {
      fallBackToPrimary(replica.db, primary, (error) => this.failed(replica, error));
    }
  }

  /** The replicas' DataSources, each to build a request's services on. */
  get dataSources(): DataSource[] {
    return this.replicas.map((r) => r.db);
  }

  /** Hears the writes of every process, connects and checks the replicas (one down now is tried at each check). */
  async start(listener: NotificationListener): Promise<void> {
    if (this.listener) return;
    this.listener = listener;
    await listener.listen(KEY_WRITES_CHANNEL, this.heard);
    await this.check();
    this.schedule();
  }

  /** Stops checking and hearing writes: every read goes to the primary from now on. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.floor = null;
    for (const replica of this.replicas) replica.state = 'lagging';
    const listener = this.listener;
    this.listener = undefined;
    await listener?.unlisten(KEY_WRITES_CHANNEL, this.heard);
  }

  /** Closes the replicas' connections. */
  async close(): Promise<void> {
    await this.stop();
    await Promise.all(this.replicas.map((r) => r.connecting?.catch(() => undefined)));
    await Promise.all(this.replicas.filter((r) => r.db.isInitialized).map((r) => r.db.destroy()));
  }

  /** A replica for the reads of `keyId` now, taking turns; undefined: the primary. */
  readerFor(keyId: string): DataSource | undefined {
    if (this.keysAwaitingCheck.has(keyId)) return undefined;
    const wrote = this.keyWrites.get(keyId) ?? 0n;
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length];
      if (replica.state === 'ready' && replica.replayed! >= wrote) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica.db;
      }
    }
    return undefined;
  }

  /**
   * After a key's write committed and before it is answered: the primary's WAL position now (past the write's commit,
   * which has been flushed), kept for the key here and announced to the other processes, in one statement.
   */
  async wrote(keyId: string): Promise<void> {
    try {
      const [{ lsn }]: { lsn: string }[] = await this.primary.query(
        `SELECT position::text AS lsn, pg_notify($1, $2 || ' ' || position::text) FROM pg_current_wal_lsn() AS position`,
        [KEY_WRITES_CHANNEL, keyId],
      );
      this.keyWrote(keyId, lsnOf(lsn));
    } catch (error) {
      logger.warn({ err: error, keyId }, 'read replicas: the position of a write could not be read; the key reads from the primary until the next check');
      this.keysAwaitingCheck.add(keyId);
    }
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ server, state, behindBytes }) => ({ server, state, behindBytes }));
  }

  private keyWrote(keyId: string, lsn: bigint): void {
    this.keyWrites.set(keyId, max(this.keyWrites.get(keyId) ?? 0n, lsn));
    if (this.keyWrites.size <= MAX_KEY_WRITES) return;
    const [oldestKey, oldestLsn] = this.keyWrites.entries().next().value!;
    this.keyWrites.delete(oldestKey);
    if (this.floor !== null) this.floor = max(this.floor, oldestLsn);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.check().finally(() => {
        if (this.timer) this.schedule();
      });
    }, REPLICA_CHECK_MS);
    this.timer.unref();
  }

  /** Reads the primary's position and each replica's (every `REPLICA_CHECK_MS` once started). */
  async check(): Promise<void> {
    const now = this.clock();
    const position = await this.primaryPosition().catch(() => undefined);
    if (position !== undefined) {
      this.samples.push({ at: now, lsn: position });
      for (const keyId of this.keysAwaitingCheck) this.keyWrote(keyId, position);
      this.keysAwaitingCheck.clear();
    }
    while (this.samples.length && this.samples[0].at < now - this.maxLagMs) this.samples.shift();
    // What the primary had `maxLagMs` ago (the oldest position read since): a replica must have replayed it.
    const due = this.samples[0]?.lsn;
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, due, position)));
    for (const [keyId, lsn] of this.keyWrites) {
      if (this.replicas.every((r) => r.replayed !== null && r.replayed >= lsn)) this.keyWrites.delete(keyId);
    }
  }

  private async checkReplica(replica: Replica, due: bigint | undefined, primaryPosition: bigint | undefined): Promise<void> {
    let state: ReplicaState;
    try {
      const replayed = this.connected(replica).then(() => poolOf(replica.db).query('SELECT pg_last_wal_replay_lsn()::text AS lsn'));
      const { rows: [{ lsn }] } = await withTimeout(replayed, CHECK_TIMEOUT_MS);
      replica.replayed = lsn === null ? null : lsnOf(lsn);
      replica.behindBytes = replica.replayed !== null && primaryPosition !== undefined ? Math.max(0, Number(primaryPosition - replica.replayed)) : null;
      if (replica.replayed === null) state = 'not-a-standby';
      else state = due !== undefined && this.floor !== null && replica.replayed >= max(due, this.floor) ? 'ready' : 'lagging';
    } catch (error) {
      replica.replayed = null;
      replica.behindBytes = null;
      state = 'unreachable';
      if (replica.state !== 'unreachable') logger.warn({ err: error, replica: replica.server }, 'read replica unreachable: its reads go to the primary');
    }
    if (state !== replica.state) logger.info({ replica: replica.server, state, was: replica.state }, 'read replica state');
    replica.state = state;
  }

  private async connected(replica: Replica): Promise<void> {
    if (replica.db.isInitialized) return;
    replica.connecting ??= replica.db
      .initialize()
      .then(() => undefined)
      .finally(() => {
        replica.connecting = undefined;
      });
    await replica.connecting;
  }

  /** A connection to the replica could not be had (a request's, before the next check noticed). */
  private failed(replica: Replica, error: unknown): void {
    if (replica.state === 'unreachable') return;
    replica.state = 'unreachable';
    logger.warn({ err: error, replica: replica.server }, 'read replica unreachable: its reads go to the primary');
  }

  private async primaryPosition(): Promise<bigint> {
    const [{ lsn }]: { lsn: string }[] = await this.primary.query('SELECT pg_current_wal_lsn()::text AS lsn');
    return lsnOf(lsn);
  }
}

interface Pool {
  query(text: string): Promise<{ rows: { lsn: string | null }[] }>;
}

/** The node-postgres pool of a DataSource, for statements that must reach that server and no other. */
function poolOf(db: DataSource): Pool {
  return (db.driver as PostgresDriver).master as Pool;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connections of `replica` are opened on `primary` whenever the replica cannot give one (down, restarting,
 * unreachable, refusing): the request sent there before a check noticed still gets its answer. Installed on
 * TypeORM's driver, through which every query runner of the DataSource connects.
 */
function fallBackToPrimary(replica: DataSource, primary: DataSource, onFallback: (error: unknown) => void): void {
  const driver = replica.driver as PostgresDriver;
  const own = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    try {
      return await own();
    } catch (error) {
      onFallback(error);
      return (primary.driver as PostgresDriver).obtainMasterConnection();
    }
  };
}
