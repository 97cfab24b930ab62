import { RateLimiter, processShare } from '../../../src/admin/limits';
import { loadConfig } from '../../../src/platform/config';
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

describe('limits shared by several hub processes (HUB_PROCESSES)', () => {
  test('each process enforces an equal share of every limit, burst and refill alike', () => {
    const share = processShare({ PUBLISHER: 600, READER: 20, ADMIN: 300 }, 2);
    expect(share).toEqual({ PUBLISHER: 300, READER: 10, ADMIN: 150 });
    let now = 0;
    const limiter = new RateLimiter(share, () => now);
    expect(Array.from({ length: 11 }, () => limiter.take('k', Role.READER).allowed).filter(Boolean)).toHaveLength(10);
    // 10 a minute in this process: one token every 6 s.
    now = 5_999;
    expect(limiter.take('k', Role.READER).allowed).toBe(false);
    now = 6_000;
    expect(limiter.take('k', Role.READER).allowed).toBe(true);
  });

  test('a limit under one request a minute per process is refused at start-up, naming it', () => {
    expect(loadConfig({ HUB_PROCESSES: '4' }).hubProcesses).toBe(4);
    expect(() => loadConfig({ HUB_PROCESSES: '4', RATE_LIMITS: 'ADMIN=3' })).toThrow(/ADMIN: below HUB_PROCESSES \(4\)/);
    expect(() => loadConfig({ HUB_PROCESSES: '40', AUTH_FAILURES_PER_MINUTE: '30' })).toThrow(/AUTH_FAILURES_PER_MINUTE: below HUB_PROCESSES/);
    expect(() => loadConfig({ HUB_PROCESSES: '0' })).toThrow(/HUB_PROCESSES/);
  });
});
