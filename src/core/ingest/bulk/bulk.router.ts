import express from 'express';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { Admission } from '../../../auth/admission';
import { Principal } from '../../../auth/principal';
import { Services, createContext } from '../../../context';
import { ErrorCode } from '../../../errors';
import { findFeed } from '../../../feeds/registry';
import { logger } from '../../../logger';
import { BulkFileError } from './bulk-file-error';
import { BulkLoader } from './bulk-loader';
import { formatOf, readRecords } from './records';

/** Row errors a response lists; the counts cover them all. */
const LISTED_ERRORS = 100;

export interface BulkRouterOptions {
  db: DataSource;
  services: Services;
  /** The same door as GraphQL's: key, then rate limit. */
  admit: Admission;
}

/**
 * `POST /ingest/<dataset>` with a CSV (`text/csv`) or NDJSON (`application/x-ndjson`) body: a department system
 * pushes a file through the bulk loader, the body streamed (never buffered whole). Same key, rights and rate limit
 * as GraphQL; the answer is `{ accepted, rejected, unchanged, batchId, errors }`, refusals are GraphQL-shaped errors
 * with `extensions.code`.
 */
export function bulkIngestRouter(options: BulkRouterOptions): express.Router {
  const loader = new BulkLoader(options.db, options.services.rollup);
  const router = express.Router();

  router.post('/:dataset', async (req, res) => {
    const refuse = (status: number, code: string, message: string) => {
      if (res.locals.context) res.locals.context.note.errorCode = code;
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    };
    let principal: Principal;
    try {
      principal = await options.admit(req.headers.authorization, res.locals);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const http = error.extensions.http as { status: number; headers?: Map<string, string> };
      for (const [name, value] of http.headers ?? []) res.set(name, value);
      return refuse(http.status, String(error.extensions.code), error.message);
    }

    const context = createContext(options.db, options.services, principal);
    Object.assign(context.note, { operation: 'bulkIngest', operationType: 'mutation' });
    res.locals.context = context;
    const feed = findFeed(req.params.dataset);
    if (!feed) return refuse(404, ErrorCode.NOT_FOUND, `no dataset ${req.params.dataset}`);
    const format = formatOf(req.headers['content-type'] ?? '');
    if (!format) return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv or application/x-ndjson');

    try {
      const records = readRecords(req, format, feed.dataset.fields.map((f) => f.name)).records;
      const report = await loader.load(context.access, feed, records, { maxErrors: LISTED_ERRORS });
      const { accepted, rejected, unchanged, batchId, errors } = report;
      res.json({ accepted, rejected, unchanged, batchId, errors });
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.FORBIDDEN) return refuse(403, ErrorCode.FORBIDDEN, error.message);
      if (error instanceof BulkFileError) return refuse(400, ErrorCode.BAD_USER_INPUT, `${error.message}; nothing was stored`);
      if (req.readableAborted) return logger.warn({ dataset: feed.dataset.id }, 'bulk ingest: the client went away mid-file; nothing was stored');
      logger.error({ err: error, dataset: feed.dataset.id }, 'bulk ingest failed');
      refuse(500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
  });
  return router;
}
