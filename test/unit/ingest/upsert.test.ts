import { buildUpsertSql, upsertParameters } from '../../../src/ingest/upsert';

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

  test('array columns travel as escaped array literals, one per row', () => {
    const params = upsertParameters(spec, [{ code: 'A', name: 'x', monitored: ['PM2_5', 'a"b'] }], 'batch');
    expect(params).toEqual([['A'], ['x'], ['{"PM2_5","a\\"b"}'], 'batch']);
  });
});
