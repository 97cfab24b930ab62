import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { NonEmptyArray, PubSub, buildSchema, createResolversMap } from 'type-graphql';
import { ApiKeyResolver } from '../admin/api-key.resolver';
import { AuditResolver } from '../admin/audit.resolver';
import { AuthResolver } from '../admin/auth.resolver';
import { GrantResolver } from '../admin/grant.resolver';
// The departments' modules first: type-graphql orders the SDL as the decorated classes are evaluated.
import { DEFINED_DATASETS, registerDepartments } from './modules';
import { CatalogResolver } from '../admin/catalog.resolver';
import { Context } from './context';
import { provenanceResolver } from '../ingest/provenance.resolver';
import { publishOnCoercedRows } from '../ingest/publish-mutations';
import { refuseNulArguments } from '../platform/nul-arguments';
import { Region } from '../regions/region.entity';
import { RegionResolver } from '../regions/region.resolver';
import { DateTimeScalar } from '../platform/scalars';
import { CityTarget } from '../feeds/command-center/city-target.entity';
import { AirQualityObservation } from '../feeds/ecology/air-quality.entity';
import { AirQualityResolver } from '../feeds/ecology/air-quality.resolver';
import { AirStation } from '../feeds/ecology/air-station.entity';
import { AirStationIndicatorResolver, AirStationResolver, RegionAirStationsResolver } from '../feeds/ecology/air-station.resolver';
import { CityTargetResolver } from '../feeds/command-center/city-target.resolver';
import { badUserInput } from '../platform/errors';
import { MonthlyScoreResolver } from '../indicators/monthly-score.resolver';
import { DailyExplainFormerNameResolver, IndicatorResolver, PeriodIndicatorsFormerNameResolver, RegionIndicatorResolver } from '../indicators/indicator.resolver';
import {
  AlertComplianceResolver,
  CityFireInfluenceResolver,
  CityOverviewResolver,
  EnergyAnomalyResolver,
  EnterpriseComplianceResolver,
  JointControlResolver,
  SiteMachineryDuringAlertResolver,
} from '../joint/joint.resolver';
import { LiveResolver } from '../live/live.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const RESOLVERS: NonEmptyArray<Function> = [
  AuthResolver,
  ApiKeyResolver,
  AuditResolver,
  GrantResolver,
  CatalogResolver,
  RegionResolver,
  AirStationResolver,
  RegionAirStationsResolver,
  AirQualityResolver,
  IndicatorResolver,
  RegionIndicatorResolver,
  DailyExplainFormerNameResolver,
  PeriodIndicatorsFormerNameResolver,
  AirStationIndicatorResolver,
  CityTargetResolver,
  MonthlyScoreResolver,
  JointControlResolver,
  EnergyAnomalyResolver,
  EnterpriseComplianceResolver,
  SiteMachineryDuringAlertResolver,
  CityFireInfluenceResolver,
  CityOverviewResolver,
  AlertComplianceResolver,
  LiveResolver,
  provenanceResolver(Region),
  provenanceResolver(AirStation),
  provenanceResolver(AirQualityObservation),
  provenanceResolver(CityTarget),
  ...DEFINED_DATASETS.flatMap((d) => d.resolvers),
];

/** Entities other subgraphs can extend: the gateway fetches them by key through these. */
const REFERENCE_RESOLVERS: Record<string, { __resolveReference: (ref: any, ctx: Context) => unknown }> = {
  Region: { __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.regionByCode.load(ref.code) },
  AirStation: { __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.stationByCode.load(ref.code) },
  ...Object.fromEntries(
    DEFINED_DATASETS.filter((d) => d.resolveReference).map((d) => [d.spec.typeName, { __resolveReference: d.resolveReference! }]),
  ),
};

/** Each entity type's key field, as its `@key` names it. */
const ENTITY_KEYS = new Map<string, string>([
  ['Region', 'code'],
  ['AirStation', 'code'],
  ...DEFINED_DATASETS.filter((d) => d.spec.federationKey).map((d): [string, string] => [d.spec.typeName, d.spec.federationKey!]),
]);

/**
 * `_entities` representations come from clients like any argument: one naming a type that is no entity of this
 * subgraph, or without its key as a string, is BAD_USER_INPUT (Apollo's own refusal of it is an internal error).
 */
function checkRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()!.getFields()._entities;
  const resolve = field.resolve!;
  field.resolve = (source, args: { representations: unknown[] }, context, info) => {
    args.representations.forEach((representation, i) => {
      const r = (typeof representation === 'object' && representation) || {};
      const key = ENTITY_KEYS.get(String((r as { __typename?: unknown }).__typename));
      if (!key || typeof (r as Record<string, unknown>)[key] !== 'string') {
        const entities = [...ENTITY_KEYS].map(([type, k]) => `${type} (${k})`).join(', ');
        throw badUserInput(`representations[${i}] is not an entity of this subgraph with its key; the entities are ${entities}`);
      }
    });
    return resolve(source, args, context, info);
  };
  return schema;
}

/** type-graphql gives no way to describe the root types; they are described here, before the SDL is printed. */
const ROOT_DESCRIPTIONS = {
  query:
    "Reads of the hub: the departments' datasets, the air-quality indicators, the joint-control views and administration. " +
    "Every call needs an API key and is audited; a key reads its own department's datasets and the regions, the command " +
    'center reads all, others read through sharing grants. Instants are returned in China Standard Time (+08:00); days are CST days.',
  mutation:
    "Writes to the hub: publishing a dataset (its owner department's PUBLISHER keys), API keys and sharing grants (see " +
    'each mutation for who may). Every call is audited.',
  subscription:
    'Live events over WebSocket (graphql-ws, same port and path /graphql), authorised by the API key given at ' +
    'connection_init; each event reaches a subscriber only within its grants and region scope. Audited at start and end.',
};

// Federation 2.4: the version from which routers carry a subgraph's Subscription fields.
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.4", import: ["@key", "@shareable"])`;

/**
 * type-graphql asks for a PubSub whenever there are subscriptions, though every subscription of the hub declares its
 * own `subscribe` (src/live/live.resolver.ts, over the process's LISTEN/NOTIFY fan-out): topics are never used.
 */
const NO_TOPICS: PubSub = {
  publish: () => {
    throw new Error('the hub publishes live events through its outbox (src/platform/live-outbox.ts), not type-graphql topics');
  },
  subscribe: () => {
    throw new Error('each hub subscription declares its own subscribe (src/live/live.resolver.ts)');
  },
};

/** The hub's Apollo Federation 2 subgraph schema, built from the type-graphql resolvers. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  registerDepartments();
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    pubSub: NO_TOPICS,
    validate: false,
    skipCheck: true,
  });
  schema.getQueryType()!.description = ROOT_DESCRIPTIONS.query;
  schema.getMutationType()!.description = ROOT_DESCRIPTIONS.mutation;
  schema.getSubscriptionType()!.description = ROOT_DESCRIPTIONS.subscription;
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  publishOnCoercedRows(resolvers);
  for (const [type, extra] of Object.entries(REFERENCE_RESOLVERS)) {
    resolvers[type] = { ...(resolvers[type] as object), ...extra } as GraphQLResolverMap<unknown>[string];
  }
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
  return refuseNulArguments(checkRepresentations(subgraph));
}
