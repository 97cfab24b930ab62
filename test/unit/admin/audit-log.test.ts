import { DataSource } from 'typeorm';
import { AuditEntry, AuditLog, storableText } from '../../../src/admin/audit-log';
import { configureLogger } from '../../../src/platform/logger';

// The refusals below are logged as errors on purpose.
configureLogger('silent');

const entry = (operation: string): AuditEntry => ({
  at: new Date('2025-01-01T00:00:00+08:00'), keyId: null, department: null, role: null, operation, operationType: null,
  reads: new Map(), writes: new Map(), durationMs: 1, outcome: 'OK', errorCode: null, httpStatus: 200,
});

/** A database that refuses any statement holding a poisoned entry (as PostgreSQL refuses bytes it cannot store). */
function fakeDatabase(refuse: (operations: string[]) => unknown) {
  const stored: string[] = [];
  const db = {
    async query(_sql: string, params: unknown[][]) {
      const operations = params[4] as string[];
      const error = refuse(operations);
      if (error) throw error;
      stored.push(...operations);
      return [];
    },
  };
  return { db: db as unknown as DataSource, stored };
}

describe('AuditLog', () => {
  test('one entry the database refuses does not hold back the others', async () => {
    const { db, stored } = fakeDatabase((ops) => (ops.includes('poison') ? Object.assign(new Error('bad'), { code: '22021' }) : null));
    const log = new AuditLog(db, { flushEveryMs: 60_000, maxBuffered: 1_000 });
    for (const op of ['a', 'poison', 'b']) log.record(entry(op));
    await log.stop();
    expect(stored).toEqual(['a', 'b']);
  });

  test('while the database is away, entries wait and are written when it is back', async () => {
    let away = true;
    const { db, stored } = fakeDatabase(() => (away ? Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }) : null));
    const log = new AuditLog(db, { flushEveryMs: 60_000, maxBuffered: 1_000 });
    log.record(entry('a'));
    await log.flush();
    expect(stored).toEqual([]);
    away = false;
    log.record(entry('b'));
    await log.stop();
    expect(stored).toEqual(['a', 'b']);
  });
});

describe('storableText', () => {
  test('NUL, other control and format characters become U+FFFD; the text is capped', () => {
    expect(storableText('x\u0000y\u202Ez\n')).toBe('x\uFFFDy\uFFFDz\uFFFD');
    expect(storableText('a'.repeat(500))).toBe(`${'a'.repeat(199)}…`);
    expect(storableText('蓝天')).toBe('蓝天');
    expect(storableText(null)).toBeNull();
  });
  test('an unpaired surrogate is replaced, a pair is kept', () => {
    expect(storableText('a\uD800b')).toBe('a\uFFFDb');
    expect(storableText('😀')).toBe('😀');
  });
});
