import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/**
 * A foreign subgraph: another system's data about the hub's regions. It extends the hub's `Region` entity by its key
 * (`code`) and adds one field; the gateway joins the two.
 */
export const POPULATION_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

type Region @key(fields: "code") {
  code: String!
  """Resident population at the seventh national census (1 November 2020); null when this subgraph has no figure."""
  population: Int
}
`;

/** 第七次全国人口普查 (National Bureau of Statistics, 2021): resident population on 1 November 2020. */
const CENSUS_2020: Readonly<Record<string, number>> = {
  '110000': 21_893_095, // 北京市
  '110100': 21_893_095, // 北京市市辖区: every district of Beijing
  '510000': 83_674_866, // 四川省
  '510100': 20_937_757, // 成都市
};

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

/** Serves the population subgraph on `port` (0: any free port). */
export async function startPopulationSubgraph(port = 0): Promise<RunningServer> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(POPULATION_SDL),
      resolvers: {
        Region: {
          __resolveReference: ({ code }: { code: string }) => ({ code, population: CENSUS_2020[code] ?? null }),
        },
      },
    }),
    // Inline traces are for Apollo's hosted usage reporting, which this example does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port } });
  return { url, stop: () => server.stop() };
}
