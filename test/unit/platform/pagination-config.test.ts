import { loadConfig } from '../../../src/platform/config';
import { CursorPart, KeysetOrder, decodeCursor, encodeCursor, keysetSql, pageRequest, pageSize, toPage } from '../../../src/platform/pagination';

describe('cursor connections', () => {
  const order = (parts: CursorPart[], list = 'test'): KeysetOrder => ({ list, columns: parts.map((part, i) => ({ sql: `c${i}`, part })) });

  test('first defaults to 50 and may be up to 1,000', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(1000)).toBe(1000);
    expect(() => pageSize(1001)).toThrow(/between 0 and 1000/);
    expect(() => pageSize(-1)).toThrow();
  });

  test('cursors round-trip (an instant as ISO 8601) and foreign strings are refused', () => {
    const o = order(['text', 'instant']);
    expect(decodeCursor(encodeCursor(o, ['S:1003A', 1362416400000]), o)).toEqual(['S:1003A', '2013-03-04T17:00:00.000Z']);
    expect(() => decodeCursor('eyJhIjoxfQ', o)).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(order(['text']), ['x']), o)).toThrow(/not a cursor/);
  });

  test('a cursor carries its list and ordering: another list, another direction or another column is refused', () => {
    const byTime: KeysetOrder = { list: 'hours', columns: [{ sql: 't.observed_at', part: 'instant' }, { sql: 't.station', part: 'text' }] };
    const latestFirst: KeysetOrder = { list: 'hours', columns: byTime.columns.map((c) => ({ ...c, desc: true })) };
    const cursor = encodeCursor(byTime, ['2025-01-10T00:00:00.000Z', 'A']);
    expect(decodeCursor(cursor, byTime)).toEqual(['2025-01-10T00:00:00.000Z', 'A']);
    expect(() => decodeCursor(cursor, latestFirst, 'before')).toThrow(/before is not a cursor returned by this connection in this order: a cursor of another ordering/);
    expect(() => decodeCursor(cursor, { ...byTime, list: 'other' })).toThrow(/another ordering/);
    expect(() => decodeCursor(cursor, { list: 'hours', columns: [{ sql: 't.observed_at', part: 'instant' }, { sql: 't.site', part: 'text' }] })).toThrow(/another ordering/);
  });

  test('each value of a cursor is checked against what its key column holds: a forged one never reaches SQL', () => {
    const refused = (key: unknown, parts: CursorPart[]) => () => decodeCursor(encodeCursor(order(parts), key as (string | number)[]), order(parts));
    const four = order(['text', 'integer', 'date', 'bigint']);
    expect(decodeCursor(encodeCursor(four, ['510100', 2025, '2025-01-31', '123']), four)).toEqual(['510100', 2025, '2025-01-31', '123']);
    expect(decodeCursor(encodeCursor(order(['instant']), ['2025-01-10T08:00:00+08:00']), order(['instant']))).toEqual(['2025-01-10T00:00:00.000Z']);
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
    expect(() => decodeCursor(Buffer.from('{"not":"a list"}').toString('base64url'), order(['text']))).toThrow(/not a cursor/);
    expect(() => decodeCursor('%%%', order(['text']))).toThrow(/not a cursor/);
  });

  test('a page built from limit + 1 rows knows there is a next one; one read after a cursor asks whether rows precede it', async () => {
    const o = order(['text']);
    const page = toPage(['a', 'b', 'c'], pageRequest({ first: 2 }, o), (r) => [r], async () => 3);
    expect(page.edges.map((e) => e.node)).toEqual(['a', 'b']);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: encodeCursor(o, ['b']) });
    expect(await page.totalCount).toBe(3);
    let asked = 0;
    const beyond = async () => ++asked > 0;
    const next = toPage(['c'], pageRequest({ first: 2, after: encodeCursor(o, ['b']) }, o), (r) => [r], async () => 3, beyond);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(asked).toBe(0);
    expect(await next.pageInfo.hasPreviousPage).toBe(true);
    expect(await next.pageInfo.hasPreviousPage).toBe(true);
    expect(asked).toBe(1);
  });

  test('a backward page is fetched in reverse and turned back; its extra row means a previous page', async () => {
    const o = order(['text']);
    const request = pageRequest({ last: 2, before: encodeCursor(o, ['d']) }, o);
    const page = toPage(['c', 'b', 'a'], request, (r) => [r], async () => 4, async () => true);
    expect(page.edges.map((e) => e.node)).toEqual(['b', 'c']);
    expect(page.pageInfo.hasPreviousPage).toBe(true);
    expect(await page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.startCursor).toBe(encodeCursor(o, ['b']));
    expect(() => pageRequest({ first: 1, last: 1 }, o)).toThrow(/first or last, not both/);
    expect(() => pageRequest({ last: 1001 }, o)).toThrow(/last must be between 0 and 1000/);
  });

  test('keyset conditions: a row comparison in one direction, the expanded form across directions, each after a bound on the first column', () => {
    const params: unknown[] = [];
    const bind = (v: unknown) => `$${params.push(v)}`;
    const latest: KeysetOrder = { list: 'x', columns: [{ sql: 't.at', part: 'instant', cast: 'timestamptz', desc: true }, { sql: 't.id', part: 'text', desc: true }] };
    expect(keysetSql(latest, ['2025-01-01T00:00:00.000Z', 'A'], true, false, bind)).toBe('t.at <= $1::timestamptz AND (t.at, t.id) < ($1::timestamptz, $2)');
    const mixed: KeysetOrder = { list: 'x', columns: [{ sql: 't.at', part: 'instant', desc: true }, { sql: 't.id', part: 'text' }] };
    expect(keysetSql(mixed, ['T', 'A'], false, true, bind)).toBe('t.at >= $3 AND ((t.at > $3) OR (t.at = $3 AND t.id < $4) OR (t.at = $3 AND t.id = $4))');
    expect(keysetSql({ list: 'x', columns: [{ sql: 'id', part: 'bigint', desc: true }] }, ['7'], true, false, bind)).toBe('id < $5');
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
