import { HeaderMap } from '@apollo/server';
import { Config } from '../config';
import { ErrorCode, hubError, unauthenticated } from '../errors';
import { RateLimiter } from './limits';
import { Principal } from './principal';

/** Where a request's caller is noted as soon as it is known (the audit entry reads it even if the request is refused). */
export interface CallerNote {
  principal?: Principal;
}

/**
 * The door of every endpoint (GraphQL and bulk files): a bearer API key, verified, then a token from the key's
 * bucket. Refusals are coded errors carrying their HTTP status (401, or 429 with `retryAfter` and Retry-After).
 */
export function createAdmission(
  authenticate: (token: string) => Promise<Principal | null>,
  rateLimiter: RateLimiter,
  rateLimits: Config['rateLimits'],
) {
  return async (authorization: string | undefined, note: CallerNote): Promise<Principal> => {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthenticated('an API key is required: Authorization: Bearer <key>');
    const principal = await authenticate(token);
    if (!principal) throw unauthenticated('the API key is unknown, revoked or malformed');
    note.principal = principal;
    const turn = rateLimiter.take(principal.keyId, principal.role);
    if (!turn.allowed) {
      throw hubError(ErrorCode.RATE_LIMITED, `rate limit of ${rateLimits[principal.role]} requests a minute reached for key ${principal.keyId}`, {
        retryAfter: turn.retryAfterSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(turn.retryAfterSeconds)]]) },
      });
    }
    return principal;
  };
}

export type Admission = ReturnType<typeof createAdmission>;
