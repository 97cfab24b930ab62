import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { buildWeb, WebBuild } from '../../scripts/build-web';
import { createServices } from '../../src/app/context';
import { seedDemo } from '../../src/app/demo/seed';
import { AQI_LEVELS } from '../../src/indicators/math/levels';
import { Department, Role } from '../../src/platform/enums';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { TestHub } from '../support/hub';

// The command-center page and the explorer in a real browser: Debian's Chromium (scripts/ensure-chromium.sh installs
// it; nothing here downloads a browser), driven by puppeteer-core, against a hub seeded with the demo.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = path.join(PROJECT_ROOT, 'test-output', 'command-center');

// The demo's last Beijing hour is 2017-01-01 00:00 CST (severe smog); the page looks one hour later, so that an
// ingested 01:00 hour becomes the latest. December 2016 is the month of the score table.
const BEIJING = '110000';
const AT = '2017-01-01T01:00:00+08:00';
const NEW_HOUR = '2017-01-01T01:00:00+08:00';
const STATIONS = ['1001A', '1002A', '1003A', '1004A', '1005A', '1006A', '1007A', '1008A', '1009A', '1010A', '1011A', '1012A'];
/** Re-read every second in the test (the page's default is 15 s). */
const REFRESH_SECONDS = 1;

const colour = (level: string | null) => AQI_LEVELS.find((l) => l.level === level)?.colour.toLowerCase() ?? '#d0d7de';

interface Watch {
  consoleErrors: string[];
  foreignRequests: string[];
}

describe('the command-center page and the explorer in headless Chromium', () => {
  let hub: TestHub;
  let reader: string;
  let publisher: string;
  let browser: Browser;
  let profile: string;
  let build: WebBuild;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/ensure-chromium.sh (as root it installs Debian's chromium package) or set CHROMIUM_PATH`);
    }
    build = await buildWeb();
    hub = await TestHub.start();
    await seedDemo(hub.db, createServices(hub.db, { ingestMaxBatch: 10_000 }), 10_000);
    reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    publisher = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
    await mkdir(OUTPUT, { recursive: true });
    profile = await mkdtemp(path.join(os.tmpdir(), 'lantian-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profile,
      // Without the background-networking flags Chromium calls Google's hosts at start, refused on a closed network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      defaultViewport: { width: 1440, height: 1200 },
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await hub?.stop();
    await writeFile(path.join(OUTPUT, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  });

  /** A fresh tab that notes console errors, uncaught exceptions and requests to any other host. */
  async function open(): Promise<{ page: Page; watch: Watch }> {
    const page = await browser.newPage();
    const watch: Watch = { consoleErrors: [], foreignRequests: [] };
    const origin = new URL(hub.url).origin;
    page.on('console', (m) => {
      if (m.type() === 'error') watch.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => watch.consoleErrors.push(String(e)));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) watch.foreignRequests.push(url);
    });
    return { page, watch };
  }

  async function signIn(page: Page): Promise<void> {
    await page.waitForSelector('form.sign-in input');
    await page.type('form.sign-in input', reader);
    await page.click('form.sign-in button');
  }

  // What runs in the page is written as expressions: the project compiles without the DOM's types.

  /** The fill of every city point the map drew (lower-cased), and every text of the map. */
  async function drawnCities(page: Page): Promise<{ fills: string[]; texts: string[] }> {
    // City points have a border; station dots do not.
    const fills = await page.$$eval('.map-chart svg path[stroke][fill]', (paths) => paths.map((p) => p.getAttribute('fill')!.toLowerCase()));
    return { fills: fills.filter((f) => f !== 'none'), texts: await page.$$eval('.map-chart svg text', (texts) => texts.map((t) => t.textContent ?? '')) };
  }

  /** Charts drawn at their box's width (ECharts resizes after layout): what a screenshot should show. */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction(
      `[...document.querySelectorAll('.map-chart, .daily-chart')].every((box) => box.querySelector('svg')?.getAttribute('width') === String(box.clientWidth))`,
    );
  }

  const overviewOf = (at: string) =>
    hub.data(reader, `query($p: String!, $at: DateTime) { provinceOverview(provinceCode: $p, at: $at) {
      cities { regionCode region { name } latestHour { aqi level } } } }`, { p: BEIJING, at });

  test('draws every city in its level colour and the month\'s scores; an ingested hour recolours the map without a reload', async () => {
    const { page, watch } = await open();
    const started = Date.now();
    await page.goto(`${hub.url}/?province=${BEIJING}&at=${encodeURIComponent(AT)}&refresh=${REFRESH_SECONDS}`, { waitUntil: 'load' });
    const loadedMs = Date.now() - started;
    await signIn(page);
    const signedIn = Date.now();
    await page.waitForSelector('.map-chart svg path[stroke]');
    await page.waitForSelector('.score-table tbody tr');
    figures.pageLoadMs = loadedMs;
    figures.signInToFirstRenderMs = Date.now() - signedIn;
    figures.pageWeightBytes = await page.evaluate(`[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((n, e) => n + e.transferSize, 0)`);
    figures.bundleBytes = build.sizes;

    // Every city of the province with a station position, in the colour of its latest hourly level.
    const { provinceOverview } = await overviewOf(AT);
    expect(provinceOverview.cities.map((c: any) => c.regionCode)).toEqual(['110100']);
    expect(provinceOverview.cities[0].latestHour.level).toBe('SEVERELY_POLLUTED');
    const drawn = await drawnCities(page);
    expect(drawn.fills).toEqual(provinceOverview.cities.map((c: any) => colour(c.latestHour.level)));
    for (const city of provinceOverview.cities) expect(drawn.texts).toEqual(expect.arrayContaining([city.region.name, String(city.latestHour.aqi)]));
    await settled(page);
    await page.screenshot({ path: path.join(OUTPUT, '1-beijing-before-ingest.png'), fullPage: true });

    // The score table says what monthlyScores says, row by row, in rank order.
    const { monthlyScores } = await hub.data(reader, `{ monthlyScores(provinceCode: "${BEIJING}", month: "2016-12") {
      regionCode regionName provinceRank total dailyRank improvement goodDays heavyPollution bonus validDays complete } }`);
    const rows = await page.$$eval('.score-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent!.trim())));
    expect(rows).toEqual(
      monthlyScores.map((s: any) => [
        String(s.provinceRank ?? '—'), s.regionName,
        ...[s.total, s.dailyRank, s.improvement, s.goodDays, s.heavyPollution, s.bonus].map((v: number) => v.toFixed(2)),
        String(s.validDays), s.complete ? '是 Yes' : '否 No',
      ]),
    );
    expect(await page.$eval('h2#scores-title', (h) => h.textContent)).toContain('2016-12');

    // A clean hour for every station, ingested over the API while the page is open; a reload would lose the mark.
    await page.evaluate('window.beforeIngest = true');
    const ingested = Date.now();
    const report = await hub.data(publisher, `mutation($i: [AirQualityInput!]!) { ingestAirQuality(input: $i) { accepted rejected } }`, {
      i: STATIONS.map((stationCode) => ({ stationCode, observedAt: NEW_HOUR, pm25: 8, pm10: 15, so2: 3, no2: 12, co: 0.3, o3: 40 })),
    });
    expect(report.ingestAirQuality).toEqual({ accepted: STATIONS.length, rejected: 0 });
    const after = (await overviewOf(AT)).provinceOverview.cities[0].latestHour;
    expect(after.level).toBe('EXCELLENT');
    await page.waitForFunction(`[...document.querySelectorAll('.map-chart svg path[stroke]')].some((p) => p.getAttribute('fill')?.toLowerCase() === '${colour('EXCELLENT')}')`, { timeout: 10_000 });
    figures.ingestToMapChangeMs = Date.now() - ingested;
    expect((await drawnCities(page)).fills).toEqual([colour('EXCELLENT')]);
    expect(await page.$eval('.city dd b', (b) => b.textContent)).toBe(String(after.aqi));
    expect(await page.evaluate('window.beforeIngest')).toBe(true);
    await settled(page);
    await page.screenshot({ path: path.join(OUTPUT, '2-beijing-after-ingest.png'), fullPage: true });

    // Sorting by total, highest first, then back.
    await page.click('th button[data-column="total"]');
    expect(await page.$eval('th:has(button[data-column="total"])', (th) => th.getAttribute('aria-sort'))).toBe('descending');

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  }, 120_000);

  test('Chengdu\'s ORANGE alert shows its compliance: the counts of §5.2 and the non-compliant cement plant', async () => {
    const { page, watch } = await open();
    await page.goto(`${hub.url}/?province=510000&at=${encodeURIComponent('2016-12-18T12:00:00+08:00')}`, { waitUntil: 'load' });
    await signIn(page);
    await page.waitForSelector('.alert[data-region="510100"]');
    const { emergencyCompliance } = await hub.data(reader, `{ emergencyCompliance(regionCode: "510100", startsAt: "2016-12-16T00:00:00+08:00") {
      compliant nonCompliant unknown enterprises { status enterprise { name } } } }`);
    const alert = await page.$eval('.alert[data-region="510100"]', (a) => ({
      counts: a.querySelector('.counts')!.textContent!.replace(/\s+/g, ' '),
      listed: Array.from(a.querySelectorAll('.non-compliant li'), (li: { textContent: string | null }) => li.textContent!),
    }));
    expect(alert.counts).toContain(`compliant ${emergencyCompliance.compliant}`);
    expect(alert.counts).toContain(`non-compliant ${emergencyCompliance.nonCompliant}`);
    expect(alert.counts).toContain(`unknown ${emergencyCompliance.unknown}`);
    const nonCompliant = emergencyCompliance.enterprises.filter((e: any) => e.status === 'NON_COMPLIANT').map((e: any) => e.enterprise.name);
    expect(nonCompliant).toHaveLength(1);
    expect(alert.listed.map((l) => l.split(' (')[0])).toEqual(nonCompliant);
    // Chengdu has no air station in the demo: listed, not drawn.
    expect(await page.$eval('.map .note', (p) => p.textContent)).toContain('成都市');
    await settled(page);
    await page.screenshot({ path: path.join(OUTPUT, '3-chengdu-alert.png'), fullPage: true });
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  }, 60_000);

  test('GET /graphql in a browser is GraphiQL, bundled: it runs a query with the key typed once', async () => {
    const { page, watch } = await open();
    const query = '{ region(code: "110100") { name parent { name } } }';
    await page.goto(`${hub.url}/graphql?query=${encodeURIComponent(query)}`, { waitUntil: 'load' });
    await signIn(page);
    await page.waitForSelector('.graphiql-execute-button');
    // The schema arrived by introspection (with the key): the documentation explorer can open.
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(`document.querySelector('.result-window')?.textContent?.includes('北京市市辖区')`, { timeout: 20_000 });
    await page.screenshot({ path: path.join(OUTPUT, '4-explorer.png') });
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  }, 60_000);
});
