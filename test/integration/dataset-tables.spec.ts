import { Client } from 'pg';
import { expectedTable } from '../../src/datasets/dataset-table';
import { DEFINED_DATASETS } from '../../src/app/modules';
import { indexedFieldsOf, snake } from '../../src/datasets/dataset-spec';

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
    const indexed = indexedFieldsOf(d.spec).map(snake);
    expect(indexed.filter((column) => !leading.some((l) => l.name === column))).toEqual([]);
  });
});
