import { HeaderMap } from '@apollo/server';
import { Config } from '../platform/config';
import { isDatabaseUnavailable, serviceUnavailable } from '../platform/db/database-errors';
import { ErrorCode, hubError, unauthenticated } from '../platform/errors';
import { RateLimiter, TokenBuckets, processShare } from './limits';
import { Principal } from '../access/principal';

/** Where a request's caller is noted as soon as it is known (the audit entry reads it even if the request is refused). */
export interface CallerNote {
  principal?: Principal;
}

const rateLimited = (message: string, retryAfterSeconds: number) =>
  hubError(ErrorCode.RATE_LIMITED, message, {
    retryAfter: retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });

/**
 * The door of every endpoint (GraphQL and bulk files): a bearer API key, verified, then a token from the key's
 * bucket. An address that failed to authenticate `authFailuresPerMinute` times gets 429 for every further failure
 * until its bucket refills, so guessing keys is slow; a valid key from that address still passes, since behind a
 * proxy or NAT one address carries every department's systems, and one client's stale key must not lock out the
 * others (each hub process counts its share of `authFailuresPerMinute`, like the rate limiter). Refusals are coded errors
 * carrying their HTTP status (401; 429 with `retryAfter` and Retry-After; 503 when the database cannot be reached).
 */
export function createAdmission(
  authenticate: (token: string) => Promise<Principal | null>,
  rateLimiter: RateLimiter,
  config: Pick<Config, 'rateLimits' | 'authFailuresPerMinute' | 'hubProcesses'>,
  failures: TokenBuckets = new TokenBuckets(),
) {
  const perMinute = config.authFailuresPerMinute;
  const share = processShare({ authFailures: perMinute }, config.hubProcesses).authFailures;
  return async (authorization: string | undefined, note: CallerNote, address: string | undefined): Promise<Principal> => {
    const client = address ?? 'unknown';
    /** A failed authentication: 401, or 429 once the address has failed too often this minute. */
    const refuse = (message: string): never => {
      const turn = failures.take(client, share);
      if (!turn.allowed) throw rateLimited(`${perMinute} failed authentications a minute reached from this address`, turn.retryAfterSeconds);
      throw unauthenticated(message);
    };
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return refuse('an API key is required: Authorization: Bearer <key>');
    let principal: Principal | null;
    try {
      principal = await authenticate(token);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw serviceUnavailable();
      throw error;
    }
    if (!principal) return refuse('the API key is unknown, revoked or malformed');
    note.principal = principal;
    const turn = rateLimiter.take(principal.keyId, principal.role);
    if (!turn.allowed) {
      throw rateLimited(`rate limit of ${config.rateLimits[principal.role]} requests a minute reached for key ${principal.keyId}`, turn.retryAfterSeconds);
    }
    return principal;
  };
}

export type Admission = ReturnType<typeof createAdmission>;
