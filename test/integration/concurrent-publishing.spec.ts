import { Department, Role } from '../../src/platform/enums';
import { refreshRegionDays } from '../../src/indicators/region-day.rollup';
import { TestHub } from '../support/hub';

const INGEST = `mutation($input: [AirQualityInput!]!) { ingestAirQuality(input: $input) { accepted rejected errors { code message } } }`;

/** Two cities of one province, two counties each; 24 national and provincial stations spread over the counties. */
const REGIONS = [
  { code: '510000', name: '四川省', level: 'PROVINCE' },
  { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000' },
  { code: '510104', name: '锦江区', level: 'COUNTY', parentCode: '510100' },
  { code: '510105', name: '青羊区', level: 'COUNTY', parentCode: '510100' },
  { code: '510300', name: '自贡市', level: 'CITY', parentCode: '510000' },
  { code: '510302', name: '自流井区', level: 'COUNTY', parentCode: '510300' },
  { code: '510303', name: '贡井区', level: 'COUNTY', parentCode: '510300' },
];
const COUNTIES = ['510104', '510105', '510302', '510303'];
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

/** Region-days as stored, floats to 9 decimals: avg() over floats may add the same values in another order. */
async function rollup(hub: TestHub): Promise<unknown[]> {
  const round = (v: unknown): unknown =>
    typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : Array.isArray(v) ? v.map(round) : v;
  const rows: Record<string, unknown>[] = await hub.db.query(ROLLUP);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])));
}

const ROLLUP = `SELECT region_code, day, pm25, pm10, so2, no2, o3, co, edition, aqi, valid, pm25_mean, pm10_mean, so2_mean,
  no2_mean, co_mean, o3_max8h, o3_max1h, composite_index, partial_aqi FROM region_days ORDER BY region_code, day`;

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
    const stored = await rollup(hub);
    const days = Math.ceil(hours / 24) + 1;
    expect(stored.length).toBeGreaterThanOrEqual(REGIONS.length * (days - 1));
    await hub.db.transaction(async (tx) => {
      const all: { region_code: string; day: string }[] = await tx.query('SELECT region_code, day FROM region_days');
      await tx.query('DELETE FROM region_days');
      await refreshRegionDays(tx, all.map((d) => ({ regionCode: d.region_code, day: d.day })));
    });
    expect(await rollup(hub)).toEqual(stored);
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
    expect((await cityDay()).cityDailyAqi[0].pm25).toBe(40);
    await hub.data(ecology, INGEST, {
      input: Array.from({ length: 24 }, (_, h) => ({ stationCode: 'C000', observedAt: at(h), pm25: 80 })),
    });
    expect((await cityDay()).cityDailyAqi[0].pm25).toBe(80);
  });
});
