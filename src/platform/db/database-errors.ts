import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode, hubError } from '../errors';

/** Seconds a client is told to wait (`Retry-After`) when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE = `the database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} s`;

/** SQLSTATEs of a server that cannot serve the session: connection exceptions (class 08) and these. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: terminated by the administrator or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

/** Node socket errors of a server that cannot be reached or went away. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** What node-postgres and its pool say when a connection is lost or cannot be had (they set no code). */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

/** TypeORM's word for a transaction whose connection the pool took back after it broke. */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

interface ErrorLike {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  driverError?: unknown;
  originalError?: unknown;
  cause?: unknown;
  /** AggregateError: every address of the host refused. */
  errors?: unknown[];
}

/**
 * Whether an error means PostgreSQL is unreachable or ended the session (a restart, an outage, a full server), as
 * opposed to a statement that failed: the first is the client's to retry later (503), the second a bug. Looks through
 * the wrappers that carry a driver error: TypeORM's `driverError`, GraphQL's `originalError`, and `cause`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as ErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || SOCKET_ERRORS.has(code)) return true;
    // FATAL ends the session (also refused connections: "database … is not currently accepting connections"), but
    // a wrong password or a missing database (classes 28, 3D) is a misconfiguration to fix, not an outage to wait out.
    if ((e.severity === 'FATAL' || e.severity === 'PANIC') && !/^(28|3D)/.test(code)) return true;
    if (RELEASED_RUNNER_ERRORS.has((e as { name?: string }).name ?? '')) return true;
    if (typeof e.message === 'string' && !code && CONNECTION_MESSAGES.some((m) => m.test(e!.message as string))) return true;
    e = (e.driverError ?? e.originalError ?? e.cause ?? e.errors?.[0]) as ErrorLike | undefined;
  }
  return false;
}

/** The coded refusal of a request the database could not serve: HTTP 503 with `Retry-After`. */
export function serviceUnavailable(): GraphQLError {
  return hubError(ErrorCode.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, {
    retryAfter: DATABASE_RETRY_AFTER_SECONDS,
    http: { status: 503, headers: new HeaderMap([['retry-after', String(DATABASE_RETRY_AFTER_SECONDS)]]) },
  });
}
