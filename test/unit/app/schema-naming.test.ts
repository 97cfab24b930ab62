import {
  IntrospectionEnumType,
  IntrospectionField,
  IntrospectionInputObjectType,
  IntrospectionInputValue,
  IntrospectionObjectType,
  IntrospectionQuery,
  IntrospectionTypeRef,
  introspectionFromSchema,
} from 'graphql';
import { buildHubSchema } from '../../../src/app/schema';

/**
 * The naming rules of docs/architecture.md ("Naming"), checked over the schema a client sees by introspection. Each
 * exception is named here with its reason; the names of docs/contract.md (listed below, in `CONTRACT`) win over every
 * rule.
 */

/** Apollo Federation's own types and root fields, and GraphQL's built-in scalars: named by the libraries. */
const LIBRARY_TYPE = /^(__.*|_Service|_Any|_Entity|link__.*|federation__.*|String|Int|Float|Boolean|ID)$/;
const LIBRARY_FIELD = new Set(['Query._service', 'Query._entities']);

/** What a deprecated alias says: the name to use instead, and when the alias goes. */
const DEPRECATION = /^Use (\w+); removed in the next release\.$/;

/** Retired names, each with the one name of its concept; only a deprecated alias may still carry one. */
const ONE_NAME: Record<string, string> = {
  stationId: 'stationCode', // air and weather stations alike are named by their code
  regionId: 'regionCode',
  cityCode: 'regionCode',
  siteCode: 'siteId', // a construction site's key is `id` (the contract's federation key)
  segmentCode: 'segmentId',
  enterpriseId: 'creditCode',
  plannedStart: 'startsAt', // a planned time is named like every instant: `…At`
  plannedEnd: 'endsAt',
  evaluationStations: 'evaluationStationCodes', // a list of codes is `…Codes`, like `regionCodes`
};

/** Types that bundle several figures of one thing, named for the figures; every other type is named in the singular. */
const BUNDLES = new Set([
  'EnergyAnomalies', // the contract's
  'PeriodIndicators', // the contract's
  'VehicleCounts', // the contract's
  'DailyCounts',
  'HourlyConcentrations',
  'PeriodSampleCounts',
  'NumericStats', // an aggregate's figures of a field: count, min, max, mean
  'AmountStats', // the same with a sum
  // An input type's name has no alias: clients declare it in their variables (`$rows: [FuelFacilitiesInput!]!`), so a
  // publish input keeps its name when its row type is renamed (FuelFacilities → FuelFacility).
  'FuelFacilitiesInput',
]);

/** Identifiers that stay `String` on output types. */
const STRING_IDS = new Set([
  'Dataset.id', // the contract's `Dataset { id: String! }`
  // The contract's federation entity `ConstructionSite` (key `id`) and its `SiteMachineryDuringAlert { siteId: String! }`:
  // a supergraph's other subgraphs declare the key's type, and a reference has the type of the key it names.
  'ConstructionSite.id',
  'SiteMachineryDuringAlert.siteId',
  'SiteDustReading.siteId',
  'ConstructionMachineryUse.siteId',
  'SiteDustReadingGroup.siteId',
  'ConstructionMachineryUseGroup.siteId',
  'ConstructionDustDay.worstSiteId',
]);

/**
 * A dataset's list query, publish mutation, input and row type share one stem; the contract names the two observation
 * feeds' mutation and input for the measured thing and their query and rows for the observations.
 */
const CONTRACT_STEMS: Record<string, { query: string; input: string }> = {
  ingestAirQuality: { query: 'airQualityObservations', input: 'AirQualityInput' },
  ingestWeather: { query: 'weatherObservations', input: 'WeatherInput' },
};
const INPUT_KEPT: Record<string, string> = { ingestFuelFacilities: 'FuelFacilitiesInput' };
/** Targets are set, not observed (upsert), yet listed by the year they apply to (from/to). */
const UPSERT_WITH_TIME_RANGE = new Set(['upsertVehicleTargets']);
/** `auditLog(filter:)` predates the `where` of the dataset lists. */
const FILTER_ARGUMENT = new Set(['Query.auditLog']);
/** Deprecated for a replacement of another type: `where` takes the conditions of `filter` in every list's vocabulary. */
const REPLACED_BY_ANOTHER_TYPE = new Set(['Query.auditLog(filter)']);

/** The contract's names this schema must keep, with their types. */
const CONTRACT: [path: string, type: string][] = [
  ['Mutation.upsertRegions(input)', '[RegionInput!]!'],
  ['Mutation.upsertAirStations(input)', '[AirStationInput!]!'],
  ['Mutation.ingestAirQuality(input)', '[AirQualityInput!]!'],
  ['Mutation.upsertCityTargets(input)', '[CityTargetInput!]!'],
  ['Mutation.ingestWeather', 'IngestReport!'],
  ['AirQualityInput.stationCode', 'String'],
  ['AirQualityInput.regionCode', 'String'],
  ['CityTargetInput.regionCode', 'String!'],
  ['RegionInput.code', 'String!'],
  ['RegionInput.parentCode', 'String'],
  ['AirStationInput.code', 'String!'],
  ['AirStationInput.regionCode', 'String!'],
  ['Query.datasetAccessLog(dataset)', 'String!'],
  ['Query.datasetAccessLog', 'AccessLogConnection!'],
  ['Query.region(code)', 'String!'],
  ['Query.regions(parentCode)', 'String'],
  ['Query.airStations(regionCode)', 'String'],
  ['Query.stationAqi(stationCode)', 'String!'],
  ['Query.cityHourlyAqi(regionCode)', 'String!'],
  ['Query.cityDailyAqi(regionCode)', 'String!'],
  ['Query.cityPeriodIndicators(regionCode)', 'String!'],
  ['Query.monthlyScores(provinceCode)', 'String!'],
  ['Query.weatherObservations', 'WeatherObservationConnection!'],
  ['Query.airQualityObservations', 'AirQualityObservationConnection!'],
  ['Query.energyAnomalies(regionCode)', 'String!'],
  ['Query.provinceOverview(provinceCode)', 'String!'],
  ['Region.code', 'String!'],
  ['AirStation.code', 'String!'],
  ['Enterprise.creditCode', 'String!'],
  ['ConstructionSite.id', 'String!'],
  ['Dataset.id', 'String!'],
  ['CityMonthlyScore.regionCode', 'String!'],
  ['EnterpriseCompliance.grade', 'PerformanceGrade!'],
  ['SiteMachineryDuringAlert.siteId', 'String!'],
  ['SourceFreshness.dataset', 'String!'],
];

/** The names renamed in this release, kept deprecated until the next. */
const DEPRECATED = [
  'Mutation.ingestConstructionMachinery',
  'Mutation.ingestMunicipalVehicles',
  'Query.auditLog(filter)',
  'Query.constructionMachinery',
  'Query.municipalVehicles',
  'Query.weatherObservations(stationId)',
  'WeatherObservation.stationId',
  'WeatherObservationWhere.stationId',
  'WeatherObservationSortField.STATION_ID',
  'WeatherInput.stationId',
  'WeatherStation.id',
  'WeatherStationWhere.id',
  'WeatherStationSortField.ID',
  'WeatherStationInput.id',
  'PlannedBurn.plannedStart',
  'PlannedBurn.plannedEnd',
  'PlannedBurnWhere.plannedStart',
  'PlannedBurnSortField.PLANNED_START',
  'PlannedBurnInput.plannedStart',
  'PlannedBurnInput.plannedEnd',
  'DailyExplain.evaluationStations',
  'PeriodIndicators.evaluationStations',
].sort();

const OPERATORS = new Set(['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'within', 'isNull']);

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const SCREAMING = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

type Owner = IntrospectionObjectType | IntrospectionInputObjectType;
/** A name a client can use: a field, an argument or an input field, with where it is. */
interface Member {
  path: string;
  owner: Owner;
  name: string;
  type: IntrospectionTypeRef;
  isDeprecated: boolean;
  deprecationReason?: string | null;
  output: boolean;
}

const named = (ref: IntrospectionTypeRef): string => ('ofType' in ref && ref.ofType ? named(ref.ofType) : (ref as { name: string }).name);
const printed = (ref: IntrospectionTypeRef): string =>
  ref.kind === 'NON_NULL' ? `${printed(ref.ofType)}!` : ref.kind === 'LIST' ? `[${printed(ref.ofType)}]` : ref.name;
const nullable = (ref: IntrospectionTypeRef): IntrospectionTypeRef => (ref.kind === 'NON_NULL' ? ref.ofType : ref);
const screaming = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

/** The English plural of a type name's last word (FuelFacility → FuelFacilities, Enterprise → Enterprises). */
function plural(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}
const looksPlural = (name: string) => /[^su]s$/.test(name);

class Schema {
  readonly types: Map<string, IntrospectionQuery['__schema']['types'][number]>;
  readonly members: Member[] = [];
  readonly enumValues: { path: string; enumType: IntrospectionEnumType; name: string; isDeprecated: boolean; deprecationReason?: string | null }[] = [];

  constructor(readonly introspection: IntrospectionQuery) {
    const own = introspection.__schema.types.filter((t) => !LIBRARY_TYPE.test(t.name));
    this.types = new Map(own.map((t) => [t.name, t]));
    for (const type of own) {
      if (type.kind === 'OBJECT') {
        for (const field of type.fields) {
          const path = `${type.name}.${field.name}`;
          if (LIBRARY_FIELD.has(path)) continue;
          this.members.push({ path, owner: type, name: field.name, type: field.type, isDeprecated: field.isDeprecated, deprecationReason: field.deprecationReason, output: true });
          for (const arg of field.args as readonly (IntrospectionInputValue & { isDeprecated?: boolean })[]) {
            this.members.push({ path: `${path}(${arg.name})`, owner: type, name: arg.name, type: arg.type, isDeprecated: !!arg.isDeprecated, deprecationReason: arg.deprecationReason, output: false });
          }
        }
      } else if (type.kind === 'INPUT_OBJECT') {
        for (const field of type.inputFields as readonly (IntrospectionInputValue & { isDeprecated?: boolean })[]) {
          this.members.push({
            path: `${type.name}.${field.name}`,
            owner: type,
            name: field.name,
            type: field.type,
            isDeprecated: !!field.isDeprecated,
            deprecationReason: field.deprecationReason,
            output: false,
          });
        }
      } else if (type.kind === 'ENUM') {
        for (const value of type.enumValues) this.enumValues.push({ path: `${type.name}.${value.name}`, enumType: type, ...value });
      }
    }
  }

  object(name: string): IntrospectionObjectType | undefined {
    const type = this.types.get(name);
    return type?.kind === 'OBJECT' ? type : undefined;
  }

  field(typeName: string, name: string): IntrospectionField | undefined {
    return this.object(typeName)?.fields.find((f) => f.name === name);
  }

  /** The type of the values a member compares or holds: a `where` field's comparison input stands for its `eq` type. */
  valueType(member: Member): string {
    const type = this.types.get(named(member.type));
    const eq = type?.kind === 'INPUT_OBJECT' ? type.inputFields.find((f) => f.name === 'eq') : undefined;
    return eq ? named(eq.type) : named(member.type);
  }

  /** Fields, arguments and input fields clients should use: not deprecated, not a comparison operator. */
  current(): Member[] {
    return this.members.filter((m) => !m.isDeprecated && !(OPERATORS.has(m.name) && m.owner.kind === 'INPUT_OBJECT'));
  }
}

/** Each rule: the violations it finds in a schema, one line each. */
const RULES: Record<string, (schema: Schema) => string[]> = {
  'types are PascalCase; fields, arguments and input fields camelCase; enum values SCREAMING_SNAKE_CASE': (schema) => [
    ...[...schema.types.keys()].filter((name) => !PASCAL.test(name)).map((name) => `type ${name}`),
    ...schema.members.filter((m) => !CAMEL.test(m.name)).map((m) => m.path),
    ...schema.enumValues.filter((v) => !SCREAMING.test(v.name)).map((v) => v.path),
  ],

  "the contract's names stay, with their types, and are not deprecated": (schema) =>
    CONTRACT.flatMap(([path, type]) => {
      const member = schema.members.find((m) => m.path === path);
      if (!member) return [`${path} is missing`];
      if (printed(member.type) !== type) return [`${path} is ${printed(member.type)}, not ${type}`];
      return member.isDeprecated ? [`${path} is deprecated`] : [];
    }),

  'one name per concept: no current field, argument, input field or sort field uses a retired synonym': (schema) => {
    const retired = new Map(Object.entries(ONE_NAME).flatMap(([old, use]) => [[old, use], [screaming(old), screaming(use)]]));
    return [
      ...schema.current().filter((m) => retired.has(m.name)).map((m) => `${m.path}: use ${retired.get(m.name)}`),
      ...schema.enumValues.filter((v) => !v.isDeprecated && retired.has(v.name)).map((v) => `${v.path}: use ${retired.get(v.name)}`),
    ];
  },

  'a reference is named for its relation and the key it holds (stationCode beside station: a station keyed by code)': (schema) => {
    const violations: string[] = [];
    for (const member of schema.current().filter((m) => m.output && !m.path.includes('('))) {
      const reference = /^(\w+)(Code|Id)$/.exec(member.name);
      const relation = reference && schema.field(member.owner.name, reference[1]);
      const target = relation && schema.object(named(relation.type));
      if (!reference || !target) continue;
      const key = reference[2] === 'Code' ? 'code' : 'id';
      if (!target.fields.some((f) => f.name === key && !f.isDeprecated)) violations.push(`${member.path} names ${target.name}, whose key is not \`${key}\``);
    }
    return violations;
  },

  'times are named for their kind: an instant …At (or a bound: from/to, min/max, …From/…To, …Until, asOf, an hour), a day date/day/…Date/…Day(s), a month month/…Month': (schema) => {
    const NAMES: Record<string, RegExp> = {
      DateTime: /^(at|asOf|hour|from|to|min|max|\w+(At|From|To|Until|Hour))$/,
      Date: /^(date|day|from|to|min|max|\w+(Date|Day|Days))$/,
      Month: /^(month|from|to|min|max|\w+Month)$/,
    };
    const violations: string[] = [];
    for (const member of schema.current()) {
      const type = schema.valueType(member);
      if (NAMES[type] && !NAMES[type].test(member.name)) violations.push(`${member.path}: ${type}`);
      if (/^(at|\w+At)$/.test(member.name) && type !== 'DateTime') violations.push(`${member.path}: named as an instant, is ${type}`);
    }
    return violations;
  },

  'identifiers are ID on output types; codes are String everywhere': (schema) => {
    const violations: string[] = [];
    for (const member of schema.current()) {
      const type = schema.valueType(member);
      const isIdField = member.output && !member.path.includes('(') && /^(id|\w+Id)$/.test(member.name);
      if (isIdField && type !== 'ID' && !STRING_IDS.has(member.path)) violations.push(`${member.path}: ${type}, not ID`);
      if (/^(code|\w+Code|\w+Codes)$/.test(member.name) && type !== 'String') violations.push(`${member.path}: ${type}, not String`);
    }
    return violations;
  },

  'type names are singular (a list holds one thing per element), but for a few bundles of figures': (schema) =>
    [...schema.types.values()]
      .filter((t) => (t.kind === 'OBJECT' || t.kind === 'INPUT_OBJECT' || t.kind === 'ENUM') && looksPlural(t.name) && !BUNDLES.has(t.name))
      .map((t) => `type ${t.name}`),

  'connections, edges, wheres and orders are named for their node type, and a list filters with where': (schema) => {
    const violations: string[] = [];
    for (const type of schema.types.values()) {
      const node = /^(\w+)Connection$/.exec(type.name)?.[1];
      if (!node || type.kind !== 'OBJECT') continue;
      const edges = schema.field(type.name, 'edges');
      const edgeNode = schema.field(`${node}Edge`, 'node');
      if (!edges || printed(edges.type) !== `[${node}Edge!]!`) violations.push(`${type.name}.edges is not [${node}Edge!]!`);
      if (!edgeNode || printed(edgeNode.type) !== `${node}!`) violations.push(`${node}Edge.node is not ${node}!`);
    }
    for (const field of schema.object('Query')!.fields) {
      const node = /^(\w+)Connection$/.exec(named(field.type))?.[1];
      for (const arg of field.args) {
        const path = `Query.${field.name}(${arg.name})`;
        if (arg.name === 'filter' && !FILTER_ARGUMENT.has(`Query.${field.name}`)) violations.push(`${path}: a list filters with \`where\``);
        // A list's where is its node type's; any other field's (an aggregate's) is a row type's.
        const row = node ?? /^(\w+)Where$/.exec(printed(arg.type))?.[1];
        if (arg.name === 'where' && !(row && schema.object(row) && printed(arg.type) === `${row}Where`)) violations.push(`${path} is ${printed(arg.type)}, not <Row>Where`);
        if (arg.name === 'orderBy' && printed(arg.type) !== `[${node}OrderBy!]`) violations.push(`${path} is ${printed(arg.type)}, not [${node}OrderBy!]`);
      }
    }
    for (const type of schema.types.values()) {
      const row = /^(\w+)OrderBy$/.exec(type.name)?.[1];
      if (!row || type.kind !== 'INPUT_OBJECT') continue;
      const field = type.inputFields.find((f) => f.name === 'field');
      if (!field || printed(field.type) !== `${row}SortField!`) violations.push(`${type.name}.field is not ${row}SortField!`);
    }
    return violations;
  },

  "a dataset's list query, publish mutation, input and row type share one stem": (schema) => {
    const violations: string[] = [];
    const queries = new Map(schema.object('Query')!.fields.filter((f) => !f.isDeprecated).map((f) => [f.name, f]));
    for (const mutation of schema.object('Mutation')!.fields.filter((f) => named(f.type) === 'IngestReport' && !f.isDeprecated)) {
      const verb = /^(ingest|upsert)([A-Z]\w*)$/.exec(mutation.name);
      if (!verb) {
        violations.push(`Mutation.${mutation.name}: a publish mutation is ingest<Stem> (observations) or upsert<Stem> (reference data)`);
        continue;
      }
      const stem = verb[2];
      const contract = CONTRACT_STEMS[mutation.name];
      const queryName = contract?.query ?? lowerFirst(stem);
      const query = queries.get(queryName);
      const row = query && /^(\w+)Connection$/.exec(named(query.type))?.[1];
      if (!query || !row) {
        violations.push(`Mutation.${mutation.name}: no list query ${queryName} of the same stem`);
        continue;
      }
      if (!contract && stem !== row && stem !== plural(row)) violations.push(`Mutation.${mutation.name}: stem ${stem} is neither ${row} nor ${plural(row)}`);
      const input = mutation.args.find((a) => a.name === 'input');
      const expectedInput = contract?.input ?? INPUT_KEPT[mutation.name] ?? `${row}Input`;
      if (!input || printed(input.type) !== `[${expectedInput}!]!`) violations.push(`Mutation.${mutation.name}(input) is not [${expectedInput}!]!`);
      const timeRange = query.args.some((a) => a.name === 'from') && query.args.some((a) => a.name === 'to');
      if (verb[1] === 'ingest' && !timeRange) violations.push(`Mutation.${mutation.name}: ingest is for observations, listed by time (from/to on ${query.name})`);
      if (verb[1] === 'upsert' && timeRange && !UPSERT_WITH_TIME_RANGE.has(mutation.name)) violations.push(`Mutation.${mutation.name}: ${query.name} is a time series: ingest`);
    }
    return violations;
  },

  'a deprecated name says what replaces it and that it goes in the next release; the replacement is there, of the same type': (schema) => {
    const violations: string[] = [];
    for (const member of schema.members.filter((m) => m.isDeprecated)) {
      const use = DEPRECATION.exec(member.deprecationReason ?? '')?.[1];
      const replacement = use ? schema.members.find((m) => m.owner === member.owner && m.path === member.path.replace(new RegExp(`\\b${member.name}(\\)?)$`), `${use}$1`)) : undefined;
      if (!replacement) violations.push(`${member.path}: "${member.deprecationReason}" names no replacement beside it`);
      else if (replacement.isDeprecated) violations.push(`${member.path}: its replacement ${replacement.path} is deprecated too`);
      else if (printed(nullable(replacement.type)) !== printed(nullable(member.type)) && !REPLACED_BY_ANOTHER_TYPE.has(member.path)) {
        violations.push(`${member.path} is ${printed(member.type)}, its replacement ${printed(replacement.type)}`);
      }
    }
    for (const value of schema.enumValues.filter((v) => v.isDeprecated)) {
      const use = DEPRECATION.exec(value.deprecationReason ?? '')?.[1];
      if (!use || !value.enumType.enumValues.some((v) => v.name === use && !v.isDeprecated)) violations.push(`${value.path}: "${value.deprecationReason}" names no current value`);
    }
    return violations;
  },
};

const report = (violations: string[]) => (violations.length ? violations.join('\n') : 'none');

/** The introspection with one type changed, for the checks' own test. */
function edited(introspection: IntrospectionQuery, typeName: string, edit: (type: any) => object): IntrospectionQuery {
  const types = introspection.__schema.types.map((t) => (t.name === typeName ? { ...t, ...edit(t) } : t));
  return { __schema: { ...introspection.__schema, types } } as IntrospectionQuery;
}

describe('schema naming (docs/architecture.md, Naming)', () => {
  let introspection: IntrospectionQuery;
  let schema: Schema;
  beforeAll(async () => {
    introspection = introspectionFromSchema(await buildHubSchema());
    schema = new Schema(introspection);
  });

  test.each(Object.keys(RULES))('%s', (rule) => {
    expect(report(RULES[rule](schema))).toBe('none');
  });

  test('the names renamed in this release answer for one more, deprecated', () => {
    const deprecated = [...schema.members.filter((m) => m.isDeprecated).map((m) => m.path), ...schema.enumValues.filter((v) => v.isDeprecated).map((v) => v.path)].sort();
    expect(deprecated).toEqual(DEPRECATED);
  });

  test('the checks find what breaks a rule', () => {
    const field = (t: IntrospectionObjectType, from: string, to: object) => ({ fields: t.fields.map((f) => (f.name === from ? { ...f, ...to } : f)) });
    const broken = (typeName: string, edit: (type: any) => object) => new Schema(edited(introspection, typeName, edit));
    const all = (s: Schema) => Object.values(RULES).flatMap((rule) => rule(s));
    expect(all(broken('AirQualityObservation', (t) => field(t, 'stationCode', { name: 'stationId' })))).toEqual(
      expect.arrayContaining(['AirQualityObservation.stationId: use stationCode', 'AirQualityObservation.stationId: String, not ID']),
    );
    expect(all(broken('WeatherStation', (t) => field(t, 'code', { name: 'stationNumber' })))).toContain('WeatherObservation.stationCode names WeatherStation, whose key is not `code`');
    expect(all(broken('FireHotspot', (t) => field(t, 'detectedAt', { name: 'detected' })))).toContain('FireHotspot.detected: DateTime');
    expect(all(broken('FireHotspot', (t) => ({ name: 'FireHotspots', ...field(t, 'id', { name: 'Id' }) })))).toEqual(
      expect.arrayContaining(['type FireHotspots', 'FireHotspots.Id']),
    );
    expect(all(broken('Region', (t) => field(t, 'code', { isDeprecated: true, deprecationReason: 'Use key.' })))).toEqual(
      expect.arrayContaining(['Region.code is deprecated', 'Region.code: "Use key." names no replacement beside it']),
    );
    expect(all(broken('Mutation', (t) => field(t, 'ingestDustFall', { name: 'ingestDust' })))).toContain('Mutation.ingestDust: no list query dust of the same stem');
  });
});
