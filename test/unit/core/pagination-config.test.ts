import { loadConfig } from '../../../src/config';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../../src/core/pagination';

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
