import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { composeSupergraph, startGateway } from '../../examples/federation/gateway';
import { POPULATION_SDL, RunningServer, startPopulationSubgraph } from '../../examples/federation/population-subgraph';
import { Department, Role } from '../../src/platform/enums';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { TestHub } from '../support/hub';

/**
 * examples/federation, run as an integrator would: the hub, a foreign subgraph extending `Region`, and an Apollo
 * gateway over both that forwards each caller's Authorization header to the hub.
 */
// As in examples/federation/main.ts: no usage metrics sent to Apollo, whoever runs the tests.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const QUERY = `{ region(code: "510100") { name keyCity population dailyAqi(from: "2025-01-10", to: "2025-01-10") { date aqi level } } }`;
// Chengdu's own reported values on 2025-01-10, every hour at the grade-II limits but PM2.5 at 70 µg/m³:
// IAQI (100 − 50)/(75 − 35)·(70 − 35) + 50 = 93.75 → 94; CO 4 mg/m³ and MDA8 160 µg/m³ give 100 → AQI 100, GOOD.
const VALUES = { pm25: 70, pm10: 70, so2: 60, no2: 40, co: 4, o3: 160 };
const CHENGDU = { name: '成都市', keyCity: true, population: 20_937_757, dailyAqi: [{ date: '2025-01-10', aqi: 100, level: 'GOOD' }] };

async function post(url: string, query: string, authorization?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

describe('examples/federation: the hub composed with a foreign subgraph behind @apollo/gateway', () => {
  let hub: TestHub;
  let population: RunningServer;
  let key: string;
  const hubEndpoint = () => ({ name: 'hub', url: `${hub.url}/graphql` });
  const populationEndpoint = () => ({ name: 'population', url: population.url });

  beforeAll(async () => {
    hub = await TestHub.start();
    population = await startPopulationSubgraph();
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    await hub.data(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
      i: [
        { code: '510000', name: '四川省', level: 'PROVINCE' },
        { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000', keyCity: true },
      ],
    });
    const first = Date.parse('2025-01-10T01:00:00+08:00');
    const hours = Array.from({ length: 24 }, (_, slot) => ({
      regionCode: '510100',
      observedAt: new Date(first + slot * 3_600_000).toISOString(),
      ...VALUES,
    }));
    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(ecology, 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }', { i: hours });
    key = await hub.key(Department.ECOLOGY, Role.READER);
  });
  afterAll(async () => {
    await population.stop();
    await hub.stop();
  });

  describe('supergraph composed from the committed schema/hub.graphql with @apollo/composition', () => {
    let gateway: RunningServer;
    beforeAll(async () => {
      const hubSdl = readFileSync(path.join(PROJECT_ROOT, 'schema', 'hub.graphql'), 'utf8');
      const supergraphSdl = composeSupergraph([
        { ...hubEndpoint(), sdl: hubSdl },
        { ...populationEndpoint(), sdl: POPULATION_SDL },
      ]);
      expect(supergraphSdl).toMatch(/population: Int @join__field\(graph: POPULATION\)/);
      gateway = await startGateway({ supergraphSdl });
    });
    afterAll(() => gateway.stop());

    test('one query answers from both subgraphs, with the caller\'s key', async () => {
      expect(await post(gateway.url, QUERY, `Bearer ${key}`)).toEqual({ data: { region: CHENGDU } });
    });

    test('without a key, or with a wrong one, the hub refuses the caller: UNAUTHENTICATED through the gateway', async () => {
      const refusals = [
        [undefined, 'an API key is required: Authorization: Bearer <key>'],
        ['Bearer lt_not-a-key', 'the API key is unknown, revoked or malformed'],
      ];
      for (const [authorization, message] of refusals) {
        const result = await post(gateway.url, QUERY, authorization);
        expect(result.data).toEqual({ region: null });
        // The hub's own error, not the gateway's "401: Unauthorized" with the hub's address in it.
        expect(result.errors?.map((e) => [e.message, e.extensions])).toEqual([[message, { code: 'UNAUTHENTICATED' }]]);
      }
    });

    test('a department key is still held to its own grants: the gateway reads nothing with a key of its own', async () => {
      const housing = await hub.key(Department.HOUSING, Role.READER);
      const result = await post(gateway.url, QUERY, `Bearer ${housing}`);
      expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.dataset])).toEqual([['FORBIDDEN', 'air-quality-hourly']]);
    });
  });

  describe('supergraph composed by introspection (IntrospectAndCompose)', () => {
    test('with a key in introspectionHeaders, it composes and answers the same', async () => {
      const gateway = await startGateway({ introspect: [hubEndpoint(), populationEndpoint()], introspectionKey: key });
      try {
        expect(await post(gateway.url, QUERY, `Bearer ${key}`)).toEqual({ data: { region: CHENGDU } });
      } finally {
        await gateway.stop();
      }
    });

    test('without one, the hub answers the introspection 401 and the gateway cannot load', async () => {
      const gateway = new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs: [hubEndpoint(), populationEndpoint()] }) });
      await expect(gateway.load()).rejects.toThrow(/401/);
    });
  });
});
