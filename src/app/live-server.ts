import http from 'node:http';
import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import type { ExecutionArgs } from 'graphql';
import { Context as WsContext } from 'graphql-ws';
import { Extra, useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { DataSource } from 'typeorm';
import { Principal } from '../access/principal';
import { Admission, CallerNote } from '../admin/admission';
import { AuditLog } from '../admin/audit-log';
import { OperationLimits, RateLimiter, fragmentNestingRule, operationLimitsCheck } from '../admin/limits';
import { FeedStalenessWatch } from '../live/feed-staleness';
import { Config } from '../platform/config';
import { ErrorCode, hubError } from '../platform/errors';
import { Context, Services, createContext } from './context';

/** WebSocket close codes of refused connections (graphql-ws's 4401 and 4429; 1013 "try again later"). */
const CLOSE_CODES: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 4401,
  [ErrorCode.RATE_LIMITED]: 4429,
  [ErrorCode.TOO_MANY_CONNECTIONS]: 4429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 1013,
};
/** A close reason holds at most 123 bytes. */
const MAX_REASON_BYTES = 123;

/** One socket's state: its caller once admitted, and its subscriptions running. */
interface Connection {
  principal?: Principal;
  subscriptions: Map<string, { context: Context; operation: string | null; started: bigint; at: Date }>;
}

type Ctx = WsContext<Record<string, unknown> | undefined, Extra & Partial<Record<PropertyKey, never>>>;

export interface LiveServerOptions {
  config: Pick<Config, 'liveConnectionsPerKey' | 'feedStaleCheckMs' | 'rateLimits'> & { limits: OperationLimits };
  db: DataSource;
  services: Services;
  admit: Admission;
  rateLimiter: RateLimiter;
  audit: AuditLog | null;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
}

/**
 * GraphQL subscriptions over WebSocket (the graphql-transport-ws protocol of graphql-ws) on the HTTP server's
 * /graphql. A connection is admitted like a request: its connection_init payload's `authorization` (or the upgrade
 * request's Authorization header) is a bearer API key, verified and rate-limited; a key holds at most
 * `liveConnectionsPerKey` connections on this process. Refusals close the socket with a code (4401, 4429, 1013) and
 * a reason that starts with the error code. Only subscriptions run here, through the same validation rules and
 * operation limits as POST /graphql; each subscription's start and end are audit entries (its end counts the events
 * delivered as rows read). Returns the Apollo plugin that drains it on stop.
 */
export async function startLiveServer(httpServer: http.Server, schema: GraphQLSchema, options: LiveServerOptions): Promise<ApolloServerPlugin<Context>> {
  const { config, db, services, admit, audit } = options;
  const withinLimits = operationLimitsCheck(schema, config.limits);
  const rules = [...specifiedRules, fragmentNestingRule()];
  const connections = new WeakMap<Ctx, Connection>();
  const perKey = new Map<string, number>();
  const stateOf = (ctx: Ctx): Connection => {
    let state = connections.get(ctx);
    if (!state) connections.set(ctx, (state = { subscriptions: new Map() }));
    return state;
  };

  const record = (entry: { principal?: Principal; operation: string | null; operationType: string; at: Date; started: bigint; reads?: Map<string, number>; errorCode: string | null }) =>
    audit?.record({
      at: entry.at,
      keyId: entry.principal?.keyId ?? null,
      department: entry.principal?.department ?? null,
      role: entry.principal?.role ?? null,
      operation: entry.operation,
      operationType: entry.operationType,
      reads: entry.reads ?? new Map(),
      writes: new Map(),
      durationMs: Number(process.hrtime.bigint() - entry.started) / 1e6,
      outcome: entry.errorCode ? 'ERROR' : 'OK',
      errorCode: entry.errorCode,
      httpStatus: null,
    });

  const refuse = (ctx: Ctx, error: GraphQLError, note: CallerNote, at: Date, started: bigint): false => {
    const code = String(error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    record({ principal: note.principal, operation: null, operationType: 'subscription connection', at, started, errorCode: code });
    ctx.extra.socket.close(CLOSE_CODES[code] ?? 4500, reasonOf(`${code}: ${error.message}`));
    return false;
  };

  await services.live.start();
  const staleness = new FeedStalenessWatch(db, config.feedStaleCheckMs);
  staleness.start();

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const cleanup = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      onConnect: async (ctx) => {
        const at = new Date();
        const started = process.hrtime.bigint();
        const note: CallerNote = {};
        const params = ctx.connectionParams ?? {};
        const given = params.authorization ?? params.Authorization ?? ctx.extra.request.headers.authorization;
        let principal: Principal;
        try {
          principal = await admit(typeof given === 'string' ? given : undefined, note, ctx.extra.request.socket.remoteAddress);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return refuse(ctx, error, note, at, started);
        }
        const open = perKey.get(principal.keyId) ?? 0;
        if (open >= config.liveConnectionsPerKey) {
          const error = hubError(ErrorCode.TOO_MANY_CONNECTIONS, `key ${principal.keyId} holds ${open} subscription connections, the most it may (LIVE_CONNECTIONS_PER_KEY)`);
          return refuse(ctx, error, note, at, started);
        }
        perKey.set(principal.keyId, open + 1);
        stateOf(ctx).principal = principal;
        return { keyId: principal.keyId, department: principal.department, role: principal.role };
      },
      onClose: (ctx) => {
        const { principal } = stateOf(ctx);
        if (!principal) return;
        const open = (perKey.get(principal.keyId) ?? 1) - 1;
        if (open > 0) perKey.set(principal.keyId, open);
        else perKey.delete(principal.keyId);
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const principal = stateOf(ctx).principal!;
        const turn = options.rateLimiter.take(principal.keyId, principal.role);
        if (!turn.allowed) {
          return [hubError(ErrorCode.RATE_LIMITED, `rate limit of ${config.rateLimits[principal.role]} requests a minute reached for key ${principal.keyId}`, { retryAfter: turn.retryAfterSeconds })];
        }
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [hubError(ErrorCode.BAD_USER_INPUT, 'name the operation to run (operationName): the document holds several or none')];
        if (operation.operation !== 'subscription') {
          return [hubError(ErrorCode.BAD_USER_INPUT, `only subscriptions run over WebSocket; send a ${operation.operation} by POST /graphql`)];
        }
        try {
          withinLimits(document, operation, payload.operationName ?? undefined, payload.variables ?? {});
        } catch (error) {
          return [error as GraphQLError];
        }
        const contextValue = createContext(db, services, principal);
        contextValue.note.operation = payload.operationName ?? operation.name?.value ?? null;
        contextValue.note.operationType = 'subscription';
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onOperation: (ctx, id, _payload, args, result) => {
        const state = stateOf(ctx);
        const context = args.contextValue as Context;
        const at = new Date();
        const started = process.hrtime.bigint();
        const refused = !(Symbol.asyncIterator in (result as object));
        const errorCode = refused ? String((result as { errors?: GraphQLError[] }).errors?.[0]?.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR) : null;
        record({ principal: state.principal, operation: context.note.operation, operationType: 'subscription', at, started, reads: new Map(context.access.reads), errorCode });
        if (!refused) state.subscriptions.set(id, { context, operation: context.note.operation, started, at });
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => options.formatError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => options.formatError(e.toJSON(), e)),
      onComplete: (ctx, id) => {
        const state = stateOf(ctx);
        const running = state.subscriptions.get(id);
        if (!running) return;
        state.subscriptions.delete(id);
        record({
          principal: state.principal,
          operation: running.operation,
          operationType: 'subscription end',
          at: running.at,
          started: running.started,
          reads: running.context.access.reads,
          errorCode: null,
        });
      },
    },
    wsServer,
  );

  return {
    async serverWillStart() {
      return {
        async drainServer() {
          await cleanup.dispose();
          await staleness.stop();
          await services.live.stop();
        },
      };
    },
  };
}

function reasonOf(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > MAX_REASON_BYTES) reason = `${reason.slice(0, -2)}…`;
  return reason;
}
