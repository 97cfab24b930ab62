import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLFormattedError } from 'graphql';
import Negotiator from 'negotiator';
import { DataSource } from 'typeorm';
import { Config } from './config';
import { Context, Services, createContext } from './context';
import { ErrorCode } from './errors';
import { createAdmission } from './auth/admission';
import { AuditLog } from './auth/audit-log';
import { bulkIngestRouter } from './core/ingest/bulk/bulk.router';
import { Principal } from './auth/principal';
import { RateLimiter, operationLimitsPlugin } from './auth/limits';
import { logger } from './logger';
import { metrics, registry } from './metrics';
import { buildHubSchema } from './schema';

export interface HubServer {
  url: string;
  /** Writes the audit entries still buffered (tests and shutdown). */
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

function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && CLIENT_CODES.has(code)) return formatted;
  logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'internal error');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

const metricsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    return {
      async willSendResponse({ operationName, errors, operation, contextValue }) {
        const name = operationName ?? 'anonymous';
        metrics.graphqlDuration.observe({ operation: name }, Number(process.hrtime.bigint() - started) / 1e9);
        metrics.graphqlRequests.inc({ operation: name, outcome: errors?.length ? 'error' : 'ok' });
        contextValue.note.operation = operationName ?? null;
        contextValue.note.operationType = operation?.operation ?? null;
        contextValue.note.errorCode = (errors?.[0]?.extensions?.code as string | undefined) ?? null;
      },
    };
  },
};

/** Error codes of requests refused before GraphQL ran, by HTTP status. */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** A refused request's operation name, read from the request without parsing the document. */
function operationNameOf(body: { operationName?: unknown; query?: unknown } | undefined): string | null {
  if (typeof body?.operationName === 'string') return body.operationName;
  if (typeof body?.query !== 'string') return null;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(body.query)?.[1] ?? null;
}

/** Every /graphql and /ingest request, valid key or not, becomes one audit entry when its response is sent. */
function auditRequests(audit: AuditLog): express.RequestHandler {
  return (req, res, next) => {
    const at = new Date();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ctx = res.locals.context as Context | undefined;
      const principal = ctx?.principal ?? (res.locals.principal as Principal | undefined);
      const errorCode = ctx?.note.errorCode ?? (res.statusCode >= 400 ? (STATUS_CODES[res.statusCode] ?? 'HTTP_ERROR') : null);
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
        httpStatus: res.statusCode,
      });
    });
    next();
  };
}

const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

/**
 * GraphQL over HTTP: a client that negotiated plain `application/json` gets request errors (unparsable document,
 * failed validation, bad variables) with status 200 and the errors in the body, as the spec asks; Apollo answers 400
 * for every media type, which is right only for `application/graphql-response+json`.
 */
const legacyJsonStatusPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.http.status !== 400 || response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        const requestErrors = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'];
        if (data !== undefined || !errors?.every((e) => requestErrors.includes(e.extensions?.code as string))) return;
        const accept = request.http?.headers.get('accept');
        const preferred = accept ? new Negotiator({ headers: { accept } }).mediaType(JSON_TYPES) : 'application/json';
        if (preferred === 'application/json') response.http.status = 200;
      },
    };
  },
};

/** Serves /graphql (GraphQL over HTTP, bearer API keys), /ingest/<dataset> (bulk files), /healthz, /readyz and /metrics. */
/** For measuring the cost of the hub's own safeguards (bench/auth-overhead.ts); production uses the defaults. */
export interface HttpOptions {
  /** Keep the audit log (default true). */
  audit?: boolean;
  /** How a bearer token becomes a principal (default: the API keys in the database). */
  authenticate?: (token: string) => Promise<Principal | null>;
}

export async function startHttpServer(config: Config, db: DataSource, services: Services, options: HttpOptions = {}): Promise<HubServer> {
  const authenticate = options.authenticate ?? ((token: string) => services.apiKeys.authenticate(token));
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const schema = await buildHubSchema();
  const admit = createAdmission(authenticate, new RateLimiter(config.rateLimits), config.rateLimits);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Credentials travel only in the Authorization header, never in cookies, so a cross-site "simple" request
    // cannot act as anybody: Apollo's CSRF guard (which refuses plain GETs) protects nothing here.
    csrfPrevention: false,
    // main.ts drains and stops everything on SIGINT/SIGTERM. Apollo's own handlers would call stop() a second time
    // (in Apollo Server 5.5 a concurrent stop() never returns) and then re-raise the signal, killing the process
    // before the pool and the embedded PostgreSQL are closed.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      metricsPlugin,
      legacyJsonStatusPlugin,
      operationLimitsPlugin(schema, config.limits),
    ],
  });
  await apollo.start();
  // Region-days a crashed or failed writer left queued are recomputed now, then kept drained in the background.
  await services.rollup.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      const pending = await db.showMigrations();
      res.status(pending ? 503 : 200).json({ status: pending ? 'migrations pending' : 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  const audit = new AuditLog(db);
  app.use(
    '/graphql',
    options.audit === false ? (_req, _res, next) => next() : auditRequests(audit),
    express.json({ limit: config.requestBodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const principal = await admit(req.headers.authorization, res.locals);
        const context = createContext(db, services, principal);
        res.locals.context = context;
        return context;
      },
    }),
  );

  // Bulk files (CSV, NDJSON), streamed: no body parser here.
  app.use(
    '/ingest',
    options.audit === false ? (_req, _res, next) => next() : auditRequests(audit),
    bulkIngestRouter({ db, services, admit }),
  );

  // A body over the limit, or unparsable JSON, still gets a GraphQL-shaped error with a code.
  app.use('/graphql', ((error, _req, res, next) => {
    const status = (error as { status?: number }).status;
    if (!status || status >= 500) return next(error);
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message: (error as Error).message, extensions: { code } }] });
  }) as express.ErrorRequestHandler);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    flushAudit: () => audit.flush(),
    // Stops accepting, lets in-flight requests finish (drain plugin), closes the listener, then flushes the audit log.
    stop: async () => {
      await apollo.stop();
      services.rollup.stop();
      await audit.stop();
    },
  };
}
