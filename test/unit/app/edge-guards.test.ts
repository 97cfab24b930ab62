import { DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { GraphQLError } from 'graphql';
import { createAdmission } from '../../../src/admin/admission';
import { RateLimiter, TokenBuckets } from '../../../src/admin/limits';
import { Principal } from '../../../src/access/principal';
import { Department, Role } from '../../../src/platform/enums';
import { isDatabaseUnavailable } from '../../../src/platform/db/database-errors';
import { BoundedLabels } from '../../../src/platform/metrics';

const pgError = (code: string, severity = 'ERROR', message = 'x') => Object.assign(new DatabaseError(message, 0, 'error'), { code, severity });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('a database that cannot serve is told apart from a statement that failed', () => {
  test.each([
    ['admin_shutdown, as a restart terminates sessions', pgError('57P01', 'FATAL')],
    ['cannot_connect_now, while the server starts', pgError('57P03', 'FATAL')],
    ['a connection exception', pgError('08006')],
    ['too many connections', pgError('53300', 'FATAL')],
    ['a database not accepting connections', pgError('55000', 'FATAL', 'database "x" is not currently accepting connections')],
    ['a query on a client the restart closed', new Error('Client was closed and is not queryable')],
    ['a transaction whose connection broke and went back to the pool', new QueryRunnerProviderAlreadyReleasedError()],
    ['connection refused', socketError('ECONNREFUSED')],
    ['every address refused', Object.assign(new AggregateError([socketError('ECONNREFUSED')]), { code: undefined })],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
  ])('unavailable: %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    // Wrapped as TypeORM and GraphQL wrap them.
    const typeorm = new QueryFailedError('SELECT 1', [], error);
    expect(isDatabaseUnavailable(new GraphQLError('x', { originalError: typeorm }))).toBe(true);
  });

  test.each([
    ['a unique violation', pgError('23505')],
    ['a syntax error', pgError('42601')],
    ['a cancelled statement', pgError('57014')],
    ['a prerequisite state that is no outage', pgError('55000', 'ERROR', 'cannot refresh concurrently')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a wrong password', pgError('28P01', 'FATAL', 'password authentication failed for user "lantian"')],
    ['a database that does not exist', pgError('3D000', 'FATAL', 'database "nope" does not exist')],
    ['a message that merely mentions it', Object.assign(new Error('Connection terminated unexpectedly'), { code: 'XX000' })],
    ['nothing', undefined],
  ])('a failure, not an outage: %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], (error ?? new Error('x')) as Error))).toBe(false);
  });
});

describe('operation names as metric labels', () => {
  test('cut to [_A-Za-z0-9] and 64 characters; the first 3 distinct names have their own series, later ones are "other"', () => {
    const labels = new BoundedLabels(3);
    expect(labels.label('StationHours')).toBe('StationHours');
    expect(labels.label('x\u0000y-z')).toBe('x_y_z');
    expect(labels.label('n'.repeat(4_000_000))).toBe('n'.repeat(64));
    expect(labels.label('Fourth')).toBe('other');
    expect(labels.label('StationHours')).toBe('StationHours');
    expect(labels.label('x\u0000y-z')).toBe('x_y_z');
  });
});

describe('token buckets', () => {
  test('idle buckets are dropped (a full bucket is a new one), and never more than the most kept', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now, 100);
    for (let i = 0; i < 50; i++) buckets.take(`a${i}`, 60);
    expect(buckets.size).toBe(50);
    // One token a second refills them within a second: the next takes drop the idle ones as they pass them.
    now = 1_000;
    buckets.take('b', 60);
    expect(buckets.size).toBe(1);
    for (let i = 0; i < 1_000; i++) buckets.take(`c${i}`, 60);
    expect(buckets.size).toBe(100);
    // Dropping a bucket under memory pressure forgets its debt, nothing more: the newest are kept.
    expect(buckets.take('c999', 60)).toEqual({ allowed: true });
  });

  test('an empty bucket refuses and says when the next token is free, without going into debt', () => {
    const buckets = new TokenBuckets(() => 0);
    expect(buckets.take('x', 1)).toEqual({ allowed: true });
    expect(buckets.take('x', 1)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(buckets.take('x', 1)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });
});

describe('admission: failed authentication is limited per client address', () => {
  const principal: Principal = { keyId: 'k1', department: Department.ECOLOGY, role: Role.READER } as Principal;
  let now = 0;
  const admit = createAdmission(
    async (token) => (token === 'good' ? principal : null),
    new RateLimiter({ PUBLISHER: 600, READER: 600, ADMIN: 600 }, () => now),
    { rateLimits: { PUBLISHER: 600, READER: 600, ADMIN: 600 }, authFailuresPerMinute: 3, hubProcesses: 1 },
    new TokenBuckets(() => now),
  );
  const outcome = (authorization: string | undefined, address: string) =>
    admit(authorization, {}, address).then(
      (p) => p.keyId,
      (e: GraphQLError) => [e.extensions.code, (e.extensions.http as { status: number }).status, e.extensions.retryAfter],
    );

  test('3 failures from an address, then 429 for its failures; a valid key still passes; other addresses are not affected', async () => {
    expect(await outcome('Bearer bad', '10.0.0.1')).toEqual(['UNAUTHENTICATED', 401, undefined]);
    expect(await outcome(undefined, '10.0.0.1')).toEqual(['UNAUTHENTICATED', 401, undefined]);
    expect(await outcome('Bearer good', '10.0.0.1')).toBe('k1');
    expect(await outcome('Bearer bad', '10.0.0.1')).toEqual(['UNAUTHENTICATED', 401, undefined]);
    expect(await outcome('Bearer bad', '10.0.0.1')).toEqual(['RATE_LIMITED', 429, 20]);
    expect(await outcome(undefined, '10.0.0.1')).toEqual(['RATE_LIMITED', 429, 20]);
    // Behind a proxy one address carries every department: one client's stale key must not lock the others out.
    expect(await outcome('Bearer good', '10.0.0.1')).toBe('k1');
    expect(await outcome('Bearer bad', '10.0.0.2')).toEqual(['UNAUTHENTICATED', 401, undefined]);
    now = 20_000;
    expect(await outcome('Bearer bad', '10.0.0.1')).toEqual(['UNAUTHENTICATED', 401, undefined]);
  });
});
