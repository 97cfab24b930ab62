import { loadConfig } from '../../../src/platform/config';
import { CursorPart, decodeCursor, encodeCursor, pageSize, toPage } from '../../../src/platform/pagination';

describe('cursor connections', () => {
  test('first defaults to 50 and may be up to 1,000', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(1000)).toBe(1000);
    expect(() => pageSize(1001)).toThrow(/between 0 and 1000/);
    expect(() => pageSize(-1)).toThrow();
  });

  test('cursors round-trip (an instant as ISO 8601) and foreign strings are refused', () => {
    expect(decodeCursor(encodeCursor(['S:1003A', 1362416400000]), ['text', 'instant'])).toEqual(['S:1003A', '2013-03-04T17:00:00.000Z']);
    expect(() => decodeCursor('eyJhIjoxfQ', ['text', 'instant'])).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(['x']), ['text', 'instant'])).toThrow(/not a cursor/);
  });

  test('each value of a cursor is checked against what its key column holds: a forged one never reaches SQL', () => {
    const refused = (key: unknown, parts: CursorPart[]) => () => decodeCursor(encodeCursor(key as (string | number)[]), parts);
    expect(decodeCursor(encodeCursor(['510100', 2025, '2025-01-31', '123']), ['text', 'integer', 'date', 'bigint'])).toEqual(['510100', 2025, '2025-01-31', '123']);
    expect(decodeCursor(encodeCursor(['2025-01-10T08:00:00+08:00']), ['instant'])).toEqual(['2025-01-10T00:00:00.000Z']);
    for (const [key, parts] of [
      [['a\u0000b'], ['text']],
      [[1], ['text']],
      [['x'.repeat(1001)], ['text']],
      [[1.5], ['integer']],
      [[2 ** 31], ['integer']],
      [['2025'], ['integer']],
      [['x'], ['bigint']],
      [['1'.repeat(19)], ['bigint']],
      [[12], ['bigint']],
      [['2025-13-01'], ['date']],
      [['0000-01-01'], ['date']],
      [['x'], ['instant']],
      [[1e308], ['instant']],
      [['0000-01-01T00:00:00Z'], ['instant']],
      [[null], ['text']],
      [[{}], ['text']],
    ] as [unknown[], CursorPart[]][]) {
      expect(refused(key, parts)).toThrow(/not a cursor returned by this connection/);
    }
    expect(() => decodeCursor(Buffer.from('{"not":"a list"}').toString('base64url'), ['text'])).toThrow(/not a cursor/);
    expect(() => decodeCursor('%%%', ['text'])).toThrow(/not a cursor/);
  });

  test('a page built from limit + 1 rows knows there is a next one', async () => {
    const page = toPage(['a', 'b', 'c'], 2, (r) => [r], async () => 3);
    expect(page.edges.map((e) => e.node)).toEqual(['a', 'b']);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, endCursor: encodeCursor(['b']) });
    expect(await page.totalCount).toBe(3);
  });
});

describe('configuration', () => {
  test('defaults: 127.0.0.1:4000, embedded PostgreSQL under ./.data, batches of 10,000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 4000, databaseUrl: undefined, ingestMaxBatch: 10000 });
    expect(c.dataDir.endsWith('.data')).toBe(true);
  });

  test('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must be a postgres[\s\S]*LOG_LEVEL/,
    );
  });
});
