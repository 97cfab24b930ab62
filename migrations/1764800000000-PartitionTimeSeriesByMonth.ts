import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The five large time series become tables partitioned by RANGE of their time column, one partition per month of
 * China Standard Time (`<table>_YYYY_MM`: [the month's first instant, the next month's) at UTC+8; for a `date`
 * column, its calendar days). Partitions for new months are created by the hub (src/platform/db/partitions.ts):
 * ahead of time, and for any month a batch writes into. There is no DEFAULT partition: once it held a row of a
 * month, that month's partition could no longer be created (PostgreSQL refuses a partition whose rows sit in the
 * default) without moving the rows out under an exclusive lock, and every attach would scan it.
 *
 * Each table is converted in place, rows kept: its definition is read from the catalog (key, indexes, foreign keys,
 * CHECKs, the generated `series_key`, triggers), the old table renamed and stripped of its index names, the new one
 * created LIKE it, one partition per month its rows need, the rows moved, the old table dropped. `down` does the
 * reverse into a plain table. Old months the hub archives (RETENTION_MONTHS) are detached into the `archive` schema;
 * `retention_horizons` remembers, per table, the instant before which its rows were archived, so the rollups keep the
 * days and hours they computed from those rows instead of recomputing them from nothing.
 */
const TABLES: { table: string; column: string; type: 'timestamptz' | 'date' }[] = [
  { table: 'air_quality_hourly', column: 'observed_at', type: 'timestamptz' },
  { table: 'weather_hourly', column: 'observed_at', type: 'timestamptz' },
  { table: 'traffic_flow_hourly', column: 'observed_at', type: 'timestamptz' },
  { table: 'site_dust_readings', column: 'observed_at', type: 'timestamptz' },
  { table: 'enterprise_electricity_daily', column: 'date', type: 'date' },
];

export class PartitionTimeSeriesByMonth1764800000000 implements MigrationInterface {
  name = 'PartitionTimeSeriesByMonth1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS archive');
    await q.query(`
      CREATE TABLE retention_horizons (
        parent          text PRIMARY KEY,
        archived_before timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION retained_from(parent text) RETURNS timestamptz LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT h.archived_before FROM retention_horizons h WHERE h.parent = retained_from.parent), '-infinity') $$`);
    for (const t of TABLES) await rebuild(q, t, true);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await rebuild(q, t, false);
    await q.query('DROP FUNCTION retained_from(text)');
    await q.query('DROP TABLE retention_horizons');
    // Archived months are the operator's to dump and drop: the schema goes only when nothing is left in it.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = 'archive'::regnamespace) THEN DROP SCHEMA archive; END IF;
    END $$`);
  }
}

interface Definition {
  /** Key, unique and exclusion constraints first (they carry indexes), then foreign keys. */
  constraints: { name: string; def: string; indexed: boolean }[];
  /** Indexes that belong to no constraint. */
  indexes: { name: string; def: string }[];
  triggers: string[];
  /** Columns a row is inserted with (generated ones are computed again). */
  columns: string[];
}

async function definitionOf(q: QueryRunner, table: string): Promise<Definition> {
  const constraints: { name: string; def: string; contype: string }[] = await q.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x', 'f') AND conparentid = 0
     ORDER BY contype = 'f', conname`,
    [table],
  );
  const indexes: { name: string; def: string }[] = await q.query(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid)
     ORDER BY c.relname`,
    [table],
  );
  const triggers: { def: string }[] = await q.query(
    'SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal AND tgparentid = 0 ORDER BY tgname',
    [table],
  );
  const columns: { name: string }[] = await q.query(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
     ORDER BY attnum`,
    [table],
  );
  return {
    constraints: constraints.map((c) => ({ name: c.name, def: c.def, indexed: c.contype !== 'f' })),
    // A partitioned table's index is defined ON ONLY the parent; the rebuilt table's covers it whole.
    indexes: indexes.map((i) => ({ name: i.name, def: i.def.replace(' ON ONLY ', ' ON ') })),
    triggers: triggers.map((t) => t.def),
    columns: columns.map((c) => c.name),
  };
}

/** `table` rebuilt partitioned by month of its time column (`partitioned`), or as one plain table, rows kept. */
async function rebuild(q: QueryRunner, { table, column, type }: (typeof TABLES)[number], partitioned: boolean): Promise<void> {
  const old = `${table}_before_rebuild`;
  const definition = await definitionOf(q, table);
  await q.query(`ALTER TABLE ${table} RENAME TO ${old}`);
  // Index names are unique in the schema: the old table gives its up before the new one takes them.
  for (const c of definition.constraints.filter((c) => c.indexed)) await q.query(`ALTER TABLE ${old} DROP CONSTRAINT ${c.name}`);
  for (const i of definition.indexes) await q.query(`DROP INDEX ${i.name}`);
  await q.query(`CREATE TABLE ${table} (LIKE ${old} INCLUDING ALL EXCLUDING INDEXES)${partitioned ? ` PARTITION BY RANGE (${column})` : ''}`);
  for (const c of definition.constraints) await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${c.name} ${c.def}`);
  for (const i of definition.indexes) await q.query(i.def);
  for (const t of definition.triggers) await q.query(t);
  if (partitioned) {
    const month = type === 'date' ? `to_char(${column}, 'YYYY-MM')` : `to_char((${column} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`;
    const months: { month: string }[] = await q.query(`SELECT DISTINCT ${month} AS month FROM ${old} ORDER BY 1`);
    for (const { month } of months) {
      const [from, to] = bounds(month, type);
      await q.query(`CREATE TABLE ${table}_${month.replace('-', '_')} PARTITION OF ${table} FOR VALUES FROM ('${from}') TO ('${to}')`);
    }
  }
  const columns = definition.columns.join(', ');
  await q.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${old}`);
  await q.query(`DROP TABLE ${old}`);
  // Autovacuum analyses partitions, never a partitioned parent: the planner's estimates over the whole table come from here.
  await q.query(`ANALYZE ${table}`);
}

/** A month's bounds as literals: its first day and the next month's, at 00:00 CST for an instant column. */
function bounds(month: string, type: 'timestamptz' | 'date'): [string, string] {
  const [year, m] = month.split('-').map(Number);
  const next = m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${String(year).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
  const at = type === 'date' ? '' : ' 00:00:00+08';
  return [`${month}-01${at}`, `${next}-01${at}`];
}
