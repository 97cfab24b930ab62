import { buildUpsertSql, countChangedSql, reducedChangedKeysSql, upsertParameters } from '../../../src/ingest/upsert';

const spec = {
  table: 'air_stations',
  conflict: ['code'],
  columns: [
    { name: 'code', type: 'text', key: true, value: (r: any) => r.code },
    { name: 'name', type: 'text', value: (r: any) => r.name },
    { name: 'monitored_pollutants', type: 'text[]', value: (r: any) => r.monitored },
  ],
};

describe('set-based upsert', () => {
  const sql = buildUpsertSql(spec).replace(/\s+/g, ' ');

  test('one INSERT … SELECT FROM unnest … ON CONFLICT statement for the whole batch', () => {
    expect(sql).toContain('INSERT INTO air_stations AS t (code, name, monitored_pollutants, batch_id)');
    expect(sql).toContain('FROM unnest($1::text[], $2::text[], $3::text[]) AS u(code, name, monitored_pollutants)');
    expect(sql).toContain('ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, monitored_pollutants = EXCLUDED.monitored_pollutants, batch_id = EXCLUDED.batch_id');
  });

  test('identical rows are left alone, so a re-sent batch changes nothing', () => {
    expect(sql).toContain('WHERE (t.name, t.monitored_pollutants) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.monitored_pollutants)');
  });

  test('each column travels as one array literal; an array value as an escaped literal within it', () => {
    const params = upsertParameters(spec, [{ code: 'A', name: 'x', monitored: ['PM2_5', 'a"b'] }, { code: 'B', name: null, monitored: [] }], 'batch');
    expect(params).toEqual(['{"A","B"}', '{"x",NULL}', '{"{\\"PM2_5\\",\\"a\\\\\\"b\\"}","{}"}', 'batch']);
  });

  test('numbers, instants and booleans unquoted, text quoted and escaped, null as NULL', () => {
    const typed = {
      table: 't',
      conflict: ['a'],
      columns: [
        { name: 'a', type: 'float8', key: true, value: (r: any) => r.a },
        { name: 'b', type: 'timestamptz', value: (r: any) => r.b },
        { name: 'c', type: 'boolean', value: (r: any) => r.c },
        { name: 'd', type: 'text', value: (r: any) => r.d },
      ],
    };
    const rows = [
      { a: 1.5e-7, b: new Date('2013-03-01T01:00:00+08:00'), c: true, d: 'NULL' },
      { a: null, b: null, c: false, d: 'back\\slash, "quote" {brace}' },
    ];
    expect(upsertParameters(typed, rows, 'batch')).toEqual([
      '{1.5e-7,NULL}',
      '{2013-02-28T17:00:00.000Z,NULL}',
      '{t,f}',
      '{"NULL","back\\\\slash, \\"quote\\" {brace}"}',
      'batch',
    ]);
  });

  describe('what comes back of the changed rows', () => {
    const write = 'INSERT INTO t AS t (a, at, v, batch_id) SELECT … RETURNING t.a, t.at';

    test('their count alone, when nothing after the write needs them', () => {
      expect(countChangedSql(write)).toBe(`WITH changed AS (${write}) SELECT count(*)::int AS changed FROM changed`);
    });

    test("each distinct value of the feed's reduction once, named as declared, with the rows it stands for", () => {
      expect(reducedChangedKeysSql(write, { day: 'hub_day(at)', a: 'a' }).replace(/\s+/g, ' ')).toBe(
        `WITH changed AS (${write}) SELECT hub_day(at) AS day, a AS a, count(*)::int AS changed_rows FROM changed GROUP BY 1, 2`,
      );
    });
  });
});
