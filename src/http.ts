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
import { ErrorCode, unauthenticated } from './errors';
import { logger } from './logger';
import { metrics, registry } from './metrics';
import { buildHubSchema } from './schema';

export interface HubServer {
  url: string;
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
      async willSendResponse({ operationName, errors }) {
        const operation = operationName ?? 'anonymous';
        metrics.graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        metrics.graphqlRequests.inc({ operation, outcome: errors?.length ? 'error' : 'ok' });
      },
    };
  },
};

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

/** Serves /graphql (GraphQL over HTTP, bearer API keys), /healthz, /readyz and /metrics. */
export async function startHttpServer(config: Config, db: DataSource, services: Services): Promise<HubServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<Context>({
    schema: await buildHubSchema(),
    formatError,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Credentials travel only in the Authorization header, never in cookies, so a cross-site "simple" request
    // cannot act as anybody: Apollo's CSRF guard (which refuses plain GETs) protects nothing here.
    csrfPrevention: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      metricsPlugin,
      legacyJsonStatusPlugin,
    ],
  });
  await apollo.start();

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

  app.use(
    '/graphql',
    express.json({ limit: config.requestBodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers.authorization;
        const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
        if (!token) throw unauthenticated('an API key is required: Authorization: Bearer <key>');
        const principal = await services.apiKeys.authenticate(token);
        if (!principal) throw unauthenticated('the API key is unknown, revoked or malformed');
        return createContext(db, services, principal);
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    // Stops accepting, lets in-flight requests finish (drain plugin), then closes the listener.
    stop: () => apollo.stop(),
  };
}
