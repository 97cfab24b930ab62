import type { DataSource, QueryRunner } from 'typeorm';
import { cstDay } from '../cst';
import type { Queryable } from './queryable';
import { readCommittedTransaction } from './transaction';

/**
 * Month partitions of the large time series (migrations/1764800000000-PartitionTimeSeriesByMonth.ts): a table
 * partitioned by RANGE of a time column holds one partition per month of China Standard Time, named
 * `<table>_YYYY_MM`. This module is their one home of SQL: which months exist, creating missing ones, and detaching
 * old ones into the `archive` schema. There is no DEFAULT partition: a row of a month without its partition is
 * refused by PostgreSQL, so a writer creates the months of its rows first (`ensureMonths`).
 *
 * Locks. `CREATE TABLE … PARTITION OF` would take an ACCESS EXCLUSIVE lock on the parent, stopping every reader;
 * creating the table alone and then `ATTACH PARTITION` takes only SHARE UPDATE EXCLUSIVE, which readers and writers
 * pass. But attaching gives the partition the parent's foreign keys, whose triggers live on the referenced tables
 * (`ingest_batches`, the stations…): that takes a SHARE ROW EXCLUSIVE lock on them, which waits for every write in
 * flight (each holds a ROW EXCLUSIVE lock on `ingest_batches`) and holds up new ones while it waits. So a creation
 * runs in a short transaction of its own, never inside a write's, with a short `lock_timeout`, and tries again after
 * a pause: writes go on between attempts. Creators of one table (hub processes, concurrent batches) queue on an
 * advisory lock and look again once they hold it, so a month is created once.
 */

/** A table partitioned by the CST month of one time column. */
export interface MonthPartitioned {
  table: string;
  column: string;
  /** `timestamptz`: a month is [its first instant, the next month's first) at UTC+8; `date`: its calendar days. */
  type: 'timestamptz' | 'date';
}

/** Where archived months go: detached tables that an operator dumps (`pg_dump -n archive`) and drops. */
export const ARCHIVE_SCHEMA = 'archive';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const CST_OFFSET_MS = 8 * 3_600_000;

/** The CST month `YYYY-MM` of an instant, or of a day `YYYY-MM-DD`. */
export function monthOf(value: Date | string): string {
  return (typeof value === 'string' ? value : cstDay(value)).slice(0, 7);
}

/** The month `count` months after `month` (before, if negative). */
export function addMonths(month: string, count: number): string {
  const [, year, m] = MONTH.exec(month)!.map(Number);
  const index = year * 12 + (m - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first instant of a month (CST). */
export function monthStart(month: string): Date {
  return new Date(Date.parse(`${month}-01T00:00:00Z`) - CST_OFFSET_MS);
}

export function partitionName(table: string, month: string): string {
  return `${table}_${month.replace('-', '_')}`;
}

/** The month a partition of `table` holds, from its name; null for a table the hub did not name. */
export function monthOfPartition(table: string, name: string): string | null {
  const match = new RegExp(`^${table}_(\\d{4})_(\\d{2})$`).exec(name);
  return match ? `${match[1]}-${match[2]}` : null;
}

/** `FOR VALUES FROM (…) TO (…)` of a month. */
function boundsSql(p: MonthPartitioned, month: string): string {
  const at = p.type === 'date' ? '' : ' 00:00:00+08';
  return `FOR VALUES FROM ('${month}-01${at}') TO ('${addMonths(month, 1)}-01${at}')`;
}

/** Every month an instant or day of `values` lies in, gathered a row at a time (rows mostly share a month). */
export class MonthSet {
  readonly months = new Set<string>();
  // The last instant's month as [first, next first) in epoch ms: most rows of a batch fall in it, and skip the work.
  private from = 0;
  private to = 0;

  add(value: Date | string | null | undefined): void {
    if (typeof value === 'string') {
      this.months.add(monthOf(value));
    } else if (value instanceof Date) {
      const t = value.getTime();
      if (t >= this.from && t < this.to) return;
      const month = monthOf(value);
      this.months.add(month);
      this.from = monthStart(month).getTime();
      this.to = monthStart(addMonths(month, 1)).getTime();
    }
  }
}

/** A partition of the table, attached. */
export interface MonthPartition {
  name: string;
  month: string;
}

/** The months the table has attached partitions for, oldest first (partitions the hub did not name are left out). */
export async function attachedMonths(db: Queryable, p: MonthPartitioned): Promise<MonthPartition[]> {
  const rows: { name: string }[] = await db.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass AND NOT i.inhdetachpending`,
    [checked(p.table)],
  );
  return rows
    .map(({ name }) => ({ name, month: monthOfPartition(p.table, name) }))
    .filter((x): x is MonthPartition => x.month !== null)
    .sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * The newest month before `before` whose partition held rows when the table's statistics were last gathered
 * (`pg_class.reltuples`, kept by ANALYZE and autovacuum), or null: a read of the catalog, not of the rows. It may lag
 * the rows by an autovacuum cycle, so it only says where to look first, never what is there.
 */
export async function newestCountedMonth(db: Queryable, table: string, before: string): Promise<string | null> {
  const [{ name }]: { name: string | null }[] = await db.query(
    `SELECT max(c.relname) AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass AND NOT i.inhdetachpending AND c.reltuples > 0 AND c.relname < $2::name
       AND c.relname ~ ('^' || $3 || '_[0-9]{4}_[0-9]{2}$')`,
    [checked(table), partitionName(table, before), table],
  );
  return name && monthOfPartition(table, name);
}

export interface EnsureOptions {
  /** Stops waiting (the write was aborted). */
  signal?: AbortSignal;
  /** Gives up once this long has passed without getting the locks (default: tries until done or aborted). */
  withinMs?: number;
}

/**
 * Months created per transaction. Each month's CREATE and ATTACH hold ACCESS EXCLUSIVE locks on six to eight new
 * relations until commit (the table, its TOAST table and index, the indexes ATTACH builds), and the lock table all
 * sessions share has room for `max_locks_per_transaction` × connections: a backfill of years in one transaction
 * could fill it.
 */
export const MONTHS_PER_TRANSACTION = 12;

/**
 * Creates the partitions of `months` the table lacks, oldest first, `MONTHS_PER_TRANSACTION` to a transaction of its
 * own (never inside a write's: see the locks above). Returns the months it created; a month another process or batch
 * created meanwhile is not among them. A failure leaves the groups committed before it in place.
 */
export async function ensureMonths(db: DataSource, p: MonthPartitioned, months: Iterable<string>, options: EnsureOptions = {}): Promise<string[]> {
  const wanted = [...new Set(months)].sort();
  for (const month of wanted) if (!MONTH.test(month)) throw new Error(`not a month: ${month}`);
  const lacking = wanted.length ? await missing(db, p, wanted) : [];
  const created: string[] = [];
  const started = Date.now();
  for (let i = 0; i < lacking.length; i += MONTHS_PER_TRANSACTION) {
    const group = lacking.slice(i, i + MONTHS_PER_TRANSACTION);
    for (let attempt = 0; ; attempt++) {
      options.signal?.throwIfAborted();
      try {
        const preamble = [`SET LOCAL lock_timeout = '${lockTimeoutMs(attempt)}ms'`, partitionsLockSql(p.table)];
        created.push(...(await readCommittedTransaction(db, preamble, (tx) => createMonths(tx, p, group))));
        break;
      } catch (error) {
        if (!isLockTimeout(error) || (options.withinMs !== undefined && Date.now() - started >= options.withinMs)) throw error;
        await pause(backoffMs(attempt), options.signal);
      }
    }
  }
  return created;
}

async function missing(db: Queryable, p: MonthPartitioned, months: string[]): Promise<string[]> {
  const names = months.map((m) => partitionName(p.table, m));
  const rows: { name: string }[] = await db.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass AND NOT i.inhdetachpending AND c.relname = ANY($2::text[])`,
    [checked(p.table), names],
  );
  const present = new Set(rows.map((r) => r.name));
  return months.filter((m) => !present.has(partitionName(p.table, m)));
}

/** Inside a transaction holding the table's partitions lock (with its lock timeout): the months still lacking, created. */
async function createMonths(tx: Queryable, p: MonthPartitioned, months: string[]): Promise<string[]> {
  const created = await missing(tx, p, months);
  for (const month of created) {
    const name = partitionName(p.table, month);
    // The parent's columns, generated column, defaults and CHECKs; ATTACH adds its indexes and foreign keys. One
    // round trip: a string of two statements of constants.
    await tx.query(`CREATE TABLE ${name} (LIKE ${p.table} INCLUDING ALL EXCLUDING INDEXES); ALTER TABLE ${p.table} ATTACH PARTITION ${name} ${boundsSql(p, month)}`);
  }
  return created;
}

/**
 * The one lock every change of a table's partitions takes (creating, archiving): per table, shared by every hub
 * process. This statement takes it for the transaction; `tryLockPartitionsOf` for the session, released by
 * `unlockPartitionsOf`. Of constants only (a plain table name), so that it can open a transaction's string.
 */
function partitionsLockSql(table: string): string {
  return `SELECT pg_advisory_xact_lock(hashtext('lantian partitions'), hashtext('${checked(table)}'))`;
}

/** Takes the session lock of a table's partitions if free; false when another process is changing them. */
export async function tryLockPartitionsOf(session: QueryRunner, table: string): Promise<boolean> {
  const [{ locked }] = await session.query(`SELECT pg_try_advisory_lock(hashtext('lantian partitions'), hashtext($1)) AS locked`, [table]);
  return locked;
}

export async function unlockPartitionsOf(session: QueryRunner, table: string): Promise<void> {
  await session.query(`SELECT pg_advisory_unlock(hashtext('lantian partitions'), hashtext($1))`, [table]);
}

/**
 * Detaches a month's partition (`DETACH PARTITION … CONCURRENTLY`: readers and writers of the other months go on)
 * and moves it into the archive schema, renamed `<name>_2`, `_3`… when a copy of that month is archived already (a
 * late row re-created the month). A detach an earlier attempt left pending is finished (`FINALIZE`). Runs on a
 * session outside any transaction, holding `tryLockPartitionsOf`. Returns the archived table's qualified name.
 */
export async function archiveMonth(session: QueryRunner, p: MonthPartitioned, month: string, lockTimeoutMs: number): Promise<string> {
  const name = partitionName(p.table, month);
  const [attached]: { pending: boolean }[] = await session.query(
    'SELECT inhdetachpending AS pending FROM pg_inherits WHERE inhparent = $1::regclass AND inhrelid = to_regclass($2)',
    [checked(p.table), name],
  );
  if (attached) {
    await session.query(`SET lock_timeout = '${lockTimeoutMs}ms'`);
    try {
      await session.query(`ALTER TABLE ${p.table} DETACH PARTITION ${name} ${attached.pending ? 'FINALIZE' : 'CONCURRENTLY'}`);
    } finally {
      await session.query('RESET lock_timeout');
    }
  }
  return moveToArchive(session, name);
}

/**
 * Finishes what an interrupted archiving left: a detach still pending (`FINALIZE`), a detached month still in the
 * public schema. Returns the qualified names it archived.
 */
export async function finishArchiving(session: QueryRunner, p: MonthPartitioned, lockTimeoutMs: number): Promise<string[]> {
  const pending: { name: string }[] = await session.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass AND i.inhdetachpending`,
    [checked(p.table)],
  );
  await session.query(`SET lock_timeout = '${lockTimeoutMs}ms'`);
  try {
    for (const { name } of pending) await session.query(`ALTER TABLE ${p.table} DETACH PARTITION ${name} FINALIZE`);
  } finally {
    await session.query('RESET lock_timeout');
  }
  // Named like a partition of the table, in its schema, yet no partition: detached by an archiving that stopped there.
  const detached: { name: string }[] = await session.query(
    `SELECT c.relname AS name FROM pg_class c
     WHERE c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = $1::regclass) AND c.relkind = 'r' AND NOT c.relispartition
       AND c.relname ~ ('^' || $2 || '_[0-9]{4}_[0-9]{2}$')`,
    [p.table, p.table],
  );
  const archived: string[] = [];
  for (const { name } of detached) archived.push(await moveToArchive(session, name));
  return archived;
}

async function moveToArchive(session: QueryRunner, name: string): Promise<string> {
  const [{ taken }]: { taken: string[] }[] = await session.query(
    `SELECT coalesce(array_agg(relname), '{}') AS taken FROM pg_class WHERE relnamespace = $1::regnamespace AND relname LIKE $2 || '%'`,
    [ARCHIVE_SCHEMA, name],
  );
  let archivedName = name;
  for (let n = 2; taken.includes(archivedName); n++) archivedName = `${name}_${n}`;
  await session.startTransaction();
  try {
    if (archivedName !== name) {
      // Index names are unique in a schema too: the copy's follow its new name.
      const indexes: { name: string }[] = await session.query('SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = $1::regclass', [name]);
      for (const index of indexes) {
        const renamed = index.name.startsWith(name) ? archivedName + index.name.slice(name.length) : `${index.name}_${archivedName.slice(name.length + 1)}`;
        await session.query(`ALTER INDEX ${index.name} RENAME TO ${renamed}`);
      }
      await session.query(`ALTER TABLE ${name} RENAME TO ${archivedName}`);
    }
    await session.query(`ALTER TABLE ${archivedName} SET SCHEMA ${ARCHIVE_SCHEMA}`);
    await session.commitTransaction();
  } catch (error) {
    await session.rollbackTransaction();
    throw error;
  }
  return `${ARCHIVE_SCHEMA}.${archivedName}`;
}

/** Refreshes the planner's statistics of the whole table (autovacuum analyses each partition, never the parent). */
export async function analyzeWhole(db: Queryable, p: MonthPartitioned): Promise<void> {
  await db.query(`ANALYZE ${checked(p.table)}`);
}

/** Table names reach SQL as identifiers: only plain lower-case ones, as every hub table is named. */
function checked(table: string): string {
  if (!IDENTIFIER.test(table)) throw new Error(`not a plain table name: ${table}`);
  return table;
}

/** lock_not_available: a lock_timeout ran out (TypeORM wraps the driver's error, with its code). */
export function isLockTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  return e?.code === '55P03' || e?.driverError?.code === '55P03';
}

/**
 * The lock wait of an attempt. Writes queue behind it while it waits, so it stays short: long enough for the writes
 * in flight to commit, never long enough to stall the others behind a long one (a bulk load's merge), which an
 * attempt waits out by trying again.
 */
const lockTimeoutMs = (attempt: number) => Math.min(100 * 2 ** attempt, 500);
/** The pause between attempts, in which writes held up behind the attempt go on. */
const backoffMs = (attempt: number) => Math.min(50 * 2 ** attempt, 2_000);

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
