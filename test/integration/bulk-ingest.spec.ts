import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Department, Role } from '../../src/platform/enums';
import { CHUNK_ROWS } from '../../src/ingest/bulk/bulk-loader';
import { runIngestCommand } from '../../src/app/ingest-command';
import { BEIJING_REGIONS, BEIJING_STATIONS, PrsaHour, prsaFile, readPrsaHours } from '../../src/app/demo/beijing';
import { TestHub } from '../support/hub';
import { cstIso } from '../../src/platform/cst';

/**
 * Two days of real hours (2014-01-10 and 2014-01-11, stamped 01:00 … 24:00 CST) at Dongsi and Tiantan, the two
 * national stations of Dongcheng: the first day as CSV through `lantian ingest` (its function), the second as NDJSON
 * over `POST /ingest/air-quality-hourly`, each with bad rows of every kind; read back through GraphQL.
 */
const POLLUTANTS = ['pm25', 'pm10', 'so2', 'no2', 'o3', 'co'] as const;
const HOUR = 3_600_000;
const DAY_ONE = Date.parse('2014-01-10T01:00:00+08:00');
const DAY_TWO = DAY_ONE + 24 * HOUR;
const CSV_HEADER = 'stationCode,observedAt,pm25,pm10,so2,no2,o3,co';

const OBSERVATIONS = `query($station: String, $from: DateTime, $to: DateTime) {
  airQualityObservations(stationCode: $station, from: $from, to: $to, first: 100) {
    edges { node { stationCode observedAt pm25 pm10 so2 no2 o3 co provenance { id keyId } } } } }`;
const DAILY = `query($from: Date!, $to: Date!) {
  cityDailyAqi(regionCode: "110100", from: $from, to: $to) { date pm25 explain { counts { pm25 } evaluationStationCodes } } }`;

/** `2014-01-10T01:00:00.000+08:00`: the hub takes any offset; department systems write their own. */
const cst = (t: number) => new Date(t + 8 * HOUR).toISOString().replace('Z', '+08:00');
const csvCell = (v: number | null) => (v === null ? 'NA' : String(v));

async function hoursOf(stationFile: string, code: string): Promise<PrsaHour[]> {
  const station = BEIJING_STATIONS.find((s) => s.file === stationFile)!;
  const hours: PrsaHour[] = [];
  for await (const h of readPrsaHours(prsaFile(station), code)) {
    const t = h.observedAt.getTime();
    if (t >= DAY_ONE && t < DAY_TWO + 24 * HOUR) hours.push(h);
    if (t >= DAY_TWO + 24 * HOUR) break;
  }
  return hours;
}

const observed = (hours: PrsaHour[]) =>
  hours.map((h) => ({ stationCode: h.stationCode, observedAt: cstIso(h.observedAt), ...Object.fromEntries(POLLUTANTS.map((p) => [p, h[p]])) }));

describe('bulk ingestion: lantian ingest and POST /ingest/<dataset>', () => {
  let hub: TestHub;
  let dir: string;
  let ecology: string;
  let hours: PrsaHour[];
  const dayOf = (start: number) => hours.filter((h) => h.observedAt.getTime() >= start && h.observedAt.getTime() < start + 24 * HOUR);

  const post = (key: string | null, body: string, contentType: string, dataset = 'air-quality-hourly') =>
    fetch(`${hub.url}/ingest/${dataset}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  const cli = async (file: string, key?: string) => {
    const out = new PassThrough();
    const err = new PassThrough();
    const text = (s: PassThrough) => (s.read() ?? '').toString();
    const code = await runIngestCommand(hub.db, { dataset: 'air-quality-hourly', file, key }, { out, err });
    return { code, out: text(out), err: text(err) };
  };

  const read = async (station: string, from: number) => {
    const { airQualityObservations } = await hub.data(ecology, OBSERVATIONS, { station, from: cst(from), to: cst(from + 23 * HOUR) });
    return airQualityObservations.edges.map((e: any) => e.node);
  };

  beforeAll(async () => {
    hub = await TestHub.start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'lantian-bulk-'));
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER), 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', {
      i: BEIJING_REGIONS,
    });
    await hub.data(ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', {
      i: [
        { code: '1003A', name: '东四', regionCode: '110101', controlLevel: 'NATIONAL' },
        { code: '1004A', name: '天坛', regionCode: '110101', controlLevel: 'NATIONAL' },
      ],
    });
    hours = [...(await hoursOf('Dongsi', '1003A')), ...(await hoursOf('Tiantan', '1004A'))];
    expect(hours).toHaveLength(96);
  });
  afterAll(async () => {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('lantian ingest: a CSV day of two stations is stored as the file has it; bad rows are reported by line and written beside it', async () => {
    const day = dayOf(DAY_ONE);
    const lines = [CSV_HEADER, ...day.map((h) => [h.stationCode, cst(h.observedAt.getTime()), ...POLLUTANTS.map((p) => csvCell(h[p]))].join(','))];
    const bad = [
      `1003A,${cst(DAY_TWO + 40 * HOUR)},-5,40,3,20,10,0.5`, // line 50: negative PM2.5
      `9999A,${cst(DAY_ONE)},12,40,3,20,10,0.5`, // line 51: no such station
      `1004A,2014-01-10 08:00,12,40,3,20,10,0.5`, // line 52: no offset, not ISO 8601
      `1003A,${cst(DAY_TWO + 30 * HOUR)},12,40,3,20,10,0.5`, // lines 53 and 54: the same station and hour twice
      `1003A,${cst(DAY_TWO + 30 * HOUR)},13,41,3,20,10,0.5`,
    ];
    const file = path.join(dir, 'day-one.csv');
    await writeFile(file, [...lines, ...bad].join('\n') + '\n');

    const { code, out } = await cli(file, ecology);
    expect(code).toBe(0);
    expect(out).toContain('accepted   48 (unchanged 0)');
    expect(out).toContain('rejected   5');
    expect(out).toMatch(/line 50 {2}pm25 {2}OUT_OF_RANGE/);
    expect(out).toContain(`rejected rows: ${file}.rejected.csv`);

    expect([...(await read('1003A', DAY_ONE)), ...(await read('1004A', DAY_ONE))].map(({ provenance: _p, ...o }: any) => o)).toEqual(observed(day));

    const rejected = (await readFile(`${file}.rejected.csv`, 'utf8')).trim().split('\n');
    expect(rejected[0]).toBe(`rejected_line,rejected_errors,${CSV_HEADER}`);
    const byLine = rejected.slice(1).map((l) => [Number(l.split(',')[0]), /(\b[A-Z_]{5,}\b)/.exec(l)![1]]);
    expect(byLine).toEqual([
      [50, 'OUT_OF_RANGE'],
      [51, 'UNKNOWN_REFERENCE'],
      [52, 'INVALID_FORMAT'],
      [53, 'DUPLICATE_KEY'],
      [54, 'DUPLICATE_KEY'],
    ]);
    // Each rejected row keeps its record as the file had it, duplicates too (read again once the file has passed).
    expect(rejected[5]).toContain(bad[4]);
    expect(rejected[3]).toContain('INVALID_FORMAT (observedAt): observedAt ""2014-01-10 08:00"" is not an ISO 8601 time with an offset');

    const [batch] = await hub.db.query(
      `SELECT b.accepted, b.rejected, b.unchanged, b.key_id, b.department, b.max_observed_at FROM ingest_batches b
       JOIN air_quality_hourly a ON a.batch_id = b.id WHERE a.station_code = '1003A' LIMIT 1`,
    );
    expect(batch).toEqual({
      accepted: 48, rejected: 5, unchanged: 0, key_id: ecology.slice(3, 15), department: 'ECOLOGY', max_observed_at: new Date(DAY_TWO - HOUR),
    });
  });

  test('POST /ingest: an NDJSON day is stored the same way, and the answer lists the errors by line', async () => {
    const day = dayOf(DAY_TWO);
    const lines = [
      ...observed(day).map((o) => JSON.stringify(o)),
      JSON.stringify({ stationCode: '1004A', observedAt: cst(DAY_TWO + 50 * HOUR), pm25: -1 }),
      JSON.stringify({ stationCode: 'NOPE', observedAt: cst(DAY_TWO), pm25: 1 }),
      JSON.stringify({ stationCode: '1004A', observedAt: 'yesterday', pm25: 1 }),
      '{ not json',
    ];
    const { status, body } = await post(ecology, lines.join('\n'), 'application/x-ndjson');
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 48, rejected: 4, unchanged: 0, batchId: expect.any(String) });
    expect(body.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([
      [49, 'pm25', 'OUT_OF_RANGE'],
      [50, 'stationCode', 'UNKNOWN_REFERENCE'],
      [51, 'observedAt', 'INVALID_FORMAT'],
      [52, null, 'INVALID_FORMAT'],
    ]);
    const stored = [...(await read('1003A', DAY_TWO)), ...(await read('1004A', DAY_TWO))];
    expect(stored.map(({ provenance: _p, ...o }: any) => o)).toEqual(observed(day));
    expect(new Set(stored.map((o: any) => o.provenance.id))).toEqual(new Set([body.batchId]));
  });

  test('re-sending a file changes nothing: every accepted row is unchanged, provenance stays', async () => {
    const before = await read('1003A', DAY_ONE);
    const file = path.join(dir, 'day-one.csv');
    const again = await post(ecology, await readFile(file, 'utf8'), 'text/csv; charset=utf-8');
    expect(again.body).toMatchObject({ accepted: 48, rejected: 5, unchanged: 48 });
    expect(await read('1003A', DAY_ONE)).toEqual(before);
    const { code, out } = await cli(file, ecology);
    expect(code).toBe(0);
    expect(out).toContain('accepted   48 (unchanged 48)');
  });

  test("the city's daily rollup reflects the bulk-loaded hours", async () => {
    const { cityDailyAqi } = await hub.data(ecology, DAILY, { from: '2014-01-10', to: '2014-01-11' });
    expect(cityDailyAqi.map((d: any) => d.date)).toEqual(['2014-01-10', '2014-01-11']);
    for (const [i, start] of [DAY_ONE, DAY_TWO].entries()) {
      // Per hour the mean of the stations with a value, then the mean of those hours.
      const hourly = Array.from({ length: 24 }, (_, k) => {
        const values = dayOf(start).filter((h) => h.observedAt.getTime() === start + k * HOUR && h.pm25 !== null).map((h) => h.pm25!);
        return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
      }).filter((v): v is number => v !== null);
      expect(cityDailyAqi[i].explain).toEqual({ counts: { pm25: hourly.length }, evaluationStationCodes: ['1003A', '1004A'] });
      expect(cityDailyAqi[i].pm25).toBeCloseTo(hourly.reduce((a, b) => a + b, 0) / hourly.length, 9);
    }
  });

  test('a key repeated chunks apart is a duplicate all the same: every copy is rejected', async () => {
    // Synthetic values (not Beijing data): a year of hours at one station, the first hour sent again at the end.
    const start = Date.parse('2015-06-01T01:00:00+08:00');
    const rows = Array.from({ length: CHUNK_ROWS + 10 }, (_, i) => `1003A,${cst(start + i * HOUR)},${i % 90},,,,,`);
    const { body } = await post(ecology, [CSV_HEADER, ...rows, `1003A,${cst(start)},7,,,,,`].join('\n'), 'text/csv');
    expect(body).toMatchObject({ accepted: CHUNK_ROWS + 9, rejected: 2, unchanged: 0 });
    expect(body.errors).toEqual([2, CHUNK_ROWS + 12].map((line) => ({
      line, field: null, code: 'DUPLICATE_KEY',
      message: `key (station_code 1003A, observed_at ${cstIso(new Date(start))}) appears on lines 2, ${CHUNK_ROWS + 12} of this file; none of them was stored`,
    })));
    expect(await read('1003A', start)).toHaveLength(23);
  });

  test('the key decides: another department is FORBIDDEN, no key UNAUTHENTICATED, and nothing is stored', async () => {
    const body = `${CSV_HEADER}\n1003A,${cst(DAY_TWO + 60 * HOUR)},10,,,,,\n`;
    const housing = await post(await hub.key(Department.HOUSING, Role.PUBLISHER), body, 'text/csv');
    expect(housing.status).toBe(403);
    expect(housing.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN' });
    const reader = await post(await hub.key(Department.ECOLOGY, Role.READER), body, 'text/csv');
    expect(reader.status).toBe(403);
    for (const key of [null, 'lt_000000000000_not-a-key']) {
      const anonymous = await post(key, body, 'text/csv');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
    expect(await read('1003A', DAY_TWO + 60 * HOUR)).toEqual([]);

    const file = path.join(dir, 'one-row.csv');
    await writeFile(file, body);
    const wrongKey = await cli(file, await hub.key(Department.HOUSING, Role.PUBLISHER));
    expect(wrongKey).toMatchObject({ code: 1, out: '' });
    expect(wrongKey.err).toContain('dataset air-quality-hourly is published by ECOLOGY PUBLISHER keys only');
    const noKey = await cli(file);
    expect(noKey.code).toBe(1);
    expect(noKey.err).toContain('an API key is required');
  });

  test('a file that cannot be read as the dataset is refused whole: 400 and nothing stored', async () => {
    const unknownColumn = await post(ecology, `stationCode,observedAt,pm2.5\n1003A,${cst(DAY_TWO + 70 * HOUR)},10\n`, 'text/csv');
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('unknown column pm2.5') });
    // One rule for both formats: a key the dataset does not have refuses an NDJSON file as a column refuses a CSV.
    const good = JSON.stringify({ stationCode: '1003A', observedAt: cst(DAY_TWO + 70 * HOUR), pm25: 10 });
    const unknownKey = await post(ecology, `${good}\n${JSON.stringify({ stationCode: '1004A', observedAt: cst(DAY_TWO + 70 * HOUR), 'pm2.5': 10 })}\n`, 'application/x-ndjson');
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('unknown field pm2.5 on line 2') });
    // The CLI reads files through the same reader: text that is not UTF-8 is refused, naming its line.
    const latin1 = path.join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.from(`${CSV_HEADER}\n1003A,${cst(DAY_TWO + 70 * HOUR)},10,,,,,\ncaf\xe9,${cst(DAY_TWO + 70 * HOUR)},10,,,,,\n`, 'latin1'));
    const fromCli = await cli(latin1, ecology);
    expect(fromCli).toMatchObject({ code: 1, out: '' });
    expect(fromCli.err).toContain('line 3 is not valid UTF-8: send the file encoded as UTF-8; nothing was stored');
    const unclosedQuote = await post(ecology, `${CSV_HEADER}\n1003A,${cst(DAY_TWO + 70 * HOUR)},10,,,,,\n"1004A,x\n`, 'text/csv');
    expect(unclosedQuote.status).toBe(400);
    expect(await read('1003A', DAY_TWO + 70 * HOUR)).toEqual([]);
    expect((await post(ecology, '{}', 'application/json')).status).toBe(415);
    expect((await post(ecology, '{}', 'application/x-ndjson', 'no-such-dataset')).status).toBe(404);
  });

  test('reference data: regions whose parents are in the same file, stations with their pollutant lists', async () => {
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const regions = await post(cc, 'code,name,level,parentCode,keyCity\n510104,锦江区,COUNTY,510100,\n510100,成都市,CITY,510000,yes\n510000,四川省,PROVINCE,,\n', 'text/csv', 'regions');
    expect(regions.body).toMatchObject({ accepted: 3, rejected: 0 });
    const stations = await post(
      ecology,
      `${JSON.stringify({ code: '1431A', name: '金泉两河', regionCode: '510104', controlLevel: 'NATIONAL', monitoredPollutants: ['PM2_5', 'PM10'] })}\n` +
        `${JSON.stringify({ code: '1432A', name: '君平街', regionCode: '510104', controlLevel: 'NATIONAL', latitude: 'north' })}\n`,
      'application/x-ndjson',
      'air-stations',
    );
    expect(stations.body).toMatchObject({ accepted: 1, rejected: 1, errors: [{ line: 2, field: 'latitude', code: 'INVALID_FORMAT' }] });
    const { region } = await hub.data(cc, '{ region(code: "510100") { keyCity parent { code } children { code } } }');
    expect(region).toEqual({ keyCity: true, parent: { code: '510000' }, children: [{ code: '510104' }] });
    const { airStations } = await hub.data(ecology, '{ airStations(regionCode: "510000") { edges { node { code monitoredPollutants } } } }');
    expect(airStations.edges.map((e: any) => e.node)).toEqual([{ code: '1431A', monitoredPollutants: ['PM2_5', 'PM10'] }]);
  });

  test('each request is one audit entry with its rows', async () => {
    await hub.flushAudit();
    const admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    const { auditLog } = await hub.data(admin, `{ auditLog(first: 100) { edges { node {
      keyId operation operationType datasetsWritten rowsAccepted rowsRejected outcome errorCode httpStatus } } } }`);
    const entries = auditLog.edges.map((e: any) => e.node).filter((n: any) => n.operation === 'bulkIngest');
    expect(entries).toContainEqual({
      keyId: ecology.slice(3, 15), operation: 'bulkIngest', operationType: 'mutation', datasetsWritten: ['air-quality-hourly'],
      rowsAccepted: 48, rowsRejected: 5, outcome: 'OK', errorCode: null, httpStatus: 200,
    });
    expect(entries).toContainEqual(expect.objectContaining({ outcome: 'ERROR', errorCode: 'FORBIDDEN', httpStatus: 403 }));
    // Loads from the CLI are audited too, with no HTTP status.
    const fromCli = auditLog.edges.map((e: any) => e.node).filter((n: any) => n.operation === 'lantian ingest');
    expect(fromCli).toContainEqual(expect.objectContaining({
      keyId: ecology.slice(3, 15), operationType: 'cli', datasetsWritten: ['air-quality-hourly'], outcome: 'OK', httpStatus: null,
    }));
    expect(fromCli).toContainEqual(expect.objectContaining({ outcome: 'ERROR', errorCode: 'FORBIDDEN', httpStatus: null }));
  });
});
