import { IncomingMessage } from 'node:http';
import { Transform, TransformCallback } from 'node:stream';
import express from 'express';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { Admission } from '../../admin/admission';
import { Principal } from '../../access/principal';
import { Context, Services } from '../../platform/context.type';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../../platform/db/database-errors';
import { ErrorCode } from '../../platform/errors';
import { findFeed } from '../../catalog/registry';
import { recordFieldNames } from '../../catalog/feed';
import { logger } from '../../platform/logger';
import { BulkFileError } from './bulk-file-error';
import { BulkLoader } from './bulk-loader';
import { formatOf, readRecords } from './records';

/** How much of a refused anonymous or rate-limited upload is read (so the client can read the answer) before closing. */
const UNADMITTED_DISCARD_BYTES = 1_048_576;

/** Row errors a response lists; the counts cover them all. */
const LISTED_ERRORS = 100;

export interface BulkRouterOptions {
  db: DataSource;
  services: Services;
  /** A request's context, as GraphQL's requests get theirs (built by the app). */
  createContext(principal: Principal): Context;
  /** The same door as GraphQL's: key, then rate limit. */
  admit: Admission;
  /** The largest body, in bytes (`INGEST_BODY_LIMIT`). */
  bodyLimit: number;
  /** Once a load has committed, before its answer (the app tells its read replicas the caller wrote). */
  afterWrite?(principal: Principal): Promise<void>;
}

/**
 * `POST /ingest/<dataset>` with a CSV (`text/csv`) or NDJSON (`application/x-ndjson`) body: a department system
 * pushes a file through the bulk loader, the body streamed (never buffered whole) up to `bodyLimit` bytes. Same key,
 * rights and rate limit as GraphQL; the answer is `{ accepted, rejected, unchanged, batchId, errors }`, refusals are
 * GraphQL-shaped errors with `extensions.code`. A client that closes the connection before the answer aborts the
 * load, which rolls back.
 */
export function bulkIngestRouter(options: BulkRouterOptions): express.Router {
  const loader = new BulkLoader(options.db, options.services.rollups);
  const router = express.Router();

  router.post('/:dataset', (req, res) => {
    // The audit entry of a request whose client went away waits for this: rolled back, or committed after all.
    const settled = ingest(req, res);
    res.locals.settled = settled;
    return settled;
  });

  async function ingest(req: express.Request<{ dataset: string }>, res: express.Response): Promise<void> {
    const clientGone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) clientGone.abort(new Error('the client closed the connection before the answer'));
    });
    const body = new BodyLimit(options.bodyLimit);
    const refuse = (status: number, code: string, message: string, headers: Iterable<[string, string]> = [], discardUpTo = options.bodyLimit) => {
      if (res.locals.context) res.locals.context.note.errorCode = code;
      for (const [name, value] of headers) res.set(name, value);
      if (code === ErrorCode.PAYLOAD_TOO_LARGE) res.set('connection', 'close');
      else discardRest(req, body, discardUpTo);
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    };
    let principal: Principal;
    try {
      principal = await options.admit(req.headers.authorization, res.locals, req.socket.remoteAddress);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const http = error.extensions.http as { status: number; headers?: Map<string, string> };
      // A caller without a valid key gets no more of our reading than a small file's worth.
      return refuse(http.status, String(error.extensions.code), error.message, http.headers, UNADMITTED_DISCARD_BYTES);
    }

    const context = options.createContext(principal);
    Object.assign(context.note, { operation: 'bulkIngest', operationType: 'mutation' });
    res.locals.context = context;
    const feed = findFeed(req.params.dataset);
    if (!feed) return refuse(404, ErrorCode.NOT_FOUND, `no dataset ${req.params.dataset}`);
    const format = formatOf(req.headers['content-type'] ?? '');
    if (!format) return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv or application/x-ndjson');
    const declared = Number(req.headers['content-length']);
    if (declared > options.bodyLimit) return refuse(413, ErrorCode.PAYLOAD_TOO_LARGE, tooLargeMessage(options.bodyLimit));

    req.pipe(body);
    req.once('error', (error) => body.destroy(error));
    try {
      const records = readRecords(body, format, recordFieldNames(feed)).records;
      const report = await loader.load(context.access, feed, records, { maxErrors: LISTED_ERRORS, signal: clientGone.signal });
      const { accepted, rejected, unchanged, batchId, errors } = report;
      await options.afterWrite?.(principal);
      res.json({ accepted, rejected, unchanged, batchId, errors });
    } catch (error) {
      if (clientGone.signal.aborted) {
        return logger.warn({ dataset: feed.dataset.id }, 'bulk ingest: the client went away before the answer; the load was rolled back');
      }
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.FORBIDDEN) return refuse(403, ErrorCode.FORBIDDEN, error.message);
      if (error instanceof BulkFileError) return refuse(error.httpStatus, error.code, `${error.message}; nothing was stored`);
      if (isDatabaseUnavailable(error)) {
        logger.warn({ err: error, dataset: feed.dataset.id }, 'bulk ingest: the database is unavailable');
        return refuse(503, ErrorCode.SERVICE_UNAVAILABLE, `${DATABASE_UNAVAILABLE}; nothing was stored`, [['retry-after', String(DATABASE_RETRY_AFTER_SECONDS)]]);
      }
      logger.error({ err: error, dataset: feed.dataset.id }, 'bulk ingest failed');
      refuse(500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
  }
  return router;
}

const tooLargeMessage = (limit: number) => `the body is larger than ${limit} bytes, the most a file may have over HTTP (INGEST_BODY_LIMIT): split it`;

/** Passes a request body through, failing with PAYLOAD_TOO_LARGE once it goes past `limit` bytes. */
class BodyLimit extends Transform {
  bytes = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(new BulkFileError(tooLargeMessage(this.limit), ErrorCode.PAYLOAD_TOO_LARGE, 413));
    done(null, chunk);
  }
}

/**
 * A refused request's body is read and thrown away, so that the client, still sending, gets to read the answer on
 * a connection that stays usable; but no further than the body limit, past which the connection is closed.
 */
function discardRest(req: IncomingMessage, body: BodyLimit, limit: number): void {
  if (req.complete) return;
  req.unpipe(body);
  let bytes = body.bytes;
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > limit) req.destroy();
  });
  req.resume();
}
