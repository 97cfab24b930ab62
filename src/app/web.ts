import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import Negotiator from 'negotiator';
import { ErrorCode } from '../platform/errors';
import { PROJECT_ROOT } from '../platform/paths';

/** Where scripts/build-web.ts writes the pages and their assets. */
export const WEB_ROOT = path.join(PROJECT_ROOT, 'dist', 'web');

/**
 * The pages load nothing but the hub's own files: the browser refuses any other host, whatever a library tries.
 * Styles may be inline (ECharts and Monaco set them on elements); fonts and images may be data: URLs (GraphiQL's).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const GRAPHQL_OR_HTML = ['application/graphql-response+json', 'application/json', 'text/html'];

/** A browser navigating to /graphql prefers HTML; a GraphQL client (or `*\/*`) gets GraphQL over HTTP as before. */
function prefersHtml(req: express.Request): boolean {
  return new Negotiator(req).mediaType(GRAPHQL_OR_HTML) === 'text/html';
}

function sendPage(root: string, file: string): express.RequestHandler {
  return (_req, res) => {
    const page = path.join(root, file);
    if (!existsSync(page)) {
      res.status(503).json({ errors: [{ message: 'the web pages are not built: run `npm run build`', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] });
      return;
    }
    res.set({ 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.sendFile(page);
  };
}

/**
 * The command-center page at `/`, its hashed assets under `/assets/` (cached for good: a new build has new names),
 * and the GraphiQL explorer for a browser's `GET /graphql`. The pages are static: the data come from /graphql with
 * the key the user types, so serving them needs no key.
 */
export function webRoutes(root = WEB_ROOT): { pages: express.Router; explorer: express.RequestHandler } {
  const pages = express.Router();
  pages.get('/', sendPage(root, 'index.html'));
  pages.use(
    '/assets',
    express.static(path.join(root, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.set('x-content-type-options', 'nosniff'),
    }),
  );
  const explorerPage = sendPage(root, 'explorer.html');
  const explorer: express.RequestHandler = (req, res, next) => (prefersHtml(req) ? explorerPage(req, res, next) : next());
  return { pages, explorer };
}
