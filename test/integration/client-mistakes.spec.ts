import { Department, Role } from '../../src/platform/enums';
import { MAX_COSTED_SELECTIONS, MAX_FRAGMENT_NESTING } from '../../src/admin/limits';
import { TestHub } from '../support/hub';

/**
 * Every client mistake is answered with a specific code and a 4xx status where GraphQL over HTTP asks for one:
 * request errors (the document or its variables) are 400 for `application/graphql-response+json` and 200 for plain
 * `application/json`; a mistake found while executing is a field error (200, `data` null) with its code. Never
 * INTERNAL_SERVER_ERROR, never a 5xx.
 */
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_ONLY = 'application/json';
const b64 = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('client mistakes are coded client errors, never internal ones', () => {
  let hub: TestHub;
  let admin: string;
  let ecology: string;

  /** A raw POST: `body` is sent as written (JSON with 1e309, which JSON.stringify cannot produce). */
  const post = async (key: string, body: string, accept = GRAPHQL_RESPONSE) => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${key}` },
      body,
    });
    const text = await response.text();
    expect(text).not.toContain('INTERNAL_SERVER_ERROR');
    return { status: response.status, ...(JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }) };
  };
  const request = (key: string, query: string, variables?: Record<string, unknown>, accept = GRAPHQL_RESPONSE) =>
    post(key, JSON.stringify({ query, variables }), accept);
  const codes = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.map((e) => e.extensions?.code);

  beforeAll(async () => {
    hub = await TestHub.start();
    admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), `mutation { upsertRegions(input: [
      { code: "110000", name: "北京市", level: PROVINCE },
      { code: "110100", name: "北京市市辖区", level: CITY, parentCode: "110000", keyCity: true },
      { code: "110101", name: "东城区", level: COUNTY, parentCode: "110100" }]) { accepted } }`);
    await hub.data(ecology, `mutation { upsertAirStations(input: [
      { code: "1003A", name: "东四", regionCode: "110101", controlLevel: NATIONAL },
      { code: "1004A", name: "天坛", regionCode: "110101", controlLevel: NATIONAL }]) { accepted } }`);
    await hub.data(ecology, `mutation { ingestAirQuality(input: [
      { stationCode: "1003A", observedAt: "2016-01-01T08:00:00+08:00", pm25: 292 },
      { stationCode: "1003A", observedAt: "2016-01-01T09:00:00+08:00", pm25: 280 }]) { accepted } }`);
    const economy = await hub.key(Department.ECONOMY, Role.PUBLISHER);
    await hub.data(economy, `mutation { upsertEnterprises(input: [{ creditCode: "91330100716105852F", name: "甲钢铁公司", regionCode: "110101",
      industry: STEEL, keyIndustry: true, performanceGrade: B, onEmergencyControlList: true }]) { accepted } }`);
    await hub.data(economy, `mutation { ingestEnterpriseElectricity(input: [
      { creditCode: "91330100716105852F", date: "2025-01-09", electricity: 1200 },
      { creditCode: "91330100716105852F", date: "2025-01-10", electricity: 1300 }]) { accepted } }`);
  });
  afterAll(() => hub.stop());

  describe('a variable that does not fit its type (the cost check used to coerce it first: a 500)', () => {
    const REGIONS = 'query($l: RegionLevel) { regions(level: $l) { totalCount } }';

    test('an enum value that is not one: 400 BAD_USER_INPUT, or 200 for plain application/json', async () => {
      const strict = await request(admin, REGIONS, { l: 'national' });
      expect({ status: strict.status, codes: codes(strict) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
      expect(strict.errors![0].message).toContain('$l');
      const legacy = await request(admin, REGIONS, { l: 'national' }, JSON_ONLY);
      expect({ status: legacy.status, codes: codes(legacy) }).toEqual({ status: 200, codes: ['BAD_USER_INPUT'] });
      expect((await request(admin, REGIONS, { l: 'CITY' })).data).toEqual({ regions: { totalCount: 1 } });
    });

    test('a string for an Int, 1.5 for an Int, Infinity (1e309 in JSON) for a Float, a bad DateTime inside an input list', async () => {
      const cases = [
        JSON.stringify({ query: 'query($f: Int) { regions(first: $f) { totalCount } }', variables: { f: 'ten' } }),
        JSON.stringify({ query: 'query($f: Int) { regions(first: $f) { totalCount } }', variables: { f: 1.5 } }),
        '{"query":"mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }","variables":{"i":[{"stationCode":"1003A","observedAt":"2016-01-01T10:00:00+08:00","pm25":1e309}]}}',
        JSON.stringify({
          query: 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }',
          variables: { i: [{ stationCode: '1003A', observedAt: '0000-01-01T00:00:00Z', pm25: 1 }] },
        }),
      ];
      for (const body of cases) {
        const r = await post(ecology, body);
        expect({ status: r.status, codes: codes(r) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
      }
      // Nothing of the refused batches was stored.
      const { airQualityObservations } = await hub.data(admin, '{ airQualityObservations(stationCode: "1003A") { totalCount } }');
      expect(airQualityObservations.totalCount).toBe(2);
    });
  });

  describe('documents too big to cost or to check', () => {
    test(`a fragment bomb (fragments spreading fragments tenfold) is QUERY_TOO_COSTLY, refused past ${MAX_COSTED_SELECTIONS} selections`, async () => {
      const levels = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
      const fragments = levels.map((name, i) =>
        i === 0 ? 'fragment A on Query { regions { totalCount } }' : `fragment ${name} on Query { ${`...${levels[i - 1]} `.repeat(10)}}`,
      );
      const started = Date.now();
      const r = await request(admin, `query { ...G } ${fragments.join(' ')}`);
      expect(Date.now() - started).toBeLessThan(5000);
      expect({ status: r.status, codes: codes(r) }).toEqual({ status: 400, codes: ['QUERY_TOO_COSTLY'] });
      expect(r.errors![0].extensions).toMatchObject({ maxSelections: MAX_COSTED_SELECTIONS });
    });

    test(`a chain of thousands of fragments (which overflowed graphql-js's stack) is refused past ${MAX_FRAGMENT_NESTING}`, async () => {
      const chain = (n: number) =>
        `query { regions { edges { node { ...F0 } } } } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Region { code ...F${i + 1} }`).join(' ')} fragment F${n} on Region { code }`;
      for (const n of [MAX_FRAGMENT_NESTING, 20_000]) {
        const r = await request(admin, chain(n));
        expect({ status: r.status, code: codes(r)?.[0] }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
        expect(r.errors![0].message).toBe(`fragments spread within fragments ${n + 1} deep, more than the ${MAX_FRAGMENT_NESTING} allowed`);
      }
      const within = await request(admin, chain(MAX_FRAGMENT_NESTING - 1));
      expect(within.errors).toBeUndefined();
    });
  });

  test('a subscription over HTTP fails validation (it needs the WebSocket); an APQ hash that does not match its query is BAD_REQUEST', async () => {
    const subscription = await request(admin, 'subscription { datasetUpdated(dataset: "regions") { batchId } }');
    expect({ status: subscription.status, codes: codes(subscription) }).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(subscription.errors![0].message).toBe('subscriptions run over WebSocket on /graphql (the graphql-transport-ws protocol of graphql-ws), not over HTTP');
    const mismatch = await post(admin, JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }));
    expect({ status: mismatch.status, codes: codes(mismatch) }).toEqual({ status: 400, codes: ['BAD_REQUEST'] });
    expect(mismatch.errors![0].message).toBe('provided sha does not match query');
  });

  describe('forged and foreign cursors are BAD_USER_INPUT', () => {
    const refusedAfter = async (query: string, after: string) => {
      const r = await request(admin, query, { after });
      expect({ status: r.status, codes: codes(r), data: r.data }).toEqual({ status: 200, codes: ['BAD_USER_INPUT'], data: null });
      expect(r.errors![0].message).toContain('not a cursor returned by this connection');
    };

    test.each([
      ['not base64 JSON at all', 'x'],
      ['valid base64 of garbage', Buffer.from('garbage').toString('base64url')],
      ['a key of the wrong length', b64(['S:1003A'])],
      ['a time that is no time', b64(['S:1003A', 'x'])],
      ['a time past any calendar', b64(['S:1003A', 1e308])],
      ['a series holding U+0000', b64(['S:\u0000', 0])],
    ])('air-quality hours: %s', async (_what, after) => {
      await refusedAfter('query($after: String) { airQualityObservations(first: 1, after: $after) { totalCount } }', after);
    });

    test('a declared dataset keyed by a day, the audit log keyed by a serial number, regions keyed by code', async () => {
      const { enterpriseElectricity } = await hub.data(admin, '{ enterpriseElectricity(first: 1) { pageInfo { endCursor } } }');
      const electricity = 'query($after: String) { enterpriseElectricity(first: 1, after: $after) { edges { node { date } } } }';
      expect((await hub.data(admin, electricity, { after: enterpriseElectricity.pageInfo.endCursor })).enterpriseElectricity.edges).toEqual([
        { node: { date: '2025-01-10' } },
      ]);
      await refusedAfter(electricity, b64(['91330100716105852F', '2025-13-45']));
      await refusedAfter(electricity, b64(['91330100716105852F', "2025-01-01'; --"]));
      // Another list's cursor: an hour (ISO instant) where a day is expected.
      const { airQualityObservations } = await hub.data(admin, '{ airQualityObservations(first: 1) { pageInfo { endCursor } } }');
      await refusedAfter(electricity, airQualityObservations.pageInfo.endCursor);

      const audit = 'query($after: String) { auditLog(first: 1, after: $after) { totalCount } }';
      await refusedAfter(audit, b64(['x']));
      await refusedAfter(audit, b64(['99999999999999999999']));
      await refusedAfter(audit, b64([1.5]));
      await refusedAfter('query($after: String) { regions(after: $after) { totalCount } }', b64([7]));
    });
  });

  describe('U+0000 in an argument (PostgreSQL text cannot hold it: it was a 500)', () => {
    test.each([
      ['region(code)', 'query($v: String!) { region(code: $v) { name } }', 'code'],
      ['regions(parentCode)', 'query($v: String) { regions(parentCode: $v) { totalCount } }', 'parentCode'],
      ['sharingGrants(dataset)', 'query($v: String) { sharingGrants(dataset: $v) { id } }', 'dataset'],
      ['cityDailyAqi(regionCode)', 'query($v: String!) { cityDailyAqi(regionCode: $v, from: "2016-01-01", to: "2016-01-02") { aqi } }', 'regionCode'],
      ['a declared dataset filter', 'query($v: String) { enterpriseElectricity(creditCode: $v) { totalCount } }', 'creditCode'],
      ['revokeApiKey(id)', 'mutation($v: ID!) { revokeApiKey(id: $v) { id } }', 'id'],
      ['createApiKey(name)', 'mutation($v: String) { createApiKey(department: ECOLOGY, role: READER, name: $v) { token } }', 'name'],
    ])('%s: BAD_USER_INPUT naming the argument', async (_what, query, argument) => {
      const r = await request(admin, query, { v: 'a\u0000b' });
      expect({ status: r.status, codes: codes(r) }).toEqual({ status: 200, codes: ['BAD_USER_INPUT'] });
      expect(r.errors![0].extensions).toMatchObject({ argument, problem: 'CONTROL_CHARACTER' });
    });

    test('inside an input object, and in a federation representation', async () => {
      const grant = await request(admin, 'mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }', {
        i: { dataset: 'air-quality-hourly', department: 'HOUSING', reason: 'dust', regionCodes: ['110101', '11\u00000100'] },
      });
      expect(grant.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.regionCodes[1]' });
      const entities = await request(admin, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { name } } }', {
        r: [{ __typename: 'Region', code: '\u0000' }],
      });
      expect(entities.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'representations[0].code' });
    });

    test('in a row to publish: that row is rejected (CONTROL_CHARACTER), the others are stored', async () => {
      const { ingestAirQuality } = await hub.data(ecology, `mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) {
        accepted rejected errors { index field code } } }`, {
        i: [
          { stationCode: '1003A', observedAt: '2016-01-01T10:00:00+08:00', pm25: 250 },
          { stationCode: '10\u000003A', observedAt: '2016-01-01T10:00:00+08:00', pm25: 250 },
        ],
      });
      expect(ingestAirQuality).toEqual({ accepted: 1, rejected: 1, errors: [{ index: 1, field: 'stationCode', code: 'CONTROL_CHARACTER' }] });
    });
  });

  describe('ids, entities and times that cannot be', () => {
    test('revokeDatasetAccess with an id that is no UUID is BAD_USER_INPUT; an unknown UUID is NOT_FOUND', async () => {
      const malformed = await request(admin, 'mutation { revokeDatasetAccess(id: "x") { id } }');
      expect({ status: malformed.status, codes: codes(malformed) }).toEqual({ status: 200, codes: ['BAD_USER_INPUT'] });
      expect(malformed.errors![0].message).toBe('"x" is not a sharing grant id (a UUID)');
      const unknown = await request(admin, 'mutation { revokeDatasetAccess(id: "00000000-0000-4000-8000-000000000000") { id } }');
      expect(codes(unknown)).toEqual(['NOT_FOUND']);
      expect(codes(await request(admin, 'mutation { revokeApiKey(id: "x") { id } }'))).toEqual(['NOT_FOUND']);
    });

    test('a representation of no entity, or without its key, is BAD_USER_INPUT', async () => {
      for (const r of [[{ __typename: 'Nope' }], [{ __typename: 'Region' }], [{ __typename: 'Region', code: { a: 1 } }], [null], ['x']]) {
        const response = await request(admin, 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r });
        expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      }
      const { _entities } = await hub.data(admin, '{ _entities(representations: [{ __typename: "Region", code: "110101" }]) { ... on Region { name } } }');
      expect(_entities).toEqual([{ name: '东城区' }]);
    });

    test('the year 0000 in a Date, DateTime or Month: 400 (a literal fails validation, a variable is BAD_USER_INPUT)', async () => {
      const literal = await request(admin, '{ cityDailyAqi(regionCode: "110100", from: "0000-01-01", to: "0000-01-31") { aqi } }');
      expect({ status: literal.status, code: codes(literal)?.[0] }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
      for (const [query, variables] of [
        ['query($f: Date!) { cityDailyAqi(regionCode: "110100", from: $f, to: "2016-01-01") { aqi } }', { f: '0000-12-31' }],
        ['query($m: Month!) { monthlyScores(provinceCode: "110000", month: $m) { total } }', { m: '0000-01' }],
        ['query($t: DateTime) { airQualityObservations(from: $t) { totalCount } }', { t: '0000-01-01T00:00:00Z' }],
        ['query($t: DateTime) { airQualityObservations(to: $t) { totalCount } }', { t: '9999-12-31T23:59:59-12:00' }],
      ] as const) {
        const r = await request(admin, query, variables);
        expect({ status: r.status, codes: codes(r) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
      }
    });

    test('indicators and scores outside 1970 … 9999-12-30 (CST) are BAD_USER_INPUT, not SQL errors on year 0 or 10000', async () => {
      for (const query of [
        '{ cityDailyAqi(regionCode: "110100", from: "0001-01-01", to: "0001-01-31") { aqi } }',
        '{ cityHourlyAqi(regionCode: "110100", from: "9999-12-31T00:00:00Z", to: "9999-12-31T23:00:00Z") { aqi } }',
        '{ region(code: "110100") { hourlyAqi(from: "0001-01-01T00:00:00Z", to: "0001-01-02T00:00:00Z") { aqi } } }',
        '{ monthlyScores(provinceCode: "110000", month: "0001-01") { total } }',
        '{ yearlyScores(provinceCode: "110000", year: 1) { score } }',
        '{ yearlyScores(provinceCode: "110000", year: 2147483647) { score } }',
      ]) {
        const r = await request(admin, query);
        expect({ query, status: r.status, codes: codes(r) }).toEqual({ query, status: 200, codes: ['BAD_USER_INPUT'] });
      }
      expect((await request(admin, '{ cityDailyAqi(regionCode: "110100", from: "2016-01-01", to: "2016-01-01") { date } }')).data).toEqual({
        cityDailyAqi: [{ date: '2016-01-01' }],
      });
    });

    test('Infinity (1e309 in the document) and 1e308 in a row are OUT_OF_RANGE for that row alone', async () => {
      const { ingestAirQuality } = await hub.data(ecology, `mutation { ingestAirQuality(input: [
        { stationCode: "1004A", observedAt: "2016-01-01T08:00:00+08:00", pm25: 1e309 },
        { stationCode: "1004A", observedAt: "2016-01-01T09:00:00+08:00", pm10: 1e308 },
        { stationCode: "1004A", observedAt: "2016-01-01T10:00:00+08:00", co: -1e309 },
        { stationCode: "1004A", observedAt: "2016-01-01T11:00:00+08:00", pm25: 80 }]) { accepted errors { index field code } } }`);
      expect(ingestAirQuality).toEqual({
        accepted: 1,
        errors: [
          { index: 0, field: 'pm25', code: 'OUT_OF_RANGE' },
          { index: 1, field: 'pm10', code: 'OUT_OF_RANGE' },
          { index: 2, field: 'co', code: 'OUT_OF_RANGE' },
        ],
      });
      const { airQualityObservations } = await hub.data(admin, '{ airQualityObservations(stationCode: "1004A") { edges { node { observedAt pm25 } } } }');
      expect(airQualityObservations.edges).toEqual([{ node: { observedAt: '2016-01-01T11:00:00+08:00', pm25: 80 } }]);
    });
  });
});
