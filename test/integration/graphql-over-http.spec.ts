import { serverAudits } from 'graphql-http';
import { Department, Role } from '../../src/core/enums';
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
