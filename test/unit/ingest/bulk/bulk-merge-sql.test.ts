import { copyIntoStagingSql, copyValue, createStagingTableSql, stagingLine } from '../../../../src/ingest/bulk/staging';
import { buildMergeFromStagingSql, buildUpsertSql } from '../../../../src/ingest/upsert';

const spec = {
  table: 'air_quality_hourly',
  conflict: ['series_key', 'observed_at'],
  columns: [
    { name: 'station_code', type: 'text', key: true, value: (r: any) => r.station },
    { name: 'observed_at', type: 'timestamptz', key: true, value: (r: any) => r.at },
    { name: 'pm25', type: 'float8', value: (r: any) => r.pm25 },
    { name: 'tags', type: 'text[]', value: (r: any) => r.tags },
  ],
};
const flat = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('the bulk merge from a staging table', () => {
  const merge = flat(buildMergeFromStagingSql(spec, 'bulk_staging'));

  test('one INSERT … SELECT of the whole staging table, provenance bound once', () => {
    expect(merge).toMatch(/^INSERT INTO air_quality_hourly AS t \(station_code, observed_at, pm25, tags, batch_id\) SELECT station_code, observed_at, pm25, tags, \$1::uuid FROM bulk_staging ON CONFLICT/);
  });

  test('the same conflict rule as the GraphQL upsert, word for word: replace unless identical, return changed keys', () => {
    const conflict = (sql: string) => sql.slice(sql.indexOf('ON CONFLICT'));
    expect(conflict(merge)).toBe(conflict(flat(buildUpsertSql(spec))));
    expect(conflict(merge)).toBe(
      'ON CONFLICT (series_key, observed_at) DO UPDATE SET pm25 = EXCLUDED.pm25, tags = EXCLUDED.tags, batch_id = EXCLUDED.batch_id ' +
        'WHERE (t.pm25, t.tags) IS DISTINCT FROM (EXCLUDED.pm25, EXCLUDED.tags) RETURNING t.station_code, t.observed_at',
    );
  });

  test('the staging table has the upsert columns and types, the line and the observed time', () => {
    expect(createStagingTableSql(spec)).toBe(
      'CREATE TEMP TABLE bulk_staging (station_code text, observed_at timestamptz, pm25 float8, tags text[], bulk_line int NOT NULL, bulk_observed_ms bigint) ON COMMIT DROP',
    );
    expect(copyIntoStagingSql(spec)).toBe('COPY bulk_staging (station_code, observed_at, pm25, tags, bulk_line, bulk_observed_ms) FROM STDIN');
  });

  test("rows travel in COPY's text format: \\N for null, escapes, ISO instants, array literals", () => {
    const at = new Date('2014-01-10T00:00:00Z');
    expect(stagingLine(spec, { station: 'A\tB', at, pm25: null, tags: ['x', 'y "z"'] }, 7, at)).toBe(
      'A\\tB\t2014-01-10T00:00:00.000Z\t\\N\t{"x","y \\\\"z\\\\""}\t7\t1389312000000\n',
    );
    expect([copyValue(true), copyValue(0), copyValue('back\\slash\nline'), copyValue(undefined)]).toEqual(['t', '0', 'back\\\\slash\\nline', '\\N']);
  });
});
