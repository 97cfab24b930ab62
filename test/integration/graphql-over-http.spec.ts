import { serverAudits } from 'graphql-http';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  let hub: TestHub;
  let key: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    key = await hub.key(Department.FORESTRY, Role.READER);
  });
  afterAll(() => hub.stop());

  // Every request needs a key, so the audits' requests carry one; everything else is theirs unchanged.
  const audits = serverAudits({
    url: () => `${hub.url}/graphql`,
    fetchFn: (input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${key}`);
      return fetch(input, { ...init, headers });
    },
  });

  test.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    // 'error' is a failed MUST, 'warn' a failed SHOULD: both count.
    expect({ status: result.status, reason: 'reason' in result ? result.reason : undefined }).toEqual({ status: 'ok', reason: undefined });
  });
});

describe('request errors: one status rule per media type', () => {
  let hub: TestHub;
  let key: string;

  beforeAll(async () => {
    hub = await TestHub.start({ MAX_QUERY_DEPTH: '3', MAX_QUERY_ALIASES: '2', MAX_QUERY_COST: '500' });
    key = await hub.key(Department.COMMAND_CENTER, Role.READER);
  });
  afterAll(() => hub.stop());

  const REFUSED: [string, { query: string; variables?: Record<string, unknown>; operationName?: string }][] = [
    ['GRAPHQL_PARSE_FAILED', { query: '{ regions {' }],
    ['GRAPHQL_VALIDATION_FAILED', { query: '{ nope }' }],
    ['BAD_USER_INPUT', { query: 'query($l: RegionLevel) { regions(level: $l) { totalCount } }', variables: { l: 'national' } }],
    ['OPERATION_RESOLUTION_FAILURE', { query: 'query A { me { keyId } }', operationName: 'B' }],
    ['QUERY_TOO_DEEP', { query: '{ regions { edges { node { parent { parent { code } } } } } }' }],
    ['TOO_MANY_ALIASES', { query: '{ a: me { keyId } b: me { keyId } c: me { keyId } }' }],
    ['QUERY_TOO_COSTLY', { query: '{ regions(first: 1000) { totalCount } }' }],
  ];

  test.each(REFUSED)('%s: 200 for application/json, 400 for application/graphql-response+json', async (code, body) => {
    for (const [accept, status] of [['application/json', 200], ['application/graphql-response+json', 400]] as const) {
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect({ accept, status: response.status, code: answer.errors[0].extensions.code }).toEqual({ accept, status, code });
    }
  });
});
