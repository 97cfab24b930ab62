import { EventEmitter } from 'node:events';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { Context } from '../../../src/app/context';
import { graphqlPostHandler } from '../../../src/app/graphql-post';

/** A request as Node hands it over, before its body is read. */
function request(method: string, url: string, headers: Record<string, string>): http.IncomingMessage {
  return Object.assign(new EventEmitter(), { method, url, headers, complete: false }) as unknown as http.IncomingMessage;
}

describe('which requests POST /graphql takes without Express', () => {
  const audited: unknown[] = [];
  const handle = graphqlPostHandler({
    apollo: {} as ApolloServer<Context>,
    bodyLimit: 1024,
    audit: (req) => audited.push(req.url),
    context: async () => ({}) as Context,
    fail: () => {},
  });
  const takes = (method: string, url: string, headers: Record<string, string>) => handle(request(method, url, headers), {} as http.ServerResponse);
  const json = { 'content-type': 'application/json', 'content-length': '20' };

  test('a JSON body of declared length within the limit, in UTF-8 or no charset named', () => {
    expect(takes('POST', '/graphql', json)).toBe(true);
    expect(takes('POST', '/graphql', { ...json, 'content-type': 'application/json; charset=UTF-8' })).toBe(true);
    expect(takes('POST', '/graphql', { ...json, 'content-type': 'application/json;charset="utf-8"' })).toBe(true);
    expect(takes('POST', '/graphql', { ...json, 'content-encoding': 'identity' })).toBe(true);
    expect(takes('POST', '/graphql', { ...json, 'content-length': '1024' })).toBe(true);
    expect(audited).toHaveLength(5);
  });

  test('everything else is left to Express, unread and unaudited', () => {
    audited.length = 0;
    const declined: [string, string, Record<string, string>][] = [
      ['GET', '/graphql', json],
      ['POST', '/graphql?x=1', json],
      ['POST', '/graphql/', json],
      ['POST', '/ingest/regions', json],
      ['POST', '/graphql', { 'content-type': 'application/json' }],
      ['POST', '/graphql', { ...json, 'content-length': '1025' }],
      ['POST', '/graphql', { ...json, 'content-type': 'application/graphql-response+json' }],
      ['POST', '/graphql', { ...json, 'content-type': 'application/json; charset=utf-16' }],
      ['POST', '/graphql', { ...json, 'content-type': 'application/json; charset=utf-8"' }],
      ['POST', '/graphql', { ...json, 'content-type': 'text/plain' }],
      ['POST', '/graphql', { ...json, 'content-encoding': 'gzip' }],
    ];
    for (const [method, url, headers] of declined) expect({ method, url, headers, taken: takes(method, url, headers) }).toEqual({ method, url, headers, taken: false });
    expect(audited).toEqual([]);
  });
});
