import { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { ApiKeyService } from '../../src/admin/api-key.service';
import { cstIso } from '../../src/platform/cst';
import { Department, Role } from '../../src/platform/enums';
import { HubProcess, buildHub } from '../support/hub-process';
import { LiveClient } from '../support/live-client';
import { TestHub } from '../support/hub';
import { createSpecDatabase } from '../support/test-database';

/**
 * Subscriptions over graphql-ws on /graphql, against a real hub: events after real ingests, access checked when a
 * subscription starts and on every event, audited, a connection limit per key, and the fan-out through PostgreSQL
 * LISTEN/NOTIFY from one hub process to another.
 */
const HOUR_MS = 3_600_000;
/** The latest whole hour (CST and UTC agree on hours), which an ingest accepts and the latest-hour window holds. */
const latestHour = () => new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);

const REGIONS = `mutation { upsertRegions(input: [
  { code: "510000", name: "四川省", level: PROVINCE },
  { code: "510100", name: "成都市", level: CITY, parentCode: "510000", keyCity: true },
  { code: "510104", name: "锦江区", level: COUNTY, parentCode: "510100" },
  { code: "510300", name: "自贡市", level: CITY, parentCode: "510000", keyCity: true }]) { accepted } }`;
const STATIONS = `mutation { upsertAirStations(input: [
  { code: "1431A", name: "金泉两河", regionCode: "510104", controlLevel: NATIONAL },
  { code: "1441A", name: "自贡大塘山", regionCode: "510300", controlLevel: NATIONAL }]) { accepted } }`;
const INGEST_AIR = `mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted rejected batchId } }`;

const hourOf = (stationCode: string, at: Date, pm25: number) => ({
  stationCode, observedAt: at.toISOString(), pm25, pm10: pm25 + 20, so2: 10, no2: 30, o3: 40, co: 0.8,
});

const DATASET_UPDATED = `subscription($d: String!, $r: String) { datasetUpdated(dataset: $d, regionCode: $r) {
  dataset batchId department accepted rejected unchanged observedFrom observedTo regionCodes landedAt } }`;

describe('subscriptions over graphql-ws', () => {
  let hub: TestHub;
  let cc: string;
  let ecology: string;
  let housing: string;
  const clients: LiveClient[] = [];
  const connect = (key: string | null, options?: { inHeader?: boolean }) => {
    const client = new LiveClient(hub.url, key, options);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    hub = await TestHub.start({ LIVE_CONNECTIONS_PER_KEY: '3', FEED_STALE_CHECK_SECONDS: '0.3', RATE_LIMITS: 'PUBLISHER=100000,READER=100000,ADMIN=100000' });
    cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    housing = await hub.key(Department.HOUSING, Role.READER);
    await hub.data(cc, REGIONS);
    await hub.data(ecology, STATIONS);
    await hub.data(await hub.key(Department.ECOLOGY, Role.ADMIN), `mutation($i: SharingGrantInput!) { grantDatasetAccess(input: $i) { id } }`, {
      i: { dataset: 'air-quality-hourly', department: 'HOUSING', regionCodes: ['510100'], reason: 'dust control around Chengdu sites' },
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(() => hub.stop());

  // First: no level has been announced for any region yet.
  test('aqiLevelChanged: the first level of a region and of its cities, then a change with the previous level', async () => {
    const client = connect(cc);
    const sub = client.subscribe('subscription { aqiLevelChanged(regionCode: "510000") { regionCode observedAt aqi level previousLevel } }');
    await waitForSubscribers(hub, 'aqi-level-changed', 1);
    const h = latestHour();
    const two = async () =>
      [(await sub.next()).data.aqiLevelChanged, (await sub.next()).data.aqiLevelChanged].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
    /** What cityHourlyAqi answers for the hour: the event must say the same. */
    const hourly = async (regionCode: string) => {
      const { cityHourlyAqi } = await hub.data(cc, `{ cityHourlyAqi(regionCode: "${regionCode}", from: "${cstIso(h)}", to: "${cstIso(h)}") { aqi level } }`);
      return { regionCode, observedAt: cstIso(h), ...cityHourlyAqi[0] };
    };
    // Chengdu's only station, and the province's only city with data; the county (510104) is no CITY: not sent.
    await hub.data(ecology, INGEST_AIR, { i: [hourOf('1431A', h, 80)] });
    const first = await two();
    expect(first).toEqual([
      { ...(await hourly('510000')), previousLevel: null },
      { ...(await hourly('510100')), previousLevel: null },
    ]);
    expect(first[1].level).toBe('LIGHTLY_POLLUTED');
    // One µg/m³ more keeps the level: nothing is sent. 200 µg/m³ raises it.
    await hub.data(ecology, INGEST_AIR, { i: [hourOf('1431A', h, 81)] });
    await hub.data(ecology, INGEST_AIR, { i: [hourOf('1431A', h, 200)] });
    expect(await two()).toEqual([
      { ...(await hourly('510000')), level: 'HEAVILY_POLLUTED', previousLevel: 'LIGHTLY_POLLUTED' },
      { ...(await hourly('510100')), level: 'HEAVILY_POLLUTED', previousLevel: 'LIGHTLY_POLLUTED' },
    ]);
    await sub.none(300);
  });

  test('datasetUpdated: a batch arrives with its counts, time range and regions, within a fraction of a second', async () => {
    const client = connect(cc);
    const sub = client.subscribe(DATASET_UPDATED, { d: 'air-quality-hourly' });
    await client.connected;
    await waitForSubscribers(hub, 'dataset-updated', 1);
    const h = latestHour();
    const sent = Date.now();
    const { ingestAirQuality } = await hub.data(ecology, INGEST_AIR, {
      i: [hourOf('1431A', new Date(h.getTime() - 2 * HOUR_MS), 40), hourOf('1441A', h, 50), hourOf('NOPE', h, 50)],
    });
    const { data } = await sub.next();
    const latencyMs = Date.now() - sent;
    expect(data.datasetUpdated).toEqual({
      dataset: 'air-quality-hourly',
      batchId: ingestAirQuality.batchId,
      department: 'ECOLOGY',
      accepted: 2,
      rejected: 1,
      unchanged: 0,
      observedFrom: cstIso(new Date(h.getTime() - 2 * HOUR_MS)),
      observedTo: cstIso(h),
      regionCodes: ['510104', '510300'],
      landedAt: expect.any(String),
    });
    console.log(`datasetUpdated: ingest sent → event received in ${latencyMs} ms (one process)`);
    expect(latencyMs).toBeLessThan(5_000);
  });

  test('a lost LISTEN connection is reopened, and the events committed meanwhile still arrive', async () => {
    const sub = connect(cc).subscribe(DATASET_UPDATED, { d: 'air-quality-hourly' });
    await waitForSubscribers(hub, 'dataset-updated', 1);
    const [{ killed }] = await hub.db.query(
      `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
       WHERE application_name = 'lantian-hub listener' AND datname = current_database()`,
    );
    expect(killed).toBe(1);
    // Committed while no connection listens: read from the outbox once the listener is back.
    const { ingestAirQuality } = await hub.data(ecology, INGEST_AIR, { i: [hourOf('1441A', new Date(latestHour().getTime() - 12 * HOUR_MS), 25)] });
    expect((await sub.next()).data.datasetUpdated.batchId).toBe(ingestAirQuality.batchId);
    const again = await hub.data(ecology, INGEST_AIR, { i: [hourOf('1441A', new Date(latestHour().getTime() - 13 * HOUR_MS), 25)] });
    expect((await sub.next()).data.datasetUpdated.batchId).toBe(again.ingestAirQuality.batchId);
    await sub.none(300);
  });

  test('the key may come in the upgrade request’s Authorization header, as on POST /graphql', async () => {
    const client = connect(cc, { inHeader: true });
    expect(await client.connected).toEqual({ keyId: expect.any(String), department: 'COMMAND_CENTER', role: 'PUBLISHER' });
  });

  test('refused without a key, with an unknown key: closed 4401 UNAUTHENTICATED', async () => {
    expect(await connect(null).closed).toEqual({ code: 4401, reason: 'UNAUTHENTICATED: an API key is required: Authorization: Bearer <key>' });
    const unknown = await connect(`lt_000000000000_${'A'.repeat(43)}`).closed;
    expect(unknown).toEqual({ code: 4401, reason: 'UNAUTHENTICATED: the API key is unknown, revoked or malformed' });
  });

  test('refused without a grant: FORBIDDEN naming the dataset; unknown arguments are the client’s mistake', async () => {
    const client = connect(housing);
    const alerts = client.subscribe('subscription { alertIssued(provinceCode: "510000") { regionCode level } }');
    const [error] = (await alerts.next()).errors!;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', dataset: 'heavy-pollution-alerts' });
    expect(error.message).toBe('HOUSING has no sharing grant to read dataset heavy-pollution-alerts (owned by ECOLOGY)');
    const outside = client.subscribe(DATASET_UPDATED, { d: 'air-quality-hourly', r: '510300' });
    expect((await outside.next()).errors![0].extensions).toEqual({ code: 'FORBIDDEN', dataset: 'air-quality-hourly', regionCode: '510300' });
    const unknown = client.subscribe(DATASET_UPDATED, { d: 'no-such-data' });
    expect((await unknown.next()).errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', dataset: 'no-such-data' });
    const never = connect(cc).subscribe('subscription { feedStale(dataset: "heavy-pollution-alerts") { dataset } }');
    expect((await never.next()).errors![0].message).toBe('dataset heavy-pollution-alerts is published on change: it never goes stale');
    const query = connect(cc).subscribe('{ regions(first: 1) { totalCount } }');
    expect((await query.next()).errors![0].message).toBe('only subscriptions run over WebSocket; send a query by POST /graphql');
  });

  test('a region-limited grant receives the batches of its regions only, and sees its regions only', async () => {
    const client = connect(housing);
    const sub = client.subscribe(DATASET_UPDATED, { d: 'air-quality-hourly' });
    await waitForSubscribers(hub, 'dataset-updated', 1);
    const h = latestHour();
    const zigong = await hub.data(ecology, INGEST_AIR, { i: [hourOf('1441A', new Date(h.getTime() - 5 * HOUR_MS), 30)] });
    const both = await hub.data(ecology, INGEST_AIR, {
      i: [hourOf('1431A', new Date(h.getTime() - 5 * HOUR_MS), 30), hourOf('1441A', new Date(h.getTime() - 6 * HOUR_MS), 30)],
    });
    const { data } = await sub.next();
    // The Zigong-only batch was never sent: the first event is the batch that also touched Chengdu.
    expect(data.datasetUpdated.batchId).toBe(both.ingestAirQuality.batchId);
    expect(data.datasetUpdated.batchId).not.toBe(zigong.ingestAirQuality.batchId);
    expect(data.datasetUpdated.regionCodes).toEqual(['510104']);
    await sub.none(300);
  });

  test('a key revoked during a subscription ends it with UNAUTHENTICATED at the next event', async () => {
    const keys = new ApiKeyService(hub.db);
    const { token, key } = await keys.create(Department.COMMAND_CENTER, Role.READER, 'revoked mid-subscription');
    const client = connect(token);
    const sub = client.subscribe(DATASET_UPDATED, { d: 'air-quality-hourly' });
    await waitForSubscribers(hub, 'dataset-updated', 1);
    const h = latestHour();
    await hub.data(ecology, INGEST_AIR, { i: [hourOf('1431A', new Date(h.getTime() - 7 * HOUR_MS), 31)] });
    expect((await sub.next()).data.datasetUpdated.accepted).toBe(1);
    await keys.revoke(key.id);
    await hub.data(ecology, INGEST_AIR, { i: [hourOf('1431A', new Date(h.getTime() - 8 * HOUR_MS), 32)] });
    const refused = await sub.next();
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('alertIssued: an alert of a region of the province, new and then raised', async () => {
    const client = connect(cc);
    const sub = client.subscribe('subscription { alertIssued(provinceCode: "510000") { regionCode level startsAt endsAt } }');
    await waitForSubscribers(hub, 'alert-issued', 1);
    const startsAt = cstIso(new Date(latestHour().getTime() + 6 * HOUR_MS));
    const issuedAt = cstIso(new Date(latestHour().getTime() - HOUR_MS));
    const publish = (level: string) =>
      hub.data(ecology, `mutation($i: [HeavyPollutionAlertInput!]!) { ingestHeavyPollutionAlerts(input: $i) { accepted } }`, {
        i: [{ regionCode: '510100', startsAt, level, issuedAt }],
      });
    await publish('YELLOW');
    expect((await sub.next()).data).toEqual({ alertIssued: { regionCode: '510100', level: 'YELLOW', startsAt, endsAt: null } });
    await publish('YELLOW');
    await publish('ORANGE');
    // The identical re-publication changed nothing and announced nothing.
    expect((await sub.next()).data.alertIssued.level).toBe('ORANGE');
  });

  test('feedStale: a dataset turning stale is announced once', async () => {
    const housingPublisher = await hub.key(Department.HOUSING, Role.PUBLISHER);
    await hub.data(housingPublisher, `mutation { upsertConstructionSites(input: [{ id: "S1", name: "工地", regionCode: "510104", status: ACTIVE, dustMonitor: true, video: true }]) { accepted } }`);
    const quarter = new Date(Math.floor(Date.now() / 900_000) * 900_000);
    await hub.data(housingPublisher, `mutation($i: [SiteDustReadingInput!]!) { ingestSiteDustReadings(input: $i) { accepted } }`, {
      i: [{ siteId: 'S1', observedAt: quarter.toISOString(), pm10: 90 }],
    });
    await until(async () => (await hub.db.query(`SELECT stale FROM feed_staleness WHERE dataset = 'site-dust-readings'`))[0]?.stale === false);
    const sub = connect(cc).subscribe('subscription { feedStale(dataset: "site-dust-readings") { dataset cadence latestObservedAt detectedAt } }');
    await waitForSubscribers(hub, 'feed-stale', 1);
    // Two quarters pass without a reading: the stored reading is moved back in time as the clock would have left it.
    await hub.db.query(`UPDATE site_dust_readings SET observed_at = observed_at - interval '31 minutes'`);
    const { data } = await sub.next();
    expect(data.feedStale).toEqual({
      dataset: 'site-dust-readings',
      cadence: 'PT15M',
      latestObservedAt: cstIso(new Date(quarter.getTime() - 31 * 60_000)),
      detectedAt: expect.any(String),
    });
    await sub.none(1_000);
  });

  test('connections per key: the limit closes the next one with 4429 TOO_MANY_CONNECTIONS; closing one frees a place', async () => {
    const key = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const open = [connect(key), connect(key), connect(key)];
    await Promise.all(open.map((c) => c.connected));
    const refused = await connect(key).closed;
    expect(refused.code).toBe(4429);
    expect(refused.reason).toMatch(/^TOO_MANY_CONNECTIONS: key [0-9a-f]{12} holds 3 subscription connections/);
    await open[0].close();
    await open[0].closed;
    await until(async () => {
      const again = connect(key);
      return Promise.race([again.connected.then(() => true), again.closed.then(() => false)]);
    });
  });

  test('each subscription’s start and end are audit entries; the end counts the events delivered', async () => {
    const key = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    const client = connect(key);
    const sub = client.subscribe(`subscription Watch($d: String!) { datasetUpdated(dataset: $d) { batchId } }`, { d: 'air-quality-hourly' });
    await waitForSubscribers(hub, 'dataset-updated', 1);
    await hub.data(ecology, INGEST_AIR, { i: [hourOf('1441A', new Date(latestHour().getTime() - 9 * HOUR_MS), 20)] });
    await sub.next();
    sub.unsubscribe();
    await until(async () => {
      await hub.flushAudit();
      const rows = await hub.db.query(`SELECT 1 FROM audit_log WHERE key_id = $1 AND operation_type = 'subscription end'`, [key.split('_')[1]]);
      return rows.length === 1;
    });
    const rows = await hub.db.query(
      `SELECT operation, operation_type, reads, outcome FROM audit_log WHERE key_id = $1 ORDER BY id`,
      [key.split('_')[1]],
    );
    expect(rows).toEqual([
      { operation: 'Watch', operation_type: 'subscription', reads: { 'air-quality-hourly': 0 }, outcome: 'OK' },
      { operation: 'Watch', operation_type: 'subscription end', reads: { 'air-quality-hourly': 1 }, outcome: 'OK' },
    ]);
  });
});

describe('two hub processes on one database', () => {
  let spec: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  let a: HubProcess;
  let b: HubProcess;

  beforeAll(async () => {
    await buildHub();
    spec = await createSpecDatabase();
    db = createDataSource(spec.url);
    await db.initialize();
    [a, b] = await Promise.all([HubProcess.start({ DATABASE_URL: spec.url }), HubProcess.start({ DATABASE_URL: spec.url })]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.destroy();
    await spec?.drop();
  });

  test('an ingest through one process reaches the subscriber of the other (LISTEN/NOTIFY)', async () => {
    const keys = new ApiKeyService(db);
    const cc = (await keys.create(Department.COMMAND_CENTER, Role.PUBLISHER)).token;
    const ecology = (await keys.create(Department.ECOLOGY, Role.PUBLISHER)).token;
    const post = async (url: string, key: string, query: string, variables?: object) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    await post(a.url, cc, REGIONS);
    await post(a.url, ecology, STATIONS);
    const client = new LiveClient(b.url, cc);
    try {
      const sub = client.subscribe(DATASET_UPDATED, { d: 'air-quality-hourly', r: '510100' });
      await client.connected;
      // The client is not told when B has registered the subscription: the first batch that comes through says so.
      for (let probe = 24; ; probe++) {
        await post(a.url, ecology, INGEST_AIR, { i: [hourOf('1431A', new Date(latestHour().getTime() - probe * HOUR_MS), 30)] });
        if (await sub.next(500).then(() => true, () => false)) break;
        if (probe > 40) throw new Error('the subscription on B never received a batch ingested through A');
      }
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const sent = Date.now();
        const { ingestAirQuality } = await post(a.url, ecology, INGEST_AIR, { i: [hourOf('1431A', new Date(latestHour().getTime() - i * HOUR_MS), 30 + i)] });
        // A probe's event that came late may still be ahead of this batch's.
        let data;
        do data = (await sub.next()).data;
        while (data.datasetUpdated.batchId !== ingestAirQuality.batchId);
        latencies.push(Date.now() - sent);
        expect(data.datasetUpdated).toMatchObject({ batchId: ingestAirQuality.batchId, regionCodes: ['510104'], accepted: 1 });
      }
      latencies.sort((x, y) => x - y);
      console.log(`datasetUpdated across processes: ingest sent to A → event received from B: ${latencies.join(', ')} ms (median ${latencies[2]})`);
      expect(latencies[2]).toBeLessThan(2_000);
    } finally {
      await client.close();
    }
  });
});

async function waitForSubscribers(hub: TestHub, kind: 'dataset-updated' | 'alert-issued' | 'aqi-level-changed' | 'feed-stale', n: number): Promise<void> {
  await until(async () => hub.liveSubscribers(kind) >= n);
}

async function until(condition: () => Promise<boolean>, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
