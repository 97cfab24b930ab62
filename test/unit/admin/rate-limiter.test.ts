import { RateLimiter } from '../../../src/admin/limits';
import { Role } from '../../../src/platform/enums';

describe('per-key token buckets', () => {
  test('a key bursts up to its rate, then waits for the refill; keys do not share buckets', () => {
    let now = 0;
    const limiter = new RateLimiter({ PUBLISHER: 60, READER: 3, ADMIN: 10 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('k1', Role.READER).allowed)).toEqual([true, true, true]);
    // 3 a minute: one token every 20 s; the bucket is empty, so the next is 20 s away.
    expect(limiter.take('k1', Role.READER)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('k2', Role.READER).allowed).toBe(true);
    now = 19_999;
    expect(limiter.take('k1', Role.READER).allowed).toBe(false);
    now = 20_000;
    expect(limiter.take('k1', Role.READER).allowed).toBe(true);
    now = 10 * 60_000; // a long pause refills to the burst size, not beyond
    expect([1, 2, 3, 4].map(() => limiter.take('k1', Role.READER).allowed)).toEqual([true, true, true, false]);
  });
});
