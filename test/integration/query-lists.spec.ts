import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';
import { isRead, observeStatements } from '../support/statements';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Connection<T = any> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}
type PageVars = { first?: number; after?: string; last?: number; before?: string };

const PAGE_ARGS = 'first: $first, after: $after, last: $last, before: $before';
const PAGE_VARS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

/**
 * Filters (`where`), ordering (`orderBy`) and both directions (`last`/`before`) on the lists: every page forward
 * and every page backward give the same rows in the same order, with Relay's hasPreviousPage/hasNextPage.
 */
describe('lists: where, orderBy, both directions', () => {
  let hub: TestHub;
  let reader: string;
  let housing: string;

  /** Reads a list to its end forward (`first`/`after`) and back (`last`/`before`), checking each page's flags. */
  async function walk<T>(read: (vars: PageVars) => Promise<Connection<T>>, size: number): Promise<{ forward: T[]; backward: T[] }> {
    const forward: T[] = [];
    let page = await read({ first: size });
    for (let n = 0; ; n++) {
      expect(page.pageInfo.hasPreviousPage).toBe(n > 0);
      forward.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(size);
      page = await read({ first: size, after: page.pageInfo.endCursor! });
    }
    const backward: T[] = [];
    page = await read({ last: size });
    for (let n = 0; ; n++) {
      expect(page.pageInfo.hasNextPage).toBe(n > 0);
      backward.unshift(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasPreviousPage) break;
      expect(page.edges).toHaveLength(size);
      page = await read({ last: size, before: page.pageInfo.startCursor! });
    }
    return { forward, backward };
  }

  const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
  const hour = (h: number) => new Date(Date.UTC(2025, 0, 10, h - 8)).toISOString();

  beforeAll(async () => {
    hub = await TestHub.start();
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    housing = await hub.key(Department.HOUSING, Role.READER);
    await hub.data(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), `mutation { upsertRegions(input: [
      { code: "510000", name: "四川省", level: PROVINCE },
      { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true },
      { code: "510104", name: "锦江区", level: COUNTY, parentCode: "510100" },
      { code: "510300", name: "自贡市", level: CITY, parentCode: "510000", keyCity: true }]) { accepted } }`);
    const meteorology = await hub.key(Department.METEOROLOGY, Role.PUBLISHER);
    await hub.data(meteorology, `mutation { upsertWeatherStations(input: [
      { code: "56294", name: "成都", regionCode: "510100" },
      { code: "56295", name: "锦江", regionCode: "510104" },
      { code: "56396", name: "自贡", regionCode: "510300" }]) { accepted } }`);
    const hours = ['56294', '56295', '56396'].flatMap((stationCode, s) =>
      Array.from({ length: 10 }, (_, h) => ({ stationCode, observedAt: hour(h), temperature: s * 10 + h })),
    );
    const { ingestWeather } = await hub.data(meteorology, 'mutation($i: [WeatherInput!]!) { ingestWeather(input: $i) { accepted } }', { i: hours });
    expect(ingestWeather.accepted).toBe(30);
    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(ecology, `mutation { upsertAirStations(input: [
      { code: "1431A", name: "金泉两河", regionCode: "510100", controlLevel: NATIONAL },
      { code: "1432A", name: "十里店", regionCode: "510104", controlLevel: NATIONAL },
      { code: "1433A", name: "三圣乡", regionCode: "510104", controlLevel: NATIONAL },
      { code: "1434A", name: "君山", regionCode: "510300", controlLevel: NATIONAL }]) { accepted } }`);
    const air = ['1431A', '1434A'].flatMap((stationCode) => Array.from({ length: 30 }, (_, h) => ({ stationCode, observedAt: hour(h - 20), pm25: 40 + h })));
    const { ingestAirQuality } = await hub.data(ecology, 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }', { i: air });
    expect(ingestAirQuality.accepted).toBe(60);
    await hub.data(await hub.key(Department.METEOROLOGY, Role.ADMIN), `mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }`, {
      i: { dataset: 'weather-stations', department: 'HOUSING', regionCodes: ['510100'], reason: 'dust control around Chengdu sites' },
    });
  });
  afterAll(() => hub.stop());

  const weather = (args: string, extra: Record<string, unknown> = {}) => async (vars: PageVars) =>
    (
      await hub.data(reader, `query(${PAGE_VARS}, $where: WeatherObservationWhere) { weatherObservations(${PAGE_ARGS}, where: $where${args}) {
        edges { cursor node { stationCode observedAt } } ${PAGE_INFO} } }`, { ...vars, ...extra })
    ).weatherObservations as Connection<{ stationCode: string; observedAt: string }>;
  const label = (n: { stationCode: string; observedAt: string }) => `${n.stationCode}@${new Date(n.observedAt).getUTCHours()}`;

  test('latest first across stations: every page forward and backward, ties broken by the key in the same direction', async () => {
    const { forward, backward } = await walk(weather(', orderBy: [{ field: OBSERVED_AT, direction: DESC }]'), 4);
    const expected = Array.from({ length: 10 }, (_, h) => 9 - h).flatMap((h) => ['56396', '56295', '56294'].map((s) => `${s}@${new Date(hour(h)).getUTCHours()}`));
    expect(forward.map(label)).toEqual(expected);
    expect(backward.map(label)).toEqual(expected);
  });

  test('the default order (the key, ascending) pages both ways too, and a window between two cursors is Relay-correct', async () => {
    const read = weather('');
    const { forward, backward } = await walk(read, 7);
    expect(forward).toHaveLength(30);
    expect(forward.slice(0, 2).map(label)).toEqual(['56294@16', '56294@17']);
    expect(backward).toEqual(forward);
    const all = await read({ first: 30 });
    const between = await read({ first: 3, after: all.edges[4].cursor, before: all.edges[9].cursor });
    expect(between.edges.map((e) => e.cursor)).toEqual(all.edges.slice(5, 8).map((e) => e.cursor));
    expect(between.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const lastOfWindow = await read({ last: 2, after: all.edges[4].cursor, before: all.edges[9].cursor });
    expect(lastOfWindow.edges.map((e) => e.cursor)).toEqual(all.edges.slice(7, 9).map((e) => e.cursor));
    expect(lastOfWindow.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  test('where: typed operators, in, and/or, with the other filters; pages of a filtered order', async () => {
    const where = {
      stationCode: { in: ['56294', '56396'] },
      observedAt: { gte: hour(2), lt: hour(8) },
      or: [{ stationCode: { eq: '56396' } }, { observedAt: { lte: hour(3) } }],
    };
    const { forward, backward } = await walk(weather(', orderBy: [{ field: OBSERVED_AT, direction: DESC }, { field: STATION_CODE }]', { where }), 3);
    const expected = ['56396@23', '56396@22', '56396@21', '56396@20', '56294@19', '56396@19', '56294@18', '56396@18'];
    expect(forward.map(label)).toEqual(expected);
    expect(backward.map(label)).toEqual(expected);
    const counted = await hub.data(reader, 'query($w: WeatherObservationWhere) { weatherObservations(stationCode: "56396", where: $w) { totalCount } }', { w: where });
    expect(counted.weatherObservations.totalCount).toBe(6);
    const none = await hub.data(reader, '{ weatherObservations(where: { or: [] }) { totalCount } }');
    expect(none.weatherObservations.totalCount).toBe(0);
  });

  test('a region field: eq and in are exact codes, within is the subtree, as the regionCode argument', async () => {
    const ids = async (key: string, where: string) =>
      (await hub.data(key, `{ weatherStations(where: ${where}) { edges { node { code } } } }`)).weatherStations.edges.map((e: any) => e.node.code);
    expect(await ids(reader, '{ regionCode: { within: "510100" } }')).toEqual(['56294', '56295']);
    expect(await ids(reader, '{ regionCode: { eq: "510100" } }')).toEqual(['56294']);
    expect(await ids(reader, '{ regionCode: { in: ["510104", "510300"] } }')).toEqual(['56295', '56396']);
    expect(await ids(reader, '{ regionCode: { within: "510000" }, code: { in: ["56295", "56396", "none"] } }')).toEqual(['56295', '56396']);
  });

  test('a region-limited grant under a where: another region returns nothing, the grant still bounds an or', async () => {
    const ids = async (where: string) =>
      (await hub.data(housing, `{ weatherStations(where: ${where}) { totalCount edges { node { code } } } }`)).weatherStations;
    expect(await ids('{ regionCode: { within: "510300" } }')).toEqual({ totalCount: 0, edges: [] });
    expect(await ids('{ code: { eq: "56396" } }')).toEqual({ totalCount: 0, edges: [] });
    expect(await ids('{ or: [{ regionCode: { in: ["510300"] } }, { code: { in: ["56294", "56295", "56396"] } }] }')).toEqual({
      totalCount: 2,
      edges: [{ node: { code: '56294' } }, { node: { code: '56295' } }],
    });
    expect(code(await hub.gql(housing, '{ weatherStations(regionCode: "510300", where: { code: { eq: "56396" } }) { totalCount } }'))).toBe('FORBIDDEN');
    expect(code(await hub.gql(housing, '{ weatherObservations(where: { stationCode: { eq: "56294" } }) { totalCount } }'))).toBe('FORBIDDEN');
  });

  test('a field without an index cannot be filtered: refused by name, as a literal or in variables', async () => {
    const literal = await hub.gql(reader, '{ weatherObservations(where: { temperature: { gt: 5 } }) { totalCount } }');
    expect(code(literal)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.errors![0].message).toContain('Field "temperature" is not defined by type "WeatherObservationWhere"');
    const variables = await hub.gql(reader, 'query($w: WeatherObservationWhere) { weatherObservations(where: $w) { totalCount } }', { w: { temperature: { gt: 5 } } });
    expect(code(variables)).toBe('BAD_USER_INPUT');
    expect(variables.errors![0].message).toContain('Field "temperature" is not defined by type "WeatherObservationWhere"');
    const sorted = await hub.gql(reader, '{ weatherObservations(orderBy: [{ field: TEMPERATURE }]) { totalCount } }');
    expect(code(sorted)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a where past its bounds, and an orderBy naming a field twice, are BAD_USER_INPUT', async () => {
    let nested: Record<string, unknown> = { stationCode: { eq: '56294' } };
    for (let i = 0; i < 6; i++) nested = { and: [nested] };
    const deep = await hub.gql(reader, 'query($w: WeatherObservationWhere) { weatherObservations(where: $w) { totalCount } }', { w: nested });
    expect(code(deep)).toBe('BAD_USER_INPUT');
    expect(deep.errors![0].message).toMatch(/nested more than 4 deep/);
    const many = { or: Array.from({ length: 60 }, (_, i) => ({ observedAt: { eq: hour(i % 10) } })) };
    const wide = await hub.gql(reader, 'query($w: WeatherObservationWhere) { weatherObservations(where: $w) { totalCount } }', { w: many });
    expect(wide.errors![0]).toMatchObject({ message: 'where: more than 50 conditions', extensions: { code: 'BAD_USER_INPUT', argument: 'where' } });
    const twice = await hub.gql(reader, '{ weatherObservations(orderBy: [{ field: OBSERVED_AT }, { field: OBSERVED_AT, direction: DESC }]) { totalCount } }');
    expect(code(twice)).toBe('BAD_USER_INPUT');
  });

  test('a backward page costs its size in the cost limit, as a forward one does', async () => {
    const r = await hub.gql(reader, '{ regions(last: 1000) { edges { node { airStations(last: 1000) { edges { node { code } } } } } } }');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 100000 });
    expect(r.errors?.[0].extensions?.cost).toBeGreaterThan(1_000_000);
  });

  test('cursors: a forged one is BAD_USER_INPUT, and one of another ordering is refused', async () => {
    const read = 'query($after: String, $before: String, $o: [WeatherObservationOrderBy!]) { weatherObservations(first: 2, after: $after, before: $before, orderBy: $o) { edges { node { stationCode } } } }';
    const latest = [{ field: 'OBSERVED_AT', direction: 'DESC' }];
    const { weatherObservations } = await hub.data(reader, `{ weatherObservations(first: 2, orderBy: [{ field: OBSERVED_AT, direction: DESC }]) { pageInfo { endCursor } } }`);
    const cursor: string = weatherObservations.pageInfo.endCursor;
    expect((await hub.data(reader, read, { after: cursor, o: latest })).weatherObservations.edges).toHaveLength(2);

    const [tag, at, station] = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const forge = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const [after, message] of [
      ['garbage', 'not a cursor returned by this connection'],
      [forge([tag, "2025-01-10'; --", station]), 'not a cursor returned by this connection'],
      [forge([tag, at]), 'not a cursor returned by this connection'],
      [forge(['forged-tag', at, station]), 'a cursor of another ordering'],
    ]) {
      const r = await hub.gql(reader, read, { after, o: latest });
      expect({ code: code(r), data: r.data }).toEqual({ code: 'BAD_USER_INPUT', data: null });
      expect(r.errors![0].message).toContain(message);
    }
    const before = await hub.gql(reader, read, { before: 'x', o: latest });
    expect(before.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'before' } });

    for (const o of [null, [{ field: 'OBSERVED_AT' }], [{ field: 'STATION_CODE', direction: 'DESC' }]]) {
      const r = await hub.gql(reader, read, { after: cursor, o });
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].message).toContain('in this order: a cursor of another ordering (orderBy) or list is refused');
    }
    const { weatherStations } = await hub.data(reader, '{ weatherStations(first: 1) { pageInfo { endCursor } } }');
    expect(code(await hub.gql(reader, read, { after: weatherStations.pageInfo.endCursor }))).toBe('BAD_USER_INPUT');
  });

  test("a station's latest 24 readings, and both directions on airQualityObservations", async () => {
    const latest = await hub.data(reader, `{ airQualityObservations(stationCode: "1431A", orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 24) {
      edges { node { observedAt pm25 } } pageInfo { hasNextPage hasPreviousPage } } }`);
    expect(latest.airQualityObservations.edges.map((e: any) => e.node.pm25)).toEqual(Array.from({ length: 24 }, (_, i) => 69 - i));
    expect(latest.airQualityObservations.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
    const sameByLast = await hub.data(reader, '{ airQualityObservations(stationCode: "1431A", last: 24) { edges { node { pm25 } } } }');
    expect(sameByLast.airQualityObservations.edges.map((e: any) => e.node.pm25)).toEqual(Array.from({ length: 24 }, (_, i) => 46 + i));

    const air = (args: string) => async (vars: PageVars) =>
      (await hub.data(reader, `query(${PAGE_VARS}) { airQualityObservations(${PAGE_ARGS}${args}) { edges { cursor node { stationCode pm25 } } ${PAGE_INFO} } }`, vars))
        .airQualityObservations as Connection<{ stationCode: string; pm25: number }>;
    const byTime = await walk(air(', regionCode: "510000", orderBy: [{ field: OBSERVED_AT, direction: DESC }]'), 8);
    const expected = Array.from({ length: 30 }, (_, i) => 69 - i).flatMap((pm25) => [`1434A:${pm25}`, `1431A:${pm25}`]);
    expect(byTime.forward.map((n) => `${n.stationCode}:${n.pm25}`)).toEqual(expected);
    expect(byTime.backward).toEqual(byTime.forward);
    const bySeries = await walk(air(''), 11);
    expect(bySeries.forward.map((n) => n.stationCode)).toEqual([...Array(30).fill('1431A'), ...Array(30).fill('1434A')]);
    expect(bySeries.backward).toEqual(bySeries.forward);
  });

  test("stations with their regions are one statement, each region read once and tallied", async () => {
    const query = `query StationsWithRegions { airStations(last: 3) { edges { node { code region { code name } } } } }`;
    const statements: string[] = [];
    const { airStations } = await observeStatements(() => hub.data(reader, query), (text) => {
      if (isRead(text) && /\bregions\b/.test(text)) statements.push(text);
    });
    expect(airStations.edges.map((e: any) => [e.node.code, e.node.region.code, e.node.region.name])).toEqual([
      ['1432A', '510104', '锦江区'],
      ['1433A', '510104', '锦江区'],
      ['1434A', '510300', '自贡市'],
    ]);
    // The page's statement reads the regions, and the field finds each in the region loader it primed.
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM air_stations s LEFT JOIN regions/);
    // Without a region asked, the page joins nothing.
    const plain: string[] = [];
    await observeStatements(() => hub.data(reader, '{ airStations(first: 2) { edges { node { code } } } }'), (text) => {
      if (isRead(text)) plain.push(text);
    });
    expect(plain.filter((t) => /\bregions\b/.test(t))).toEqual([]);

    // A region read twice in a request (by code, and joined) is tallied once; an empty page tallies no region.
    await hub.data(reader, `query AlsoByCode { region(code: "510104") { name } airStations(last: 3) { edges { node { region { name } } } } }`);
    await hub.data(reader, `query NoStation { airStations(where: { code: { eq: "none" } }) { edges { node { region { name } } } } }`);
    const admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    await hub.flushAudit();
    // The datasets in the order of their ids, whichever the request read first (the page and `region(code:)` run side by side).
    const tallied = async (operation: string) => {
      const { auditLog } = await hub.data(admin, `{ auditLog(first: 1, filter: { operation: "${operation}" }) { edges { node { datasetsRead rowsRead } } } }`);
      return auditLog.edges[0].node;
    };
    // 3 stations and their 2 distinct regions, as the loader tallied them.
    expect(await tallied('StationsWithRegions')).toEqual({ datasetsRead: ['air-stations', 'regions'], rowsRead: 5 });
    expect(await tallied('AlsoByCode')).toEqual({ datasetsRead: ['air-stations', 'regions'], rowsRead: 5 });
    expect(await tallied('NoStation')).toEqual({ datasetsRead: ['air-stations'], rowsRead: 0 });
  });

  test('a page reads the columns its fields show, and what their resolvers need', async () => {
    const pageStatement = async (query: string, table: string) => {
      const texts: string[] = [];
      const { data, errors } = await observeStatements(() => hub.gql(reader, query), (text) => {
        if (isRead(text) && text.includes(`FROM ${table}`)) texts.push(text);
      });
      expect(errors).toBeUndefined();
      return { data, select: texts[0].slice(0, texts[0].indexOf(` FROM ${table}`)) };
    };
    // Codes and names only: no coordinates, no array of pollutants.
    const plain = await pageStatement('{ airStations(first: 2) { edges { node { code name __typename } } } }', 'air_stations');
    expect(plain.select).toMatch(/s\.code\b.*s\.name\b/);
    expect(plain.select).not.toMatch(/monitored_pollutants|latitude|batch_id/);
    // A cursor needs the order's columns, whichever fields are shown.
    const byRegion = await pageStatement('{ airStations(first: 1, orderBy: [{ field: REGION_CODE, direction: ASC }]) { edges { cursor node { name } } } }', 'air_stations');
    expect(byRegion.select).toMatch(/s\.region_code\b/);
    expect(byRegion.data.airStations.edges[0].node).toEqual({ name: '金泉两河' });
    // A resolved field reads what it declared: the hourly AQI needs the station's pollutants; under @skip too, as it may be shown.
    const from = hour(1);
    const to = hour(3);
    const withAqi = await pageStatement(
      `{ airStations(first: 1) { edges { node { code ... on AirStation @skip(if: false) { hourlyAqi(from: "${from}", to: "${to}") { observedAt aqi } } } } } }`,
      'air_stations',
    );
    expect(withAqi.select).toMatch(/monitored_pollutants/);
    const { stationAqi } = await hub.data(reader, `{ stationAqi(stationCode: "1431A", from: "${from}", to: "${to}") { observedAt aqi } }`);
    expect(stationAqi).toHaveLength(3);
    expect(withAqi.data.airStations.edges[0].node).toEqual({ code: '1431A', hourlyAqi: stationAqi });
    // An hour's provenance reads its batch; the values not asked are not read.
    const hours = await pageStatement('{ airQualityObservations(first: 1) { edges { node { pm25 provenance { department } } } } }', 'air_quality_hourly');
    expect(hours.select).toMatch(/a\.batch_id\b/);
    expect(hours.select).not.toMatch(/a\.so2\b/);
    // Nor the order's columns when no cursor is shown; an end cursor needs them.
    expect(hours.select).not.toMatch(/a\.series_key\b/);
    const withCursor = await pageStatement('{ airQualityObservations(first: 1) { edges { node { pm25 } } pageInfo { endCursor } } }', 'air_quality_hourly');
    expect(withCursor.select).toMatch(/a\.series_key\b.*a\.observed_at\b/);
    expect(withCursor.data.airQualityObservations.pageInfo.endCursor).toEqual(expect.any(String));
    expect(hours.data.airQualityObservations.edges[0].node).toEqual({ pm25: 40, provenance: { department: 'ECOLOGY' } });
  });

  test('however many field sets clients ask of a list, its pages take a few prepared names and leave the rest alone', async () => {
    const fields = ['stationCode', 'regionCode', 'pm25', 'pm10', 'so2', 'no2', 'o3', 'co'];
    const named = new Map<string, string | undefined>();
    // 20 field sets of hours: the first few are prepared, the others run unnamed.
    await observeStatements(
      async () => {
        for (let set = 1; set <= 20; set++) {
          const shown = fields.filter((_, i) => set & (1 << i)).join(' ');
          await hub.data(reader, `{ airQualityObservations(first: 1) { edges { node { ${shown} } } } }`);
        }
      },
      (text, _values, name) => {
        if (text.includes('FROM air_quality_hourly a') && text.includes('LIMIT')) named.set(text, name);
      },
    );
    const names = [...named.values()];
    expect(names).toHaveLength(20);
    expect(names.filter((n) => n !== undefined).length).toBeLessThanOrEqual(8);
    expect(names.filter((n) => n === undefined).length).toBeGreaterThanOrEqual(12);
    // Every other statement keeps its prepared name: a page of every column, and another list's.
    const after: (string | undefined)[] = [];
    await observeStatements(
      async () => {
        await hub.data(reader, '{ airQualityObservations(first: 1) { edges { cursor node { provenance { id } stationCode regionCode observedAt pm25 pm10 so2 no2 o3 co } } } }');
        await hub.data(reader, '{ airStations(first: 1) { edges { node { code name controlLevel } } } }');
      },
      (text, _values, name) => {
        if (/FROM (air_quality_hourly a|air_stations s)\b/.test(text) && text.includes('LIMIT')) after.push(name);
      },
    );
    expect(after).toHaveLength(2);
    expect(after.every((n) => n !== undefined)).toBe(true);
  });

  test('a region with its parent is one statement (its parent\'s parent one more)', async () => {
    const reads = async (query: string) => {
      const texts: string[] = [];
      const { data } = await observeStatements(() => hub.gql(reader, query), (text) => {
        if (isRead(text) && /\bregions\b/.test(text)) texts.push(text);
      });
      return { data, statements: texts.length };
    };
    expect(await reads('{ region(code: "510104") { name parent { code name parent { code } } } }')).toEqual({
      data: { region: { name: '锦江区', parent: { code: '510100', name: '成都市', parent: { code: '510000' } } } },
      statements: 2,
    });
    expect(await reads('{ region(code: "510104") { name parent { code name } } }')).toEqual({
      data: { region: { name: '锦江区', parent: { code: '510100', name: '成都市' } } },
      statements: 1,
    });
    expect(await reads('{ region(code: "510000") { name parent { code } } nothing: region(code: "519999") { parent { code } } }')).toEqual({
      data: { region: { name: '四川省', parent: null }, nothing: null },
      statements: 1,
    });
  });

  test('regions, air stations (the list and a region field, batched) and the audit log page backward too', async () => {
    const regions = await walk(async (vars) => (await hub.data(reader, `query(${PAGE_VARS}) { regions(${PAGE_ARGS}) { edges { cursor node { code } } ${PAGE_INFO} } }`, vars)).regions, 3);
    expect(regions.forward.map((r: any) => r.code)).toEqual(['510000', '510100', '510104', '510300']);
    expect(regions.backward).toEqual(regions.forward);

    const stations = await walk(async (vars) => (await hub.data(reader, `query(${PAGE_VARS}) { airStations(${PAGE_ARGS}) { edges { cursor node { code } } ${PAGE_INFO} } }`, vars)).airStations, 3);
    expect(stations.forward.map((s: any) => s.code)).toEqual(['1431A', '1432A', '1433A', '1434A']);
    expect(stations.backward).toEqual(stations.forward);

    const inRegion = await walk(
      async (vars) =>
        (await hub.data(reader, `query(${PAGE_VARS}) { region(code: "510100") { airStations(${PAGE_ARGS}) { edges { cursor node { code } } ${PAGE_INFO} } } }`, vars)).region
          .airStations,
      2,
    );
    expect(inRegion.forward.map((s: any) => s.code)).toEqual(['1431A', '1432A', '1433A']);
    expect(inRegion.backward).toEqual(inRegion.forward);
    // Two regions' pages in one statement, one read forward and one backward.
    const both = await hub.data(reader, `{ a: region(code: "510100") { airStations(first: 2) { edges { node { code } } pageInfo { hasNextPage } } }
      b: region(code: "510000") { airStations(last: 2) { edges { node { code } } pageInfo { hasPreviousPage } } } }`);
    expect(both.a.airStations).toEqual({ edges: [{ node: { code: '1431A' } }, { node: { code: '1432A' } }], pageInfo: { hasNextPage: true } });
    expect(both.b.airStations).toEqual({ edges: [{ node: { code: '1433A' } }, { node: { code: '1434A' } }], pageInfo: { hasPreviousPage: true } });

    const admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    for (let i = 0; i < 7; i++) await hub.data(reader, 'query Probe { me { role } }');
    // Audit entries are written as responses finish: wait for the seventh.
    const probes = async () => (await hub.data(admin, '{ auditLog(filter: { operation: "Probe" }) { totalCount } }')).auditLog.totalCount;
    for (let tries = 0; (await probes()) < 7 && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    const audit = await walk(
      async (vars) =>
        (await hub.data(admin, `query(${PAGE_VARS}) { auditLog(filter: { operation: "Probe" }, ${PAGE_ARGS}) { edges { cursor node { id } } ${PAGE_INFO} } }`, vars))
          .auditLog,
      3,
    );
    const ids = audit.forward.map((e: any) => Number(e.id));
    expect(ids).toHaveLength(7);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(audit.backward).toEqual(audit.forward);
  });
});
