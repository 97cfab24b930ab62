import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';
import { COUNTIES, REGIONS } from '../support/province';

/**
 * Housing's site-hour dust rollup (`site_dust_hours`) stays exact whatever the writes: readings of the same
 * site-hours sent at once by many writers and a bulk load, re-sent identical, or replaced by other values.
 */
const INGEST = `mutation($input: [SiteDustReadingInput!]!) { ingestSiteDustReadings(input: $input) { accepted rejected errors { code message } } }`;

const WRITERS = 12;
const BATCHES = 10;
const SITES = ['S1', 'S2', 'S3'];
const START = Date.parse('2025-01-01T00:15:00+08:00');

/** A writer's reading `q` quarter hours after START at a site: writers overlap on every site-hour, with their own values. */
function reading(writer: number, site: number, q: number) {
  return { siteId: SITES[site], observedAt: new Date(START + q * 900_000).toISOString(), pm10: ((writer * 31 + site * 17 + q * 7) % 180) + 20 };
}

/** Site-hours as stored, and as a plain GROUP BY of the readings computes them (floats to 9 decimals). */
async function storedAndRecomputed(hub: TestHub): Promise<{ stored: unknown[]; recomputed: unknown[] }> {
  const rows = (sql: string) =>
    hub.db.query(`SELECT site_id, hour, readings, round(pm10_sum::numeric, 9) AS pm10_sum, pm10_min, pm10_max FROM (${sql}) r ORDER BY site_id, hour`);
  return {
    stored: await rows('SELECT * FROM site_dust_hours'),
    recomputed: await rows(`SELECT site_id, to_timestamp(ceil(extract(epoch FROM observed_at) / 3600) * 3600) AS hour,
                              count(*)::int AS readings, sum(pm10) AS pm10_sum, min(pm10) AS pm10_min, max(pm10) AS pm10_max
                            FROM site_dust_readings GROUP BY 1, 2`),
  };
}

describe('the site-hour dust rollup', () => {
  let hub: TestHub;
  let housing: string;
  let reader: string;

  beforeAll(async () => {
    hub = await TestHub.start({ RATE_LIMITS: 'PUBLISHER=100000,READER=100000,ADMIN=100000', DB_POOL_SIZE: '20' });
    const commandCenter = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    housing = await hub.key(Department.HOUSING, Role.PUBLISHER);
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    await hub.data(commandCenter, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: REGIONS });
    await hub.data(housing, 'mutation($i: [ConstructionSiteInput!]!) { upsertConstructionSites(input: $i) { accepted } }', {
      i: SITES.map((id, n) => ({ id, name: `工地${n}`, regionCode: COUNTIES[n], status: 'ACTIVE', dustMonitor: true, video: false })),
    });
  });
  afterAll(() => hub.stop());

  test(`${WRITERS} writers × ${BATCHES} batches replacing each other's readings of the same site-hours, plus a bulk load: the rollup equals a recomputation`, async () => {
    const keys = await Promise.all(Array.from({ length: WRITERS }, () => hub.key(Department.HOUSING, Role.PUBLISHER)));
    const failures: unknown[] = [];
    // Batch b of every writer covers the same six hours (24 quarter hours) of every site, each writer with its values.
    const writer = async (w: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const input = SITES.flatMap((_, s) => Array.from({ length: 24 }, (_, q) => reading(w, s, b * 12 + q)));
        const result = await hub.gql(keys[w], INGEST, { input });
        if (result.status !== 200 || result.errors || result.data.ingestSiteDustReadings.rejected !== 0) failures.push(result);
      }
    };
    const bulkBody = SITES.flatMap((_, s) => Array.from({ length: BATCHES * 12 + 12 }, (_, q) => JSON.stringify(reading(WRITERS, s, q)))).join('\n');
    const bulk = fetch(`${hub.url}/ingest/site-dust-readings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${housing}`, 'content-type': 'application/x-ndjson' },
      body: bulkBody,
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

    const [bulkResult] = await Promise.all([bulk, ...Array.from({ length: WRITERS }, (_, w) => writer(w))]);
    expect(failures).toEqual([]);
    expect(bulkResult).toMatchObject({ status: 200, body: { rejected: 0 } });

    const [{ queued }] = await hub.db.query('SELECT count(*)::int AS queued FROM site_dust_hour_queue');
    expect(queued).toBe(0);
    const { stored, recomputed } = await storedAndRecomputed(hub);
    // 132 quarter hours from 00:15: 33 hours of each site, every one of four readings.
    expect(stored).toHaveLength(SITES.length * 33);
    expect(stored.every((h: any) => h.readings === 4)).toBe(true);
    expect(stored).toEqual(recomputed);
  });

  test('a replaced reading changes its hour at once; a re-sent one changes nothing; a reading stamped on the hour ends that hour', async () => {
    const at = (hour: number, minute: number) => new Date(Date.parse('2025-02-01T00:00:00+08:00') + hour * 3_600_000 + minute * 60_000).toISOString();
    const dust = () =>
      hub.data(reader, '{ constructionDust(regionCode: "510104", from: "2025-02-01", to: "2025-02-01") { sitesReporting exceedingHours } }');
    const hourOf = () =>
      hub.db.query(`SELECT readings, pm10_sum FROM site_dust_hours WHERE site_id = 'S1' AND hour = $1`, [at(9, 0)]);
    // 08:15, 08:30, 08:45, 09:00: the hour 09:00 (mean 150: not above).
    const readings = [15, 30, 45, 60].map((m, i) => ({ siteId: 'S1', observedAt: at(8, m), pm10: [140, 150, 160, 150][i] }));
    await hub.data(housing, INGEST, { input: readings });
    expect(await hourOf()).toEqual([{ readings: 4, pm10_sum: 600 }]);
    expect((await dust()).constructionDust).toEqual([{ sitesReporting: 1, exceedingHours: 0 }]);

    const resent = await hub.data(housing, INGEST, { input: readings });
    expect(resent.ingestSiteDustReadings.accepted).toBe(4);
    expect(await hourOf()).toEqual([{ readings: 4, pm10_sum: 600 }]);

    await hub.data(housing, INGEST, { input: [{ siteId: 'S1', observedAt: at(9, 0), pm10: 154 }] });
    expect(await hourOf()).toEqual([{ readings: 4, pm10_sum: 604 }]);
    expect((await dust()).constructionDust).toEqual([{ sitesReporting: 1, exceedingHours: 1 }]);
  });
});
