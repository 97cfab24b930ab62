// Keeps the screen current without a reload. The page re-reads on a fixed interval whatever happens (a dropped
// socket must not freeze the screen); when the hub offers graphql-ws subscriptions, their events re-read at once.
import { Client, createClient } from 'graphql-ws';
import { Gql } from './api';
import { SUBSCRIPTION_FIELDS, SubscriptionField, TypeRef } from './queries';

export type LiveMode = 'polling' | 'subscriptions';

export interface LiveOptions {
  key: string;
  gql: Gql;
  provinceCode: string;
  cityCodes: string[];
  intervalMs: number;
  refresh: () => void;
  onMode: (mode: LiveMode) => void;
}

/** Events that come close together (a batch touches every city) cause one re-read. */
const COALESCE_MS = 200;

function printType(type: TypeRef): string {
  if (type.kind === 'NON_NULL') return `${printType(type.ofType!)}!`;
  if (type.kind === 'LIST') return `[${printType(type.ofType!)}]`;
  return type.name!;
}

interface Planned {
  query: string;
  variables: Record<string, unknown>;
}

/** The subscriptions worth a re-read, with each field's argument types as the server declares them. */
function plan(fields: SubscriptionField[], provinceCode: string, cityCodes: string[]): Planned[] {
  const wanted: [string, Record<string, unknown>][] = [
    ['datasetUpdated', { dataset: 'air-quality-hourly', regionCode: provinceCode }],
    ['alertIssued', { provinceCode }],
    ...cityCodes.map((regionCode): [string, Record<string, unknown>] => ['aqiLevelChanged', { regionCode }]),
  ];
  return wanted.flatMap(([name, values]) => {
    const field = fields.find((f) => f.name === name);
    if (!field) return [];
    const args = field.args.filter((a) => a.name in values);
    const definitions = args.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ');
    const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
    return [{
      query: `subscription${definitions ? `(${definitions})` : ''} { ${name}${passed ? `(${passed})` : ''} { __typename } }`,
      variables: Object.fromEntries(args.map((a) => [a.name, values[a.name]])),
    }];
  });
}

export function startLive(options: LiveOptions): () => void {
  const timer = setInterval(options.refresh, options.intervalMs);
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(options.refresh, COALESCE_MS);
  };
  let client: Client | undefined;
  let stopped = false;

  void (async () => {
    // Introspection first: a hub without subscriptions is never asked to open a socket.
    const fields = await options
      .gql<{ __schema: { subscriptionType: { fields: SubscriptionField[] } | null } }>(SUBSCRIPTION_FIELDS)
      .then((d) => d.__schema.subscriptionType?.fields ?? [], () => []);
    const planned = plan(fields, options.provinceCode, options.cityCodes);
    if (stopped || planned.length === 0) return;
    client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: { authorization: `Bearer ${options.key}` },
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: {
        connected: () => options.onMode('subscriptions'),
        closed: () => options.onMode('polling'),
      },
    });
    for (const { query, variables } of planned) {
      client.subscribe({ query, variables }, { next: refreshSoon, error: () => undefined, complete: () => undefined });
    }
  })();

  return () => {
    stopped = true;
    clearInterval(timer);
    clearTimeout(pending);
    void client?.dispose();
  };
}
