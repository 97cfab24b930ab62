import { DEFINED_DATASETS } from '../../src/app/modules';
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
 * `where` on the hand-written lists (regions, air stations, hourly air quality, city targets, the audit and access
 * logs) and the region of rows reached through another (`regionCode` of site dust readings, weather, traffic,
 * electricity, machinery): real values over several pages both ways, a region-limited grant under a where (an `or`
 * cannot reach past it), the audit log's deprecated `filter` beside `where`, and the plans of the region-through-a-row
 * conditions (indexes, no subquery per row).
 */
describe('where on the hand-written lists and on rows reached through another', () => {
  let hub: TestHub;
  let reader: string;
  /** PUBLIC_SECURITY, granted air stations, air quality, city targets and site dust readings within 510100 only. */
  let limited: string;
  let ccAdmin: string;
  let ecologyAdmin: string;

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

  /** A list read through `walk` with a where (and more arguments), its nodes labelled. */
  function list(key: () => string, query: string, whereType: string, selection: string, label: (node: any) => string) {
    return async (where: unknown, size: number, args = '') => {
      const { forward, backward } = await walk(
        async (vars) =>
          (await hub.data(key(), `query(${PAGE_VARS}, $where: ${whereType}) { ${query}(${PAGE_ARGS}, where: $where${args}) { edges { cursor node { ${selection} } } ${PAGE_INFO} } }`, {
            ...vars,
            where,
          }))[query],
        size,
      );
      expect(backward).toEqual(forward);
      return forward.map(label);
    };
  }

  const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
  const hour = (h: number) => new Date(Date.UTC(2025, 0, 10, h - 8)).toISOString();
  const quarter = (q: number) => new Date(Date.UTC(2025, 0, 10, 0, q * 15)).toISOString();
  const cstHour = (iso: string) => (new Date(iso).getUTCHours() + 8) % 24;

  beforeAll(async () => {
    hub = await TestHub.start();
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    limited = await hub.key(Department.PUBLIC_SECURITY, Role.READER);
    ccAdmin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    ecologyAdmin = await hub.key(Department.ECOLOGY, Role.ADMIN);
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    await hub.data(cc, `mutation { upsertRegions(input: [
      { code: "510000", name: "四川省", level: PROVINCE },
      { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true },
      { code: "510104", name: "锦江区", level: COUNTY, parentCode: "510100" },
      { code: "510105", name: "青羊区", level: COUNTY, parentCode: "510100" },
      { code: "510300", name: "自贡市", level: CITY, parentCode: "510000", keyCity: true },
      { code: "510302", name: "自流井区", level: COUNTY, parentCode: "510300" },
      { code: "510400", name: "攀枝花市", level: CITY, parentCode: "510000" }]) { accepted } }`);
    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(ecology, `mutation { upsertAirStations(input: [
      { code: "1431A", name: "金泉两河", regionCode: "510100", controlLevel: NATIONAL },
      { code: "1432A", name: "十里店", regionCode: "510104", controlLevel: NATIONAL },
      { code: "1433A", name: "三圣乡", regionCode: "510104", controlLevel: NATIONAL },
      { code: "1434A", name: "草堂", regionCode: "510105", controlLevel: PROVINCIAL },
      { code: "1435A", name: "檀木林", regionCode: "510300", controlLevel: NATIONAL },
      { code: "1436A", name: "大塘山", regionCode: "510302", controlLevel: LOCAL },
      { code: "1437A", name: "炳草岗", regionCode: "510400", controlLevel: NATIONAL }]) { accepted } }`);
    // Six hours at three stations, and six hours of two regions' own reported values; pm25 tells the row apart.
    const air = [
      ...['1431A', '1432A', '1435A'].flatMap((stationCode, s) => Array.from({ length: 6 }, (_, h) => ({ stationCode, observedAt: hour(h), pm25: 100 * (s + 1) + h }))),
      ...['510104', '510300'].flatMap((regionCode, r) => Array.from({ length: 6 }, (_, h) => ({ regionCode, observedAt: hour(h), pm25: 10 * (r + 1) + h }))),
    ];
    const { ingestAirQuality } = await hub.data(ecology, 'mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted } }', { i: air });
    expect(ingestAirQuality.accepted).toBe(30);
    const targets = ['510100', '510104', '510300', '510400'].flatMap((regionCode) => [
      { regionCode, periodKind: 'MONTH', period: '2025-01', pm25Target: 40 },
      { regionCode, periodKind: 'MONTH', period: '2025-02', pm25Target: 38 },
      { regionCode, periodKind: 'YEAR', period: '2025', pm25Target: 35 },
    ]);
    const { upsertCityTargets } = await hub.data(cc, 'mutation($i: [CityTargetInput!]!) { upsertCityTargets(input: $i) { accepted } }', { i: targets });
    expect(upsertCityTargets.accepted).toBe(12);
    const housing = await hub.key(Department.HOUSING, Role.PUBLISHER);
    await hub.data(housing, `mutation { upsertConstructionSites(input: [
      { id: "S-A", name: "锦江工地", regionCode: "510104", status: ACTIVE, dustMonitor: true, video: true },
      { id: "S-B", name: "青羊工地", regionCode: "510105", status: ACTIVE, dustMonitor: true, video: true },
      { id: "S-C", name: "自贡工地", regionCode: "510300", status: ACTIVE, dustMonitor: true, video: false },
      { id: "S-D", name: "攀枝花工地", regionCode: "510400", status: ACTIVE, dustMonitor: true, video: false }]) { accepted } }`);
    const readings = ['S-A', 'S-B', 'S-C', 'S-D'].flatMap((siteId, s) => Array.from({ length: 4 }, (_, q) => ({ siteId, observedAt: quarter(q), pm10: 100 * (s + 1) + q })));
    const { ingestSiteDustReadings } = await hub.data(housing, 'mutation($i: [SiteDustReadingInput!]!) { ingestSiteDustReadings(input: $i) { accepted } }', { i: readings });
    expect(ingestSiteDustReadings.accepted).toBe(16);

    const grant = (admin: string, dataset: string) =>
      hub.data(admin, 'mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }', {
        i: { dataset, department: 'PUBLIC_SECURITY', regionCodes: ['510100'], reason: 'traffic control around Chengdu' },
      });
    await grant(ecologyAdmin, 'air-stations');
    await grant(ecologyAdmin, 'air-quality-hourly');
    await grant(ccAdmin, 'city-targets');
    await grant(await hub.key(Department.HOUSING, Role.ADMIN), 'site-dust-readings');
  });
  afterAll(() => hub.stop());

  test('regions: code and parentCode, within as a subtree, isNull, or; pages both ways', async () => {
    const regions = list(() => reader, 'regions', 'RegionWhere', 'code', (r) => r.code);
    expect(await regions({ code: { within: '510100' } }, 2)).toEqual(['510100', '510104', '510105']);
    expect(await regions({ parentCode: { within: '510000' } }, 2)).toEqual(['510100', '510104', '510105', '510300', '510302', '510400']);
    expect(await regions({ parentCode: { isNull: true } }, 2)).toEqual(['510000']);
    expect(await regions({ or: [{ code: { eq: '510400' } }, { parentCode: { in: ['510300', '510999'] } }] }, 1)).toEqual(['510302', '510400']);
    expect(await regions({ code: { within: '510000' }, parentCode: { isNull: false } }, 2, ', level: COUNTY')).toEqual(['510104', '510105', '510302']);
    expect(await regions({ code: { within: '999999' } }, 2)).toEqual([]);
  });

  test('air stations: where on code and region, ordered by region either way, pages both ways', async () => {
    const stations = list(() => reader, 'airStations', 'AirStationWhere', 'code regionCode: region { code }', (s) => `${s.regionCode.code}:${s.code}`);
    expect(await stations({ regionCode: { within: '510100' } }, 3)).toEqual(['510100:1431A', '510104:1432A', '510104:1433A', '510105:1434A']);
    expect(await stations({ regionCode: { within: '510000' } }, 2, ', orderBy: [{ field: REGION_CODE, direction: DESC }]')).toEqual([
      '510400:1437A', '510302:1436A', '510300:1435A', '510105:1434A', '510104:1433A', '510104:1432A', '510100:1431A',
    ]);
    expect(await stations({ or: [{ code: { in: ['1437A', '1431A'] } }, { regionCode: { eq: '510104' } }] }, 2, ', orderBy: [{ field: REGION_CODE }]')).toEqual([
      '510100:1431A', '510104:1432A', '510104:1433A', '510400:1437A',
    ]);
    // With the regionCode argument: both hold.
    expect(await stations({ code: { in: ['1431A', '1435A'] } }, 1, ', regionCode: "510300"')).toEqual(['510300:1435A']);
  });

  test('hourly air quality: a station is its series, a region is its stations and its own values; latest first both ways', async () => {
    const air = list(() => reader, 'airQualityObservations', 'AirQualityObservationWhere', 'stationCode regionCode observedAt pm25', (a) => `${a.stationCode ?? `R${a.regionCode}`}@${cstHour(a.observedAt)}`);
    const latest = ', orderBy: [{ field: OBSERVED_AT, direction: DESC }]';
    expect(await air({ stationCode: { in: ['1431A', '1435A'] }, observedAt: { gte: hour(3) } }, 4, latest)).toEqual([
      '1435A@5', '1431A@5', '1435A@4', '1431A@4', '1435A@3', '1431A@3',
    ]);
    expect(await air({ stationCode: { eq: '1432A' }, observedAt: { lt: hour(2) } }, 1)).toEqual(['1432A@0', '1432A@1']);
    // 510100's subtree: 1431A and 1432A, and 510104's own values (ordered by series: R: before S:).
    const chengdu = await air({ regionCode: { within: '510100' }, observedAt: { in: [hour(1), hour(4)] } }, 4);
    expect(chengdu).toEqual(['R510104@1', 'R510104@4', '1431A@1', '1431A@4', '1432A@1', '1432A@4']);
    expect(await air({ regionCode: { eq: '510300' }, observedAt: { gte: hour(4) } }, 3, latest)).toEqual(['1435A@5', 'R510300@5', '1435A@4', 'R510300@4']);
    expect(await air({ stationCode: { isNull: true }, observedAt: { eq: hour(0) } }, 1)).toEqual(['R510104@0', 'R510300@0']);
    expect(await air({ stationCode: { isNull: false }, observedAt: { eq: hour(0) } }, 2)).toEqual(['1431A@0', '1432A@0', '1435A@0']);
    expect(await air({ regionCode: { isNull: true } }, 2)).toEqual([]);
  });

  test('city targets: where on the region, with periodKind, pages both ways', async () => {
    const targets = list(() => reader, 'cityTargets', 'CityTargetWhere', 'regionCode periodKind period', (t) => `${t.regionCode}:${t.period}`);
    expect(await targets({ regionCode: { within: '510100' } }, 2)).toEqual(['510100:2025-01', '510100:2025-02', '510100:2025', '510104:2025-01', '510104:2025-02', '510104:2025']);
    expect(await targets({ regionCode: { in: ['510300', '510400'] } }, 2, ', periodKind: YEAR')).toEqual(['510300:2025', '510400:2025']);
  });

  test('the region of a row reached through another: site dust readings by their site\'s region, latest first both ways', async () => {
    const dust = list(() => reader, 'siteDustReadings', 'SiteDustReadingWhere', 'siteId observedAt pm10', (r) => `${r.siteId}:${r.pm10}`);
    const latest = ', orderBy: [{ field: OBSERVED_AT, direction: DESC }]';
    expect(await dust({ regionCode: { within: '510100' } }, 3, latest)).toEqual(['S-B:203', 'S-A:103', 'S-B:202', 'S-A:102', 'S-B:201', 'S-A:101', 'S-B:200', 'S-A:100']);
    expect(await dust({ regionCode: { eq: '510300' }, observedAt: { gte: quarter(2) } }, 1)).toEqual(['S-C:302', 'S-C:303']);
    expect(await dust({ or: [{ regionCode: { in: ['510400'] } }, { siteId: { eq: 'S-A' }, observedAt: { lt: quarter(1) } }] }, 2)).toEqual([
      'S-A:100', 'S-D:400', 'S-D:401', 'S-D:402', 'S-D:403',
    ]);
    expect(await dust({ regionCode: { isNull: true } }, 2)).toEqual([]);
    expect(await dust({ regionCode: { isNull: false }, observedAt: { eq: quarter(0) } }, 2)).toEqual(['S-A:100', 'S-B:200', 'S-C:300', 'S-D:400']);
    expect(await dust({ regionCode: { within: '999999' } }, 2)).toEqual([]);
  });

  test('a region-limited grant under a where: an or reaching outside the grant still returns only rows inside it', async () => {
    const stations = list(() => limited, 'airStations', 'AirStationWhere', 'code', (s) => s.code);
    expect(await stations({ or: [{ regionCode: { within: '510000' } }, { code: { in: ['1435A', '1437A', '1432A'] } }] }, 2)).toEqual(['1431A', '1432A', '1433A', '1434A']);
    expect(await stations({ regionCode: { within: '510300' } }, 2)).toEqual([]);

    const air = list(() => limited, 'airQualityObservations', 'AirQualityObservationWhere', 'stationCode regionCode pm25', (a) => a.stationCode ?? `R${a.regionCode}`);
    const outside = await air({ or: [{ regionCode: { within: '510000' } }, { stationCode: { in: ['1435A', '1431A'] } }], observedAt: { eq: hour(2) } }, 2);
    expect(outside).toEqual(['R510104', '1431A', '1432A']);
    expect(await air({ stationCode: { eq: '1435A' } }, 2)).toEqual([]);

    const targets = list(() => limited, 'cityTargets', 'CityTargetWhere', 'regionCode period', (t) => `${t.regionCode}:${t.period}`);
    expect(await targets({ or: [{ regionCode: { in: ['510300', '510400', '510104'] } }, { regionCode: { eq: '510000' } }] }, 2)).toEqual([
      '510104:2025-01', '510104:2025-02', '510104:2025',
    ]);

    const dust = list(() => limited, 'siteDustReadings', 'SiteDustReadingWhere', 'siteId', (r) => r.siteId);
    const sites = await dust({ or: [{ regionCode: { within: '510000' } }, { siteId: { in: ['S-C', 'S-D'] } }], observedAt: { eq: quarter(1) } }, 1);
    expect(sites).toEqual(['S-A', 'S-B']);
    const counted = await hub.data(limited, '{ siteDustReadings(where: { regionCode: { in: ["510300", "510400"] } }) { totalCount } }');
    expect(counted.siteDustReadings.totalCount).toBe(0);
    // The region argument outside the grant is still FORBIDDEN, where or not.
    expect(code(await hub.gql(limited, '{ airStations(regionCode: "510300", where: { code: { eq: "1435A" } }) { totalCount } }'))).toBe('FORBIDDEN');
  });

  test('bounds: an or of many branches and a long in are refused before any SQL, on a hand-written list too', async () => {
    const many = { or: Array.from({ length: 51 }, (_, i) => ({ code: { eq: `${1000 + i}A` } })) };
    const wide = await hub.gql(reader, 'query($w: AirStationWhere) { airStations(where: $w) { totalCount } }', { w: many });
    expect(wide.errors![0]).toMatchObject({ message: 'where: more than 50 conditions', extensions: { code: 'BAD_USER_INPUT', argument: 'where' } });
    const long = { code: { in: Array.from({ length: 501 }, (_, i) => `${i}`) } };
    const longIn = await hub.gql(reader, 'query($w: RegionWhere) { regions(where: $w) { totalCount } }', { w: long });
    expect(longIn.errors![0]).toMatchObject({ message: 'where: code.in has more than 500 values', extensions: { code: 'BAD_USER_INPUT' } });
    const audit = await hub.gql(ccAdmin, 'query($w: AuditEntryWhere) { auditLog(where: $w) { totalCount } }', { w: { operation: { in: Array(501).fill('x') } } });
    expect(code(audit)).toBe('BAD_USER_INPUT');
  });

  /** The plan of the one page statement on `table` that `run` sends, with sequential scans priced out. */
  async function planOf(table: string, run: () => Promise<unknown>): Promise<string> {
    const statements: { text: string; values: unknown[] | undefined }[] = [];
    await observeStatements(run, (text, values) => {
      if (isRead(text) && text.includes(`FROM ${table} t`) && text.includes('LIMIT')) statements.push({ text, values });
    });
    expect(statements).toHaveLength(1);
    const runner = hub.db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${statements[0].text}`, statements[0].values);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /**
   * Every dataset reached through another row: the page statement filtered by `regionCode` reads the table by its key
   * (led by the reference) or its time index after the referenced table's region index, with no subquery run per row:
   * planned with sequential scans priced out, the plan still names none, and no correlated SubPlan.
   */
  test.each(DEFINED_DATASETS.filter((d) => d.spec.regionVia).map((d) => [d.spec.id, d.spec] as const))('%s: regionCode is planned on indexes', async (_id, spec) => {
    const plan = await planOf(spec.table, () => hub.data(reader, `{ ${spec.query}(first: 5, where: { regionCode: { within: "510100" } }) { edges { cursor } } }`));
    expect(plan).not.toMatch(/Seq Scan/);
    expect(plan).not.toMatch(/SubPlan/);
    // A partitioned table is read through its months' indexes (`weather_hourly_2026_12 t_1`).
    expect(plan).toMatch(new RegExp(`Index (Only )?Scan using \\w+ on ${spec.table}(_\\d{4}_\\d{2})? t(_\\d+)?\\b`));
  });

  test('through another row, a region-limited grant and the regionCode argument are semi-joins too, not a lookup per row', async () => {
    for (const [key, args] of [
      [limited, ''],
      [limited, ', regionCode: "510104"'],
      [reader, ', regionCode: "510100", orderBy: [{ field: OBSERVED_AT, direction: DESC }]'],
    ] as const) {
      const plan = await planOf('site_dust_readings', () => hub.data(key, `{ siteDustReadings(first: 5${args}) { edges { cursor } } }`));
      expect(plan).not.toMatch(/Seq Scan|SubPlan/);
      expect(plan).toMatch(/Semi Join[\s\S]*Index (Only )?Scan using \w+ on construction_sites x/);
    }
  });

  describe('the audit log and the access log', () => {
    const probes = 5;
    beforeAll(async () => {
      for (let i = 0; i < probes; i++) await hub.data(reader, 'query Probe { me { role } }');
      await hub.data(limited, 'query PoliceReadsStations { airStations { totalCount } }');
      // One request reading two owners' datasets: a department sees it through its own only.
      await hub.data(reader, 'query ReadsStationsAndSites { airStations { totalCount } constructionSites { totalCount } }');
      await hub.gql(reader, 'query Failing { airStations(regionCode: "999999") { totalCount } }');
      for (let tries = 0; tries < 100; tries++) {
        await hub.flushAudit();
        const [{ n }] = await hub.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation IN ('Probe', 'PoliceReadsStations', 'ReadsStationsAndSites', 'Failing')`);
        if (n === probes + 3) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });

    const audit = (key: () => string) =>
      list(key, 'auditLog', 'AuditEntryWhere', 'id operation department outcome datasetsRead', (e) => `${e.operation}#${e.id}`);
    const operations = (labels: string[]) => labels.map((l) => l.split('#')[0]);

    test('where and the deprecated filter give the same entries, newest first, both ways; together both hold', async () => {
      const byWhere = await audit(() => ccAdmin)({ operation: { eq: 'Probe' } }, 2);
      expect(byWhere).toHaveLength(probes);
      const ids = byWhere.map((l) => Number(l.split('#')[1]));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const byFilter = await walk(
        async (vars) =>
          (await hub.data(ccAdmin, `query(${PAGE_VARS}) { auditLog(${PAGE_ARGS}, filter: { operation: "Probe" }) { edges { cursor node { id operation } } ${PAGE_INFO} } }`, vars))
            .auditLog,
        2,
      );
      expect(byFilter.forward.map((e: any) => `${e.operation}#${e.id}`)).toEqual(byWhere);
      expect(byFilter.backward).toEqual(byFilter.forward);

      const { auditLog } = await hub.data(
        ccAdmin,
        `{ auditLog(filter: { department: COMMAND_CENTER, dataset: "air-stations" }, where: { operation: { in: ["Failing", "ReadsStationsAndSites", "PoliceReadsStations"] } }) {
          totalCount edges { node { operation outcome } } } }`,
      );
      expect(auditLog).toEqual({ totalCount: 1, edges: [{ node: { operation: 'ReadsStationsAndSites', outcome: 'OK' } }] });
      const failed = await hub.data(ccAdmin, '{ old: auditLog(filter: { outcome: "ERROR", operation: "Failing" }) { totalCount } new: auditLog(where: { outcome: { eq: "ERROR" }, operation: { eq: "Failing" } }) { totalCount } }');
      expect(failed).toEqual({ old: { totalCount: 1 }, new: { totalCount: 1 } });
      const { __type } = await hub.data(ccAdmin, '{ __type(name: "Query") { fields { name args(includeDeprecated: true) { name isDeprecated } } } }');
      const args = __type.fields.find((f: any) => f.name === 'auditLog').args;
      expect(args.filter((a: any) => ['where', 'filter'].includes(a.name))).toEqual([
        { name: 'where', isDeprecated: false },
        { name: 'filter', isDeprecated: true },
      ]);
    });

    test("where on the time, department and datasets: a department never finds another's entry by a dataset it does not show", async () => {
      const all = await audit(() => ccAdmin)({ operation: { in: ['Probe', 'PoliceReadsStations', 'ReadsStationsAndSites'] } }, 3);
      const newest = Number(all[0].split('#')[1]);
      const [{ at }] = await hub.db.query('SELECT at FROM audit_log WHERE id = $1', [newest]);
      const police = { department: { eq: 'PUBLIC_SECURITY' }, operation: { isNull: false }, at: { lte: new Date(at).toISOString() } };
      expect(operations(await audit(() => ccAdmin)(police, 2))).toEqual(['PoliceReadsStations']);
      expect(operations(await audit(() => ccAdmin)({ dataset: { eq: 'construction-sites' }, department: { in: ['COMMAND_CENTER'] } }, 2))).toEqual(['ReadsStationsAndSites']);

      // ECOLOGY's admin sees the command center's request through air-stations only.
      const ecology = audit(() => ecologyAdmin);
      expect(operations(await ecology({ dataset: { eq: 'air-stations' }, operation: { in: ['ReadsStationsAndSites', 'PoliceReadsStations', 'Probe'] } }, 1))).toEqual([
        'ReadsStationsAndSites', 'PoliceReadsStations',
      ]);
      expect(await ecology({ dataset: { eq: 'construction-sites' } }, 2)).toEqual([]);
      expect(await ecology({ dataset: { in: ['construction-sites', 'regions'] }, department: { eq: 'COMMAND_CENTER' } }, 2)).toEqual([]);
      const byFilter = await hub.data(ecologyAdmin, '{ auditLog(filter: { dataset: "construction-sites" }) { totalCount } }');
      expect(byFilter.auditLog.totalCount).toBe(0);
      expect(operations(await audit(() => ccAdmin)({ dataset: { isNull: true }, operation: { eq: 'Probe' } }, 2))).toEqual(Array(probes).fill('Probe'));
      expect(await audit(() => ccAdmin)({ dataset: { isNull: false }, operation: { eq: 'Probe' } }, 2)).toEqual([]);
    });

    test('the access log of a dataset: where on department and operation, both ways', async () => {
      const reads = (where: unknown) =>
        walk(
          async (vars) =>
            (await hub.data(ecologyAdmin, `query(${PAGE_VARS}, $w: AccessLogWhere) { datasetAccessLog(dataset: "air-stations", ${PAGE_ARGS}, where: $w) {
              edges { cursor node { operation department rows } } ${PAGE_INFO} } }`, { ...vars, w: where })).datasetAccessLog,
          1,
        );
      const police = await reads({ department: { eq: 'PUBLIC_SECURITY' }, operation: { eq: 'PoliceReadsStations' } });
      expect(police.forward).toEqual([{ operation: 'PoliceReadsStations', department: 'PUBLIC_SECURITY', rows: 4 }]);
      const named = await reads({ operation: { in: ['PoliceReadsStations', 'ReadsStationsAndSites'] } });
      expect(named.forward.map((r: any) => r.operation)).toEqual(['ReadsStationsAndSites', 'PoliceReadsStations']);
      expect(named.backward).toEqual(named.forward);
    });
  });
});
