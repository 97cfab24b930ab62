import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { Context } from './context';
import { CallerNote } from '../admin/admission';

/** What a request's handlers leave for its audit entry (Express's `res.locals`, or the fast path's own object). */
export interface RequestLocals extends CallerNote {
  context?: Context;
  /** Settles when the handler is done with a request its client left (a bulk load rolled back, or committed after all). */
  settled?: Promise<unknown>;
}

/** A JSON body in UTF-8 (or with no charset named), the one a GraphQL client sends. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*(?:utf-8|"utf-8")\s*)?$/i;
/** JSON's whitespace, then the first character: a strict body is an object or an array (body-parser's rule). */
const FIRST_CHARACTER = /^[ \t\n\r]*([^ \t\n\r])/;

export interface GraphqlPostOptions {
  apollo: ApolloServer<Context>;
  /** The largest body taken, in bytes (REQUEST_BODY_LIMIT). */
  bodyLimit: number;
  /** Opens the request's audit entry (recorded when the response is sent or the client goes). */
  audit: (req: http.IncomingMessage & { body?: unknown }, res: http.ServerResponse, locals: RequestLocals) => void;
  /** The request's context: its caller admitted, its reads routed (and kept in `locals` for the audit). */
  context: (req: http.IncomingMessage, body: unknown, locals: RequestLocals) => Promise<Context>;
  /** Answers a request that failed outside GraphQL, as every route does (http.ts `sendRequestError`). */
  fail: (res: http.ServerResponse, error: unknown) => void;
}

/**
 * `POST /graphql` with a plain JSON body, served straight from Node's request: no Express routing, body parser or
 * integration per request. Beside the same hub through Express, a one-row lookup took 1.6× the requests a second
 * (bench:postgraphile, `station-entity` and `region`). Any other request is left to Express (`false`): another media
 * type or charset, a compressed body, one without a declared length or over the limit, another method or path, so
 * each keeps its answer. The body is read as the JSON parser Express uses reads it (UTF-8, a byte-order mark dropped,
 * empty as `{}`, only an object or an array), and audited the same.
 */
export function graphqlPostHandler(o: GraphqlPostOptions): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') return false;
    const type = req.headers['content-type'];
    const encoding = req.headers['content-encoding'];
    const length = Number(req.headers['content-length']);
    if (!type || !PLAIN_JSON.test(type) || (encoding && encoding.toLowerCase() !== 'identity')) return false;
    if (!Number.isInteger(length) || length < 0 || length > o.bodyLimit) return false;

    const locals: RequestLocals = {};
    // Whatever goes wrong on the way, the request ends: answered if it can be, else its connection closed.
    const fail = (error: unknown) => {
      try {
        o.fail(res, error);
      } catch {
        res.destroy();
      }
    };
    o.audit(req, res, locals);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client gone before its body is in: nothing to answer (its audit entry records it as closed). Once the body is
    // in, Node may still report the connection's end here; the answer, or its own failure, settles the request.
    req.on('error', () => {
      if (!req.complete) res.destroy();
    });
    req.on('end', () => {
      let body: unknown;
      try {
        body = parseBody(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        fail(Object.assign(error as Error, { status: 400, expose: true }));
        return;
      }
      (req as { body?: unknown }).body = body;
      answer(o, req, res, body, locals).catch(fail);
    });
    return true;
  };
}

function parseBody(text: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (json.length === 0) return {};
  const first = FIRST_CHARACTER.exec(json)?.[1];
  if (first !== '{' && first !== '[') throw strictViolation(json, first);
  return JSON.parse(json);
}

/**
 * The error body-parser gives a body that is valid JSON but no object or array: JSON.parse's own message for the
 * body with everything from that character on blanked out, the character put back, so both paths say the same.
 */
function strictViolation(json: string, first: string | undefined): SyntaxError {
  const index = first === undefined ? -1 : json.indexOf(first);
  const partial = index === -1 ? '' : json.slice(0, index) + '#'.repeat(json.length - index);
  try {
    JSON.parse(partial);
  } catch (error) {
    return new SyntaxError((error as Error).message.replace(/#+/g, (blank) => json.slice(index, index + blank.length)));
  }
  return new SyntaxError('a JSON object or array was expected');
}

async function answer(o: GraphqlPostOptions, req: http.IncomingMessage, res: http.ServerResponse, body: unknown, locals: RequestLocals): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await o.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body },
    context: () => o.context(req, body, locals),
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
