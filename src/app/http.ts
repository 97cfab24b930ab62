import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import bytes from 'bytes';
import express from 'express';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import Negotiator from 'negotiator';
import { DataSource } from 'typeorm';
import { Config } from '../platform/config';
import { Context, Services, createContext } from './context';
import { ErrorCode } from '../platform/errors';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../platform/db/database-errors';
import { createAdmission } from '../admin/admission';
import { AuditLog } from '../admin/audit-log';
import { bulkIngestRouter } from '../ingest/bulk/bulk.router';
import { Principal } from '../access/principal';
import { RateLimiter, fragmentNestingRule, noSubscriptionOverHttpRule, operationLimitsPlugin, processShare } from '../admin/limits';
import { logger } from '../platform/logger';
import { metrics, operationLabels, registry } from '../platform/metrics';
import { buildHubSchema } from './schema';
import { compiledExecution } from './compiled-execution';
import { RequestLocals, graphqlPostHandler } from './graphql-post';
import { webRoutes } from './web';
import { startLiveServer } from './live-server';
import { ReadRouting } from './read-routing';
import { ReadReplicas } from '../platform/db/read-replicas';

export interface HubServer {
  url: string;
  /** Writes the audit entries of every answer already sent (tests and shutdown), waiting briefly for any not yet recorded. */
  flushAudit(): Promise<void>;
  stop(): Promise<void>;
}

/** Codes our own resolvers and graphql-js/Apollo raise on purpose; anything else is an internal error and masked. */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && CLIENT_CODES.has(code)) return formatted;
  const cause = unwrapResolverError(error);
  if (isDatabaseUnavailable(cause)) {
    logger.warn({ err: cause, path: formatted.path }, 'database unavailable');
    return { message: DATABASE_UNAVAILABLE, path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: DATABASE_RETRY_AFTER_SECONDS } };
  }
  // Apollo refuses some requests with a 4xx status but no code (an APQ hash that does not match its query).
  const status = error instanceof GraphQLError && !error.originalError ? (error.extensions.http as { status?: number } | undefined)?.status : undefined;
  if (status && status < 500) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
  }
  logger.error({ err: cause, path: formatted.path }, 'internal error');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

const metricsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    return {
      async willSendResponse({ operationName, errors, operation, contextValue }) {
        const name = operationName ? operationLabels.label(operationName) : 'anonymous';
        metrics.graphqlDuration.observe({ operation: name }, Number(process.hrtime.bigint() - started) / 1e9);
        metrics.graphqlRequests.inc({ operation: name, outcome: errors?.length ? 'error' : 'ok' });
        contextValue.note.operation = operationName ?? null;
        contextValue.note.operationType = operation?.operation ?? null;
        contextValue.note.errorCode = (errors?.[0]?.extensions?.code as string | undefined) ?? null;
      },
    };
  },
};

/** A database outage is the client's to retry (503 and Retry-After), whichever resolver met it. */
const serviceUnavailablePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      },
    };
  },
};

/** Error codes of requests refused before GraphQL ran, by HTTP status. */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * The audit's HTTP status of a request whose client closed the connection before the answer (nginx's convention): no
 * status was sent.
 */
const CLIENT_CLOSED_STATUS = 499;

/** A refused request's operation name, read from the request without parsing the document. */
function operationNameOf(body: unknown): string | null {
  const { operationName, query } = (body ?? {}) as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string') return operationName;
  if (typeof query !== 'string') return null;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1] ?? null;
}

/**
 * Every /graphql and /ingest request, valid key or not, becomes one audit entry when its response is sent; or, when
 * the client closes the connection before that, `CLIENT_CLOSED_REQUEST` with status 499, recorded once the handler
 * has settled if it says when (`res.locals.settled`: the bulk load, aborted and rolled back, or committed after all).
 */
/**
 * Requests whose entry is not recorded yet. An entry is recorded when the response has been written out, which the
 * event loop may report after the client has read it: `flushAudit` waits for these so a flush covers every answer
 * already received.
 */
class UnrecordedRequests {
  private count = 0;
  private waiters: (() => void)[] = [];

  opened(): void {
    this.count++;
  }

  recorded(): void {
    if (--this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when none is left, or after `withinMs` (a long upload in flight must not hold a flush up). */
  async settled(withinMs: number): Promise<void> {
    if (this.count === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, withinMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Opens a request's audit entry: recorded once its response is sent, or once its client has gone. */
function openAuditEntry(
  audit: AuditLog,
  unrecorded: UnrecordedRequests,
  req: http.IncomingMessage & { body?: unknown },
  res: http.ServerResponse,
  locals: RequestLocals,
): void {
  const at = new Date();
  const started = process.hrtime.bigint();
  unrecorded.opened();
  const record = (closedEarly: boolean) => {
    const ctx = locals.context;
    const principal = ctx?.principal ?? locals.principal;
    const httpStatus = closedEarly ? CLIENT_CLOSED_STATUS : res.statusCode;
    const errorCode = closedEarly
      ? 'CLIENT_CLOSED_REQUEST'
      : (ctx?.note.errorCode ?? (res.statusCode >= 400 ? (STATUS_CODES[res.statusCode] ?? 'HTTP_ERROR') : null));
    audit.record({
      at,
      keyId: principal?.keyId ?? null,
      department: principal?.department ?? null,
      role: principal?.role ?? null,
      operation: ctx?.note.operation ?? operationNameOf(req.body),
      operationType: ctx?.note.operationType ?? null,
      reads: ctx?.access.reads ?? new Map(),
      writes: ctx?.access.writes ?? new Map(),
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      outcome: errorCode ? 'ERROR' : 'OK',
      errorCode,
      httpStatus,
    });
    unrecorded.recorded();
  };
  res.on('finish', () => record(false));
  res.on('close', () => {
    if (!res.writableFinished) void Promise.resolve(locals.settled).then(() => record(true), () => record(true));
  });
}

function auditRequests(audit: AuditLog, unrecorded: UnrecordedRequests): express.RequestHandler {
  return (req, res, next) => {
    openAuditEntry(audit, unrecorded, req, res, res.locals as RequestLocals);
    next();
  };
}

/** A message quoting client-chosen text, cut short. */
function clip(text: string, length = 80): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** A JSON answer written with Node's own response (Express's or not). */
function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * A request that failed outside GraphQL (a body over the limit, unparsable JSON, a malformed URI, the database gone
 * while admitting): a GraphQL-shaped JSON error with a code, never HTML, never a stack.
 */
function sendRequestError(res: http.ServerResponse, error: unknown): void {
  if (isDatabaseUnavailable(error)) {
    sendJson(res, 503, { errors: [{ message: DATABASE_UNAVAILABLE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] }, {
      'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
    });
    return;
  }
  const { status, statusCode, expose } = (error ?? {}) as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const given = Number(status ?? statusCode);
  const httpStatus = given >= 400 && given < 600 ? given : 500;
  if (httpStatus >= 500) {
    logger.error({ err: error }, 'internal error');
    sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
    return;
  }
  // http-errors marks the messages meant for clients (`expose`); a URIError from routing carries only a status.
  const message = expose === false ? http.STATUS_CODES[httpStatus] : clip(String((error as Error | undefined)?.message), 200);
  sendJson(res, httpStatus, { errors: [{ message, extensions: { code: STATUS_CODES[httpStatus] ?? 'BAD_REQUEST' } }] });
}

const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

/**
 * GraphQL over HTTP: a client that negotiated plain `application/json` gets request errors (unparsable document,
 * failed validation, bad variables, an unknown operation name, a refused depth, alias, directive or cost limit) with
 * status 200 and the errors in the body, as the spec asks; Apollo answers 400 for every media type, which is right
 * only for `application/graphql-response+json`.
 */
const REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'QUERY_TOO_COSTLY',
]);

const legacyJsonStatusPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.http.status !== 400 || response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        // Every refusal of a well-formed request: its document, its variables, its operation name, the limits.
        if (data !== undefined || !errors?.every((e) => REQUEST_ERRORS.has(e.extensions?.code as string))) return;
        const accept = request.http?.headers.get('accept');
        const preferred = accept ? new Negotiator({ headers: { accept } }).mediaType(JSON_TYPES) : 'application/json';
        if (preferred === 'application/json') response.http.status = 200;
      },
    };
  },
};

export interface HttpOptions {
  /** Keep the audit log (default true; off only to measure its cost, bench/auth-overhead.ts). */
  audit?: boolean;
  /** How a bearer token becomes a principal (default: the API keys in the database; another only in benchmarks). */
  authenticate?: (token: string) => Promise<Principal | null>;
  /** Hot standbys to send reads to (`Database.replicas`); none: every read on the primary. */
  replicas?: ReadReplicas;
}

/**
 * Serves /graphql (GraphQL over HTTP and subscriptions over WebSocket, bearer API keys; the explorer to a browser),
 * /ingest/<dataset> (bulk files), /healthz, /readyz, /metrics, and the command-center page at / (src/app/web.ts).
 */
export async function startHttpServer(config: Config, db: DataSource, services: Services, options: HttpOptions = {}): Promise<HubServer> {
  const authenticate = options.authenticate ?? ((token: string) => services.apiKeys.authenticate(token));
  const app = express();
  app.disable('x-powered-by');
  // An ETag hashes every answer, for conditional GETs no client of a per-key, `no-store` API makes.
  app.disable('etag');
  // POST /graphql with a plain JSON body skips Express (graphql-post.ts); set before the server listens.
  let servePost: (req: http.IncomingMessage, res: http.ServerResponse) => boolean = () => false;
  const httpServer = http.createServer((req, res) => {
    if (!servePost(req, res)) app(req, res);
  });

  const schema = await buildHubSchema();
  const rateLimiter = new RateLimiter(processShare(config.rateLimits, config.hubProcesses));
  const routing = new ReadRouting(db, services, options.replicas);
  const admit = createAdmission(authenticate, rateLimiter, config);
  const audit = new AuditLog(db);
  const live = await startLiveServer(httpServer, schema, {
    config, db, services, admit, rateLimiter, audit: options.audit === false ? null : audit, formatError,
  });
  const apollo = new ApolloServer<Context>({
    gateway: compiledExecution(schema),
    formatError,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [fragmentNestingRule(), noSubscriptionOverHttpRule],
    // Credentials travel only in the Authorization header, never in cookies, so a cross-site "simple" request
    // cannot act as anybody: Apollo's CSRF guard (which refuses plain GETs) protects nothing here.
    csrfPrevention: false,
    // main.ts drains and stops everything on SIGINT/SIGTERM. Apollo's own handlers would call stop() a second time
    // (in Apollo Server 5.5 a concurrent stop() never returns) and then re-raise the signal, killing the process
    // before the pool and the embedded PostgreSQL are closed.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      live,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // No field sets a cache hint (answers are per key, and `no-store`); the plugin would wrap every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin,
      legacyJsonStatusPlugin,
      serviceUnavailablePlugin,
      operationLimitsPlugin(schema, config.limits),
      ...routing.plugins,
    ],
  });
  await apollo.start();
  // Rollup entries a crashed or failed writer left queued are recomputed now, then kept drained in the background.
  await services.rollups.start();
  await services.apiKeys.listenForChanges(services.listener);
  await routing.start();
  // Month partitions created ahead and old ones archived, in the background (a batch creates the months it needs).
  services.partitions.start();

  // The hub serves no browser across origins (keys travel in a header, never in cookies): an OPTIONS request gets
  // the methods and no body, instead of the router's plain-text answer.
  app.options(/.*/, (_req, res) => {
    res.set('Allow', 'GET, POST').status(204).end();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      const pending = await db.showMigrations();
      res.status(pending ? 503 : 200).json({ status: pending ? 'migrations pending' : 'ready', ...routing.readiness() });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  const web = webRoutes();
  app.use(web.pages);
  app.get('/graphql', web.explorer);

  const unrecorded = new UnrecordedRequests();
  const contextOf = async (req: http.IncomingMessage, body: unknown, locals: RequestLocals) => {
    const principal = await admit(req.headers.authorization, locals, req.socket.remoteAddress);
    const context = routing.contextFor(principal, body);
    locals.context = context;
    return context;
  };
  servePost = graphqlPostHandler({
    apollo,
    bodyLimit: bytes.parse(config.requestBodyLimit)!,
    audit: options.audit === false ? () => {} : (req, res, locals) => openAuditEntry(audit, unrecorded, req, res, locals),
    context: contextOf,
    fail: (res, error) => (res.headersSent ? res.destroy() : sendRequestError(res, error)),
  });
  // Every other /graphql request: GET, another media type or charset, a compressed body, one of undeclared length.
  app.use(
    '/graphql',
    options.audit === false ? (_req, _res, next) => next() : auditRequests(audit, unrecorded),
    express.json({ limit: config.requestBodyLimit }),
    expressMiddleware(apollo, { context: ({ req, res }) => contextOf(req, req.body, res.locals as RequestLocals) }),
  );

  // Bulk files (CSV, NDJSON), streamed: no body parser here.
  app.use(
    '/ingest',
    options.audit === false ? (_req, _res, next) => next() : auditRequests(audit, unrecorded),
    bulkIngestRouter({
      db,
      services,
      admit,
      bodyLimit: config.ingestBodyLimit,
      createContext: (principal) => createContext(db, services, principal),
      afterWrite: routing.wrote,
    }),
  );

  // Every other route and method, and every error no handler answered (a body over the limit, unparsable JSON, a
  // malformed URI), still get a GraphQL-shaped JSON error with a code: never HTML, never a stack.
  app.use((req, res) => {
    res.status(404).json({ errors: [{ message: `no route ${req.method} ${clip(req.path)}`, extensions: { code: ErrorCode.NOT_FOUND } }] });
  });
  app.use(((error, _req, res, next) => {
    if (res.headersSent) return next(error);
    sendRequestError(res, error);
  }) as express.ErrorRequestHandler);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    flushAudit: async () => {
      await unrecorded.settled(2_000);
      await audit.flush();
    },
    // Stops accepting, lets in-flight requests finish (drain plugin), closes the listener, then flushes the audit log.
    stop: async () => {
      await apollo.stop();
      services.rollups.stop();
      await routing.stop();
      await services.listener.stop();
      await services.partitions.stop();
      // A bulk load cut off by the drain is recorded once it has rolled back: wait for it before the last flush.
      await unrecorded.settled(10_000);
      await audit.stop();
    },
  };
}
