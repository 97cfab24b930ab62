import { composeServices } from '@apollo/composition';
import { ApolloGateway, GraphQLDataSourceProcessOptions, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError, parse } from 'graphql';
import type { RunningServer } from './population-subgraph';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** Where the gateway gets its supergraph. */
export type SupergraphSource =
  /** Composed ahead of time from the subgraphs' SDL (`composeSupergraph`): how production supergraphs are built. */
  | { supergraphSdl: string }
  /** Composed at start-up by asking each subgraph for its SDL; the hub answers only a request with a key. */
  | { introspect: SubgraphEndpoint[]; introspectionKey: string };

/** What the gateway keeps of the caller's request for the subgraphs. */
interface GatewayContext {
  authorization?: string;
}

/**
 * Sends every subgraph request with the caller's Authorization header, so that the hub admits or refuses the caller
 * itself and answers with what the caller's key may read — never with what a gateway's own key could.
 */
class ForwardAuthorization extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }

  /** A request the hub refuses (401 without a valid key) reaches the caller as the hub's own error, without the hub's address. */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: { message: string; extensions?: Record<string, unknown> }[] } })?.body;
    const hubError = body && typeof body === 'object' ? body.errors?.[0] : undefined;
    return hubError ? new GraphQLError(hubError.message, { extensions: hubError.extensions }) : error;
  }
}

/** The supergraph of these subgraphs, as `rover supergraph compose` would write it; throws with the reasons if they do not compose. */
export function composeSupergraph(subgraphs: (SubgraphEndpoint & { sdl: string })[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) throw new Error(`the subgraphs do not compose:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}

/** An Apollo gateway over the supergraph on `port` (0: any free port), forwarding each caller's Authorization header. */
export async function startGateway(source: SupergraphSource, port = 0): Promise<RunningServer> {
  const gateway = new ApolloGateway({
    supergraphSdl:
      'supergraphSdl' in source
        ? source.supergraphSdl
        : new IntrospectAndCompose({
            subgraphs: source.introspect,
            introspectionHeaders: { authorization: `Bearer ${source.introspectionKey}` },
          }),
    buildService: ({ url }) => new ForwardAuthorization({ url }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}
