// GraphQL over HTTP to the hub that served the page, with the key typed at sign-in.

export class KeyRefused extends Error {}

export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export class QueryFailed extends Error {
  constructor(readonly errors: GraphQLError[]) {
    super(errors.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join('; '));
  }
}

export type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function graphqlClient(key: string): Gql {
  return async <T,>(query: string, variables?: Record<string, unknown>) => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    if (response.status === 401) throw new KeyRefused();
    const body = (await response.json()) as { data?: T; errors?: GraphQLError[] };
    if (body.errors?.length) throw new QueryFailed(body.errors);
    return body.data as T;
  };
}
