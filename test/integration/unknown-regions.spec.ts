import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

/**
 * One rule for a region code that names no region: a lookup of a region by its key (`region(code:)`, a federation
 * reference) answers null; every other query that takes a region (an indicator, a score, a target's progress, a list
 * filtered by region) answers NOT_FOUND with the argument and the code. The queries are found by introspection, so a
 * new query with a region argument is held to the rule without anyone adding it here.
 */
const REGION_ARGUMENTS = ['regionCode', 'provinceCode', 'parentCode'];
/** A value for each required argument that is not the region, by its type. */
const REQUIRED_VALUES: Record<string, string> = {
  Date: '"2025-01-01"',
  DateTime: '"2025-01-01T01:00:00+08:00"',
  Month: '"2025-01"',
  Int: '2025',
  TargetPeriodKind: 'MONTH',
  String: '"2025-01"',
};

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { name: string; type: IntrospectedType }[];
}

const namedType = (type: IntrospectedType): string => (type.name ?? namedType(type.ofType!));

describe('unknown regions', () => {
  let hub: TestHub;
  let reader: string;
  let regionQueries: { field: string; argument: string; query: (code: string) => string }[];

  beforeAll(async () => {
    hub = await TestHub.start();
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    await hub.data(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
      i: [
        { code: '510000', name: '四川省', level: 'PROVINCE' },
        { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000', keyCity: true },
        { code: '510300', name: '自贡市', level: 'CITY', parentCode: '510000', keyCity: true },
      ],
    });
    await hub.data(cc, `mutation { upsertCityTargets(input: [{ regionCode: "510100", periodKind: MONTH, period: "2025-01", pm25Target: 40 }]) { accepted } }`);

    const { __schema } = await hub.data(reader, '{ __schema { queryType { fields { name args { name type { ...T } } } } } }' +
      ' fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }');
    const fields: IntrospectedField[] = __schema.queryType.fields;
    regionQueries = fields.flatMap((field) => {
      const argument = field.args.find((a) => REGION_ARGUMENTS.includes(a.name))?.name;
      if (!argument) return [];
      const others = field.args.filter((a) => a.name !== argument && a.type.kind === 'NON_NULL');
      const fixed = others.map((a) => {
        const value = REQUIRED_VALUES[namedType(a.type)];
        if (!value) throw new Error(`${field.name}(${a.name}: ${namedType(a.type)}): add a value for this type to REQUIRED_VALUES`);
        return `${a.name}: ${value}`;
      });
      const query = (code: string) => `{ ${field.name}(${[`${argument}: "${code}"`, ...fixed].join(', ')}) { __typename } }`;
      return [{ field: field.name, argument, query }];
    });
  });
  afterAll(() => hub.stop());

  test('every query taking a region answers NOT_FOUND for an unknown one, with the argument and the code', async () => {
    const fields = regionQueries.map((q) => q.field);
    // Introspection found the region-taking queries of every kind: indicators, scores, targets, lists.
    expect(fields).toEqual(expect.arrayContaining([
      'cityHourlyAqi', 'cityDailyAqi', 'cityPeriodIndicators', 'monthlyScores', 'yearlyScores', 'targetProgress',
      'regions', 'airStations', 'airQualityObservations', 'cityTargets', 'constructionSites', 'weatherObservations',
    ]));
    expect(fields.length).toBeGreaterThanOrEqual(30);
    for (const { field, argument, query } of regionQueries) {
      const result = await hub.gql(reader, query('999999'));
      expect([field, result.data, result.errors?.map((e) => ({ path: e.path, message: e.message, extensions: e.extensions }))]).toEqual([
        field,
        null,
        [{ path: [field], message: `no region 999999 (${argument})`, extensions: { code: 'NOT_FOUND', argument, regionCode: '999999' } }],
      ]);
    }
  });

  test('the same queries over a stored region answer without error, even with no data', async () => {
    for (const { field, argument, query } of regionQueries) {
      const result = await hub.gql(reader, query(argument === 'provinceCode' ? '510000' : '510100'));
      if (field === 'emergencyCompliance') {
        // It names an alert by its region and start: no such alert is NOT_FOUND for the alert, without the argument.
        expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.argument, e.message])).toEqual([
          ['NOT_FOUND', undefined, expect.stringContaining('no heavy-pollution alert of region 510100')],
        ]);
        continue;
      }
      expect([field, result.errors]).toEqual([field, undefined]);
      expect(result.data[field]).not.toBeNull();
    }
  });

  test('a lookup by key answers null: region(code:) and a federation reference', async () => {
    const lookup = await hub.gql(reader, '{ unknown: region(code: "999999") { name } known: region(code: "510100") { name } }');
    expect(lookup).toMatchObject({ data: { unknown: null, known: { name: '成都市' } } });
    expect(lookup.errors).toBeUndefined();
    const reference = await hub.gql(reader, `{ _entities(representations: [
      { __typename: "Region", code: "999999" }, { __typename: "Region", code: "510300" }]) { ... on Region { name } } }`);
    expect(reference).toMatchObject({ data: { _entities: [null, { name: '自贡市' }] } });
    expect(reference.errors).toBeUndefined();
  });

  test('under a region-limited grant: an unknown region is NOT_FOUND, a stored one outside the grant FORBIDDEN', async () => {
    const admin = await hub.key(Department.ECOLOGY, Role.ADMIN);
    await hub.data(admin, `mutation { grantDatasetAccess(input: { dataset: "air-quality-hourly", department: HOUSING,
      regionCodes: ["510100"], reason: "dust around Chengdu sites" }) { id } }`);
    const housing = await hub.key(Department.HOUSING, Role.READER);
    const code = async (query: string) => (await hub.gql(housing, query)).errors?.[0].extensions?.code;
    const observations = (region: string) => `{ airQualityObservations(regionCode: "${region}") { totalCount } }`;
    expect(await code(observations('999999'))).toBe('NOT_FOUND');
    expect(await code(observations('510300'))).toBe('FORBIDDEN');
    expect((await hub.data(housing, observations('510100'))).airQualityObservations.totalCount).toBe(0);
    const daily = (region: string) => `{ cityDailyAqi(regionCode: "${region}", from: "2025-01-01", to: "2025-01-02") { date } }`;
    expect(await code(daily('999999'))).toBe('NOT_FOUND');
    expect(await code(daily('510300'))).toBe('FORBIDDEN');
  });
});
