import { Department, Role } from '../../src/platform/enums';
import { BEIJING_REGIONS, BEIJING_STATIONS, PrsaHour, prsaFile, readPrsaHours } from '../../src/app/demo/beijing';
import { TestHub } from '../support/hub';
import { isRead, observeStatements } from '../support/statements';

const UPSERT_REGIONS = `mutation($input: [RegionInput!]!) {
  upsertRegions(input: $input) { accepted rejected unchanged batchId errors { index field code message } } }`;
const UPSERT_STATIONS = `mutation($input: [AirStationInput!]!) {
  upsertAirStations(input: $input) { accepted rejected unchanged batchId errors { index field code message } } }`;
const INGEST = `mutation($input: [AirQualityInput!]!) {
  ingestAirQuality(input: $input) { accepted rejected unchanged batchId errors { index field code message } } }`;
const OBSERVATIONS = `query($station: String, $region: String, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  airQualityObservations(stationCode: $station, regionCode: $region, from: $from, to: $to, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { stationCode regionCode observedAt pm25 pm10 so2 no2 o3 co provenance { id department keyId } } }
  } }`;

const DONGSI = BEIJING_STATIONS.find((s) => s.code === '1003A')!;
const asInput = (h: PrsaHour) => ({
  stationCode: h.stationCode,
  observedAt: h.observedAt.toISOString(),
  pm25: h.pm25, pm10: h.pm10, so2: h.so2, no2: h.no2, o3: h.o3, co: h.co,
});

/** 2013-03-05 at Dongsi: the 24 hours stamped 03-05 01:00 … 03-06 00:00 (+08:00), straight from the CSV. */
async function dongsiDay(): Promise<PrsaHour[]> {
  const from = Date.parse('2013-03-05T01:00:00+08:00');
  const to = Date.parse('2013-03-06T00:00:00+08:00');
  const hours: PrsaHour[] = [];
  for await (const h of readPrsaHours(prsaFile(DONGSI), DONGSI.code)) {
    if (h.observedAt.getTime() >= from && h.observedAt.getTime() <= to) hours.push(h);
    if (h.observedAt.getTime() > to) break;
  }
  return hours;
}

describe('air quality end to end', () => {
  let hub: TestHub;
  let commandCenter: string;
  let ecology: string;
  let day: PrsaHour[];

  beforeAll(async () => {
    hub = await TestHub.start({ INGEST_MAX_BATCH: '100' });
    commandCenter = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    day = await dongsiDay();
  });
  afterAll(() => hub.stop());

  test('the command center publishes Beijing with its districts, parents and children in one batch', async () => {
    const { upsertRegions } = await hub.data(commandCenter, UPSERT_REGIONS, { input: BEIJING_REGIONS });
    expect(upsertRegions).toMatchObject({ accepted: 10, rejected: 0, unchanged: 0, errors: [] });
    const { region } = await hub.data(commandCenter, `{ region(code: "110100") {
      name level keyCity parent { code } children { code name } } }`);
    expect(region).toEqual({
      name: '北京市市辖区', level: 'CITY', keyCity: true, parent: { code: '110000' },
      children: ['110101', '110102', '110105', '110107', '110108', '110113', '110114', '110116'].map((code) =>
        expect.objectContaining({ code })),
    });
  });

  test('ECOLOGY publishes the 12 stations; a region filter covers the whole subtree', async () => {
    const { upsertAirStations } = await hub.data(ecology, UPSERT_STATIONS, {
      input: BEIJING_STATIONS.map(({ file: _file, ...s }) => s),
    });
    expect(upsertAirStations).toMatchObject({ accepted: 12, rejected: 0 });
    const all = await hub.data(ecology, '{ airStations(regionCode: "110000") { totalCount edges { node { code } } } }');
    expect(all.airStations.totalCount).toBe(12);
    const dongcheng = await hub.data(ecology, `{ airStations(regionCode: "110101") {
      edges { node { code name controlLevel monitoredPollutants region { name } } } } }`);
    expect(dongcheng.airStations.edges.map((e: any) => e.node)).toEqual([
      { code: '1003A', name: '东四', controlLevel: 'NATIONAL', monitoredPollutants: ['PM2_5', 'PM10', 'SO2', 'NO2', 'O3', 'CO'], region: { name: '东城区' } },
      { code: '1004A', name: '天坛', controlLevel: 'NATIONAL', monitoredPollutants: ['PM2_5', 'PM10', 'SO2', 'NO2', 'O3', 'CO'], region: { name: '东城区' } },
    ]);
  });

  test('a day of real Dongsi hours is published and read back exactly, with provenance', async () => {
    expect(day).toHaveLength(24);
    const { ingestAirQuality } = await hub.data(ecology, INGEST, { input: day.map(asInput) });
    expect(ingestAirQuality).toMatchObject({ accepted: 24, rejected: 0, unchanged: 0, errors: [] });

    const read = await hub.data(ecology, OBSERVATIONS, {
      station: '1003A', from: '2013-03-05T01:00:00+08:00', to: '2013-03-06T00:00:00+08:00', first: 100,
    });
    const nodes = read.airQualityObservations.edges.map((e: any) => e.node);
    expect(read.airQualityObservations.totalCount).toBe(24);
    expect(nodes.map((n: any) => ({ ...asInput({ ...n, observedAt: new Date(n.observedAt) }) }))).toEqual(day.map(asInput));
    // The CSV's first hour of the day (2013-03-05 01:00 at Dongsi): PM2.5 and CO as published, CO in mg/m³.
    expect(nodes[0]).toMatchObject({ observedAt: '2013-03-05T01:00:00+08:00', pm25: day[0].pm25, co: day[0].co });
    expect(nodes[0].provenance).toEqual({ id: ingestAirQuality.batchId, department: 'ECOLOGY', keyId: ecology.slice(3, 15) });
  });

  test('re-sending the same batch changes nothing, not even provenance; a correction changes one row', async () => {
    const first = await hub.data(ecology, OBSERVATIONS, { station: '1003A', first: 1 });
    const originalBatch = first.airQualityObservations.edges[0].node.provenance.id;

    const again = await hub.data(ecology, INGEST, { input: day.map(asInput) });
    expect(again.ingestAirQuality).toMatchObject({ accepted: 24, rejected: 0, unchanged: 24 });
    const after = await hub.data(ecology, OBSERVATIONS, { station: '1003A', first: 1 });
    expect(after.airQualityObservations.edges[0].node.provenance.id).toBe(originalBatch);

    const corrected = day.map(asInput);
    const correctedPm25 = day[5].pm25! + 7; // the CSV says 123 at 06:00
    corrected[5] = { ...corrected[5], pm25: correctedPm25 };
    const fix = await hub.data(ecology, INGEST, { input: corrected });
    expect(fix.ingestAirQuality).toMatchObject({ accepted: 24, unchanged: 23 });
    const row = await hub.data(ecology, OBSERVATIONS, { station: '1003A', from: corrected[5].observedAt, to: corrected[5].observedAt });
    expect(row.airQualityObservations.edges[0].node).toMatchObject({ pm25: 130, provenance: { id: fix.ingestAirQuality.batchId } });
    expect(row.airQualityObservations.totalCount).toBe(1);
  });

  test('a batch once read is settled: its provenance is read from the database once, then from memory, the same', async () => {
    const query = `{ airQualityObservations(stationCode: "1003A", first: 24) { edges { node { observedAt provenance { id department keyId receivedAt accepted rejected unchanged } } } } }`;
    const read = async () => {
      const batchReads: string[] = [];
      const data = await observeStatements(() => hub.data(ecology, query), (text) => {
        if (isRead(text) && text.includes('ingest_batches')) batchReads.push(text);
      });
      return { provenances: data.airQualityObservations.edges.map((e: any) => e.node.provenance), batchReads: batchReads.length };
    };
    const first = await read();
    const batches = new Set(first.provenances.map((p: { id: string }) => p.id));
    const [stored] = await hub.db.query(`SELECT count(*)::int AS n FROM ingest_batches WHERE id = ANY($1::uuid[]) AND dataset = 'air-quality-hourly'`, [[...batches]]);
    expect(stored.n).toBe(batches.size);
    const again = await read();
    expect(again).toEqual({ provenances: first.provenances, batchReads: 0 });
  });

  test('every row of a key sent more than once is rejected, each naming all the rows of its key (one instant however spelt)', async () => {
    const at = (station: string, observedAt: string, pm25: number) => ({ stationCode: station, observedAt, pm25 });
    const rows = [
      at('1003A', '2016-06-02T12:00:00+08:00', 1), // 0 ┐ one key
      at('1004A', '2016-06-02T12:00:00+08:00', 2), // 1 │ ┐ another
      at('1003A', '2016-06-02T04:00:00Z', 3), //      2 ┤ │ the same instant in UTC
      at('1005A', '2016-06-02T12:00:00+08:00', 4), // 3 │ │ accepted
      at('1004A', '2016-06-02T12:00:00+08:00', 5), // 4 │ ┘
      at('1003A', '2016-06-02T12:00:00.000+08:00', 6), // 5 ┘
    ];
    const { ingestAirQuality: report } = await hub.data(ecology, INGEST, { input: rows });
    expect([report.accepted, report.rejected]).toEqual([1, 5]);
    const repeated = (station: string, indexes: string) =>
      `key station ${station} at 2016-06-02T12:00:00+08:00 appears in rows ${indexes} of this batch; none of them was stored`;
    expect(report.errors.map((e: any) => [e.index, e.field, e.code, e.message])).toEqual([
      [0, null, 'DUPLICATE_KEY', repeated('1003A', '0, 2, 5')],
      [1, null, 'DUPLICATE_KEY', repeated('1004A', '1, 4')],
      [2, null, 'DUPLICATE_KEY', repeated('1003A', '0, 2, 5')],
      [4, null, 'DUPLICATE_KEY', repeated('1004A', '1, 4')],
      [5, null, 'DUPLICATE_KEY', repeated('1003A', '0, 2, 5')],
    ]);
  });

  test('every validation rule rejects its row with index, field and code, and the good rows are still stored', async () => {
    await hub.data(ecology, UPSERT_STATIONS, {
      input: [{ code: 'PM-ONLY', name: 'particulates only', regionCode: '110101', controlLevel: 'LOCAL', monitoredPollutants: ['PM2_5', 'PM10'] }],
    });
    const t = '2016-06-01T12:00:00+08:00';
    const rows = [
      { stationCode: '1003A', observedAt: t, pm25: 35, pm10: 9_800, co: 0.4 }, // 0 accepted: dust-storm PM10 is rare, not impossible
      { stationCode: '1003A', observedAt: '2016-06-01T12:30:00+08:00', pm25: 10 }, // 1 NOT_ON_THE_HOUR
      { stationCode: '1003A', observedAt: '2099-01-01T00:00:00+08:00', pm25: 10 }, // 2 IN_FUTURE
      { stationCode: '1003A', observedAt: '2016-06-01T13:00:00+08:00', pm25: -3 }, // 3 OUT_OF_RANGE negative
      { stationCode: '1003A', observedAt: '2016-06-01T14:00:00+08:00', co: 900 }, // 4 OUT_OF_RANGE above physical limit
      { stationCode: '1003A', regionCode: '110101', observedAt: t, pm25: 10 }, // 5 EXACTLY_ONE_OF both
      { observedAt: t, pm25: 10 }, // 6 EXACTLY_ONE_OF neither
      { stationCode: 'NOPE', observedAt: t, pm25: 10 }, // 7 UNKNOWN_REFERENCE station
      { regionCode: '999999', observedAt: t, pm25: 10 }, // 8 UNKNOWN_REFERENCE region
      { stationCode: 'PM-ONLY', observedAt: t, pm25: 10, so2: 5 }, // 9 NOT_MONITORED
      { stationCode: '1004A', observedAt: t }, // 10 EMPTY_ROW
      { stationCode: '1005A', observedAt: t, pm25: 20 }, // 11 DUPLICATE_KEY with 12
      { stationCode: '1005A', observedAt: t, pm25: 21 }, // 12
      { regionCode: '110101', observedAt: t, pm25: 33.5 }, // 13 accepted: the district's own reported value
    ];
    const { ingestAirQuality: report } = await hub.data(ecology, INGEST, { input: rows });
    expect(report.accepted).toBe(2);
    expect(report.rejected).toBe(12);
    expect(report.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [1, 'observedAt', 'NOT_ON_THE_HOUR'],
      [2, 'observedAt', 'IN_FUTURE'],
      [3, 'pm25', 'OUT_OF_RANGE'],
      [4, 'co', 'OUT_OF_RANGE'],
      [5, null, 'EXACTLY_ONE_OF'],
      [6, null, 'EXACTLY_ONE_OF'],
      [7, 'stationCode', 'UNKNOWN_REFERENCE'],
      [8, 'regionCode', 'UNKNOWN_REFERENCE'],
      [9, 'so2', 'NOT_MONITORED'],
      [10, null, 'EMPTY_ROW'],
      [11, null, 'DUPLICATE_KEY'],
      [12, null, 'DUPLICATE_KEY'],
    ]);
    expect(report.errors[3].message).toContain('0–500 mg/m³');
    // Times are quoted as a user in China Standard Time sent them.
    expect(report.errors[0].message).toBe('observedAt 2016-06-01T12:30:00+08:00 is not on the hour');

    const stored = await hub.data(ecology, OBSERVATIONS, { region: '110101', from: t, to: t });
    expect(stored.airQualityObservations.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ regionCode: '110101', stationCode: null, pm25: 33.5 }),
      expect.objectContaining({ stationCode: '1003A', pm10: 9800, co: 0.4 }),
    ]);
  });

  test('a batch over the size limit is refused whole', async () => {
    const big = Array.from({ length: 101 }, (_, i) => ({
      stationCode: '1006A', observedAt: new Date(Date.parse('2015-01-01T00:00:00+08:00') + i * 3_600_000).toISOString(), pm25: 50,
    }));
    const result = await hub.gql(ecology, INGEST, { input: big });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', limit: 100, received: 101 });
    const stored = await hub.data(ecology, OBSERVATIONS, { station: '1006A' });
    expect(stored.airQualityObservations.totalCount).toBe(0);
  });

  test('pagination walks every row exactly once across pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = await hub.data(ecology, OBSERVATIONS, { station: '1003A', first: 10, after });
      const conn = page.airQualityObservations;
      expect(conn.totalCount).toBe(25);
      seen.push(...conn.edges.map((e: any) => e.node.observedAt));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort()).toEqual(seen);

    const badCursor = await hub.gql(ecology, OBSERVATIONS, { station: '1003A', after: 'not-a-cursor' });
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await hub.gql(ecology, OBSERVATIONS, { station: '1003A', first: 1001 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test("when a HOUSING publisher or an ECOLOGY reader calls ingestAirQuality, then FORBIDDEN and nothing is stored", async () => {
    const input = [{ stationCode: '1007A', observedAt: '2016-01-01T01:00:00+08:00', pm25: 80 }];
    for (const key of [await hub.key(Department.HOUSING, Role.PUBLISHER), await hub.key(Department.ECOLOGY, Role.READER)]) {
      const result = await hub.gql(key, INGEST, { input });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', dataset: 'air-quality-hourly' });
    }
    const forbiddenRegions = await hub.gql(ecology, UPSERT_REGIONS, { input: [{ code: '120000', name: '天津市', level: 'PROVINCE' }] });
    expect(forbiddenRegions.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stored = await hub.data(ecology, OBSERVATIONS, { station: '1007A' });
    expect(stored.airQualityObservations.totalCount).toBe(0);
  });

  test('without a valid key, nothing: missing, malformed and revoked keys get 401 UNAUTHENTICATED', async () => {
    const missing = await hub.gql(null, '{ me { keyId } }');
    expect(missing.status).toBe(401);
    expect(missing.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const malformed = await hub.gql('lt_nothing', '{ me { keyId } }');
    expect(malformed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const reader = await hub.key(Department.FORESTRY, Role.READER);
    const me = await hub.data(reader, '{ me { keyId department role } }');
    expect(me.me).toEqual({ keyId: reader.slice(3, 15), department: 'FORESTRY', role: 'READER' });
    const admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    await hub.data(admin, `mutation { revokeApiKey(id: "${reader.slice(3, 15)}") { revokedAt } }`);
    const revoked = await hub.gql(reader, '{ me { keyId } }');
    expect(revoked.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const wrongSecret = `${reader.slice(0, 16)}${'A'.repeat(43)}`;
    expect((await hub.gql(wrongSecret, '{ me { keyId } }')).status).toBe(401);
  });

  test('region rows are validated against GB/T 2260 structure; a rejected parent takes no child down with an error', async () => {
    const { upsertRegions } = await hub.data(commandCenter, UPSERT_REGIONS, {
      input: [
        { code: '510000', name: '四川省', level: 'PROVINCE', parentCode: '110000' }, // 0 a province has no parent
        { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000' }, // 1 its parent was rejected
        { code: '510104', name: '锦江区', level: 'COUNTY', parentCode: '510100' }, // 2 and so was this one's
        { code: '120100', name: '天津市市辖区', level: 'CITY', parentCode: '110000' }, // 3 wrong prefix
        { code: '110109', name: '门头沟区', level: 'COUNTY', parentCode: '110100', keyCity: true }, // 4 keyCity on a county
        { code: '5101', name: 'short', level: 'CITY', parentCode: '510000' }, // 5 not six digits
        { code: '110111', name: '房山区', level: 'COUNTY', parentCode: '110100' }, // 6 fine
      ],
    });
    expect(upsertRegions.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [0, 'parentCode', 'INCONSISTENT'],
      [1, 'parentCode', 'UNKNOWN_REFERENCE'],
      [2, 'parentCode', 'UNKNOWN_REFERENCE'],
      [3, 'code', 'INCONSISTENT'],
      [4, 'keyCity', 'INCONSISTENT'],
      [5, 'code', 'INVALID_FORMAT'],
    ]);
    expect(upsertRegions.accepted).toBe(1);
  });

  test('health, readiness and metrics', async () => {
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    expect(text).toMatch(/lantian_ingested_rows_total\{dataset="air-quality-hourly",outcome="accepted"\} \d+/);
    expect(text).toContain('lantian_graphql_request_duration_seconds_bucket');
    expect(text).toMatch(/lantian_db_pool_connections\{state="total"\} \d+/);
  });
});
