import { readFileSync } from 'node:fs';
import { composeSupergraph, startGateway, SupergraphSource } from './gateway';
import { POPULATION_SDL, startPopulationSubgraph } from './population-subgraph';

/**
 * The example, run from the repository's root against a running hub: the population subgraph, then a gateway over
 * the hub and it. By default the supergraph is composed from the committed schema/hub.graphql; with --introspect it
 * is composed by asking the subgraphs for their SDL, with the key in LANTIAN_KEY.
 */
async function main() {
  // The hub's networks are closed: the gateway must not try to send its usage metrics to Apollo.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const hubUrl = process.env.HUB_URL ?? 'http://localhost:4000/graphql';
  const population = await startPopulationSubgraph(Number(process.env.POPULATION_PORT ?? 4002));
  const hub = { name: 'hub', url: hubUrl };
  const foreign = { name: 'population', url: population.url };
  let source: SupergraphSource;
  if (process.argv.includes('--introspect')) {
    const key = process.env.LANTIAN_KEY;
    if (!key) throw new Error('--introspect needs a hub key in LANTIAN_KEY: the hub answers no request without one');
    source = { introspect: [hub, foreign], introspectionKey: key };
  } else {
    const hubSdl = readFileSync(process.env.HUB_SDL ?? 'schema/hub.graphql', 'utf8');
    source = { supergraphSdl: composeSupergraph([{ ...hub, sdl: hubSdl }, { ...foreign, sdl: POPULATION_SDL }]) };
  }
  const gateway = await startGateway(source, Number(process.env.GATEWAY_PORT ?? 4001));
  console.log(`population subgraph at ${population.url}; gateway over ${hubUrl} and it at ${gateway.url}`);
  const stop = async () => {
    await gateway.stop();
    await population.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
