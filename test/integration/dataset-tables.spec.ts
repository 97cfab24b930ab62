import { Client } from 'pg';
import { expectedTable } from '../../src/datasets/dataset-table';
import { DEFINED_DATASETS } from '../../src/app/modules';
import { indexedFieldsOf, snake } from '../../src/datasets/dataset-spec';
import { WhereInput } from '../../src/datasets/where-input';
import { REGION_WHERE } from '../../src/regions/region.types';
import { AIR_STATION_WHERE } from '../../src/feeds/ecology/air-station.types';
import { AIR_QUALITY_WHERE } from '../../src/feeds/ecology/air-quality.types';
import { CITY_TARGET_WHERE } from '../../src/feeds/command-center/city-target.types';
import { ACCESS_LOG_WHERE, AUDIT_ENTRY_WHERE } from '../../src/admin/audit.types';

/**
 * Every dataset spec against the table the migrations built: columns, types, NOT NULL and primary key agree, and
 * every field a `where` or `orderBy` treats as indexed leads a btree index (a BRIN cannot order a page).
 */
const PG_TYPES: Record<string, string> = {
  text: 'text', int: 'integer', float8: 'double precision', boolean: 'boolean', date: 'date', timestamptz: 'timestamp with time zone', uuid: 'uuid',
};

describe('dataset specs and their migrated tables', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: process.env.LANTIAN_TEST_TEMPLATE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  test.each(DEFINED_DATASETS.map((d) => [d.spec.id, d] as const))('%s', async (_id, d) => {
    const expected = expectedTable(d.spec);
    const { rows: columns } = await client.query(
      `SELECT column_name AS name, data_type AS type, is_nullable = 'NO' AS "notNull" FROM information_schema.columns
       WHERE table_name = $1 ORDER BY column_name`,
      [expected.table],
    );
    expect(columns).toEqual(
      expected.columns.map((c) => ({ ...c, type: PG_TYPES[c.type] })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    // The key's own columns: a key may carry others in its index (INCLUDE), which are not part of it.
    const { rows: key } = await client.query(
      `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY((i.indkey::int2[])[0:i.indnkeyatts - 1])
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      [expected.table],
    );
    expect(key.map((k) => k.name)).toEqual(expected.primaryKey);
    const { rows: leading } = await client.query(
      `SELECT DISTINCT a.attname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
       WHERE i.indrelid = $1::regclass AND am.amname = 'btree'`,
      [expected.table],
    );
    const indexed = [...indexedFieldsOf(d.spec), ...(d.spec.regionVia ? [d.spec.regionVia] : [])].map(snake);
    expect(indexed.filter((column) => !leading.some((l) => l.name === column))).toEqual([]);
  });

  /** The hand-written lists' wheres: each field's column (the one its condition tests) leads a btree index of the list's table. */
  const HAND_WRITTEN: [string, WhereInput][] = [
    ['regions', REGION_WHERE],
    ['air_stations', AIR_STATION_WHERE],
    ['air_quality_hourly', AIR_QUALITY_WHERE],
    ['city_targets', CITY_TARGET_WHERE],
    ['audit_log', AUDIT_ENTRY_WHERE],
    ['audit_log', ACCESS_LOG_WHERE],
  ];
  test.each(HAND_WRITTEN.map(([table, where]) => [`${table}: ${where.fields.map((f) => f.name).join(', ')}`, table, where] as const))(
    'the where of %s',
    async (_name, table, where) => {
      const { rows: indexes } = await client.query(
        `SELECT am.amname AS method, pg_get_indexdef(i.indexrelid, 1, true) AS leading FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = $1::regclass`,
        [table],
      );
      const unindexed = where.fields
        .map((f) => f.sql.replace(/^\w+\./, ''))
        // An audit entry's datasets (`touched`, read || written) are found by a GIN index on both arrays.
        .map((column) => (column === 'touched' ? '(datasets_read || datasets_written)' : column))
        .filter((column) => !indexes.some((i) => i.leading === column && (i.method === 'btree' || column.startsWith('('))));
      expect(unindexed).toEqual([]);
    },
  );
});
