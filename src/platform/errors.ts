import { GraphQLError } from 'graphql';

/** Every error code a client can see in `extensions.code`; rejected ingest rows use `RowErrorCode` instead. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  BATCH_TOO_LARGE = 'BATCH_TOO_LARGE',
  NOT_FOUND = 'NOT_FOUND',
  INSUFFICIENT_DATA = 'INSUFFICIENT_DATA',
  RATE_LIMITED = 'RATE_LIMITED',
  /** A key already holds as many subscription connections on the hub process as it may (LIVE_CONNECTIONS_PER_KEY). */
  TOO_MANY_CONNECTIONS = 'TOO_MANY_CONNECTIONS',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** A bulk file's record (a CSV record, an NDJSON line) over the size a record may have. */
  RECORD_TOO_LARGE = 'RECORD_TOO_LARGE',
  /** A bulk file that is not valid UTF-8. */
  INVALID_ENCODING = 'INVALID_ENCODING',
  /** The database cannot be reached: retry after `Retry-After` seconds (HTTP 503). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
};

export function hubError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message: string) => hubError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message: string, extensions?: Record<string, unknown>) =>
  hubError(ErrorCode.FORBIDDEN, message, extensions);
export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  hubError(ErrorCode.BAD_USER_INPUT, message, extensions);
