import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';
import { COUNTIES, REGIONS } from '../support/province';
import { storedAndRecomputedRollup } from '../support/rollup';

const INGEST = `mutation($input: [AirQualityInput!]!) { ingestAirQuality(input: $input) { accepted rejected errors { code message } } }`;

const WRITERS = 20;
const BATCHES = 50;
const HOURS_PER_BATCH = 3;
const BULK_STATIONS = 4;
const STATIONS = Array.from({ length: WRITERS + BULK_STATIONS }, (_, i) => ({
  code: `C${String(i).padStart(3, '0')}`,
  name: `站点${i}`,
  regionCode: COUNTIES[i % COUNTIES.length],
  controlLevel: i % 3 === 2 ? 'PROVINCIAL' : 'NATIONAL',
}));
const START = Date.parse('2025-01-01T01:00:00+08:00');

/** A deterministic hour of a station: every writer covers the same hours of the same days. */
function reading(station: number, hour: number) {
  const v = (k: number) => ((station * 37 + hour * 11 + k * 13) % 200) + 5;
  return {
    stationCode: STATIONS[station].code,
    observedAt: new Date(START + hour * 3_600_000).toISOString(),
    pm25: v(1), pm10: v(2) + 20, so2: v(3) / 4, no2: v(4) / 2, o3: v(5), co: v(6) / 100,
  };
}

describe('many departments publishing at once', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await TestHub.start({ RATE_LIMITS: 'PUBLISHER=100000,READER=100000,ADMIN=100000', DB_POOL_SIZE: '20' });
    const commandCenter = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await hub.data(commandCenter, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: REGIONS });
    await hub.data(ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', { i: STATIONS });
  });
  afterAll(() => hub.stop());

  test(`${WRITERS} writers × ${BATCHES} batches of the same cities and hours, plus a bulk load: no error, and the rollup equals a recomputation`, async () => {
    const keys = await Promise.all(Array.from({ length: WRITERS }, () => hub.key(Department.ECOLOGY, Role.PUBLISHER)));
    const failures: unknown[] = [];
    const writer = async (w: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const input = Array.from({ length: HOURS_PER_BATCH }, (_, h) => reading(w, b * HOURS_PER_BATCH + h));
        const result = await hub.gql(keys[w], INGEST, { input });
        if (result.status !== 200 || result.errors || result.data.ingestAirQuality.accepted !== HOURS_PER_BATCH) failures.push(result);
      }
    };
    const hours = BATCHES * HOURS_PER_BATCH;
    const bulkBody = Array.from({ length: BULK_STATIONS }, (_, s) =>
      Array.from({ length: hours }, (_, h) => JSON.stringify(reading(WRITERS + s, h))).join('\n'),
    ).join('\n');
    const bulk = fetch(`${hub.url}/ingest/air-quality-hourly`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[0]}`, 'content-type': 'application/x-ndjson' },
      body: bulkBody,
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

    const [bulkResult] = await Promise.all([bulk, ...Array.from({ length: WRITERS }, (_, w) => writer(w))]);
    expect(failures).toEqual([]);
    expect(bulkResult).toMatchObject({ status: 200, body: { accepted: BULK_STATIONS * hours, rejected: 0 } });

    const [{ rows }] = await hub.db.query('SELECT count(*)::int AS rows FROM air_quality_hourly');
    expect(rows).toBe((WRITERS + BULK_STATIONS) * hours);
    const [{ queued }] = await hub.db.query('SELECT count(*)::int AS queued FROM region_day_queue');
    expect(queued).toBe(0);

    // Every acknowledged write is already in the rollup: recomputing every region-day from scratch changes nothing.
    const { stored, recomputed } = await storedAndRecomputedRollup(hub.db);
    expect(stored.length).toBeGreaterThanOrEqual(REGIONS.length * Math.floor(hours / 24));
    expect(recomputed).toEqual(stored);
  });

  test('an indicator read right after an acknowledged write reflects it', async () => {
    const ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    const day = '2025-03-01';
    const cityDay = () =>
      hub.data(ecology, `{ cityDailyAqi(regionCode: "510100", from: "${day}", to: "${day}") { pm25 } }`);
    const at = (hour: number) => new Date(Date.parse(`${day}T01:00:00+08:00`) + hour * 3_600_000).toISOString();
    await hub.data(ecology, INGEST, {
      input: Array.from({ length: 24 }, (_, h) => ({ stationCode: 'C000', observedAt: at(h), pm25: 40 })),
    });
    // Acknowledged means recomputed: nothing of it waits in the queue (the background drain runs only every 5 s).
    const [{ queued }] = await hub.db.query('SELECT count(*)::int AS queued FROM region_day_queue');
    expect(queued).toBe(0);
    expect((await cityDay()).cityDailyAqi[0].pm25).toBe(40);
    await hub.data(ecology, INGEST, {
      input: Array.from({ length: 24 }, (_, h) => ({ stationCode: 'C000', observedAt: at(h), pm25: 80 })),
    });
    expect((await cityDay()).cityDailyAqi[0].pm25).toBe(80);
  });
});
