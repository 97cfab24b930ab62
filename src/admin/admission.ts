import { HeaderMap } from '@apollo/server';
import { Config } from '../platform/config';
import { isDatabaseUnavailable, serviceUnavailable } from '../platform/db/database-errors';
import { ErrorCode, hubError, unauthenticated } from '../platform/errors';
import { RateLimiter, TokenBuckets } from './limits';
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
 * bucket. An address that failed to authenticate `authFailuresPerMinute` times is refused before its key is even
 * looked at, until its bucket refills (guessing keys costs the guesser, not the database). Refusals are coded errors
 * carrying their HTTP status (401; 429 with `retryAfter` and Retry-After; 503 when the database cannot be reached).
 */
export function createAdmission(
  authenticate: (token: string) => Promise<Principal | null>,
  rateLimiter: RateLimiter,
  config: Pick<Config, 'rateLimits' | 'authFailuresPerMinute'>,
  failures: TokenBuckets = new TokenBuckets(),
) {
  const perMinute = config.authFailuresPerMinute;
  return async (authorization: string | undefined, note: CallerNote, address: string | undefined): Promise<Principal> => {
    const client = address ?? 'unknown';
    const blocked = failures.peek(client, perMinute);
    if (!blocked.allowed) {
      throw rateLimited(`${perMinute} failed authentications a minute reached from this address`, blocked.retryAfterSeconds);
    }
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) {
      failures.take(client, perMinute);
      throw unauthenticated('an API key is required: Authorization: Bearer <key>');
    }
    let principal: Principal | null;
    try {
      principal = await authenticate(token);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw serviceUnavailable();
      throw error;
    }
    if (!principal) {
      failures.take(client, perMinute);
      throw unauthenticated('the API key is unknown, revoked or malformed');
    }
    note.principal = principal;
    const turn = rateLimiter.take(principal.keyId, principal.role);
    if (!turn.allowed) {
      throw rateLimited(`rate limit of ${config.rateLimits[principal.role]} requests a minute reached for key ${principal.keyId}`, turn.retryAfterSeconds);
    }
    return principal;
  };
}

export type Admission = ReturnType<typeof createAdmission>;
