import http from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { ApiKeyService } from '../../src/admin/api-key.service';
import { Department, Role } from '../../src/platform/enums';
import { EmbeddedPostgres } from '../../src/platform/db/embedded-postgres';
import { freePort } from '../support/free-port';
import { HubProcess, buildHub } from '../support/hub-process';
import { createDatabase, createSpecDatabase } from '../support/test-database';
import { COUNTIES, REGIONS } from '../support/province';
import { storedAndRecomputedRollup } from '../support/rollup';

/**
 * The hub under faults, as deployed: a process of its own (dist/src/app/main.js) that is `kill -9`ed mid-batch and
 * mid-bulk and restarted, and a PostgreSQL that is restarted under traffic. Whatever the moment: every acknowledged
 * batch is stored whole and audited, no batch is partial, the rollup ends equal to a recomputation, and during the
 * outage clients are told to retry (503 SERVICE_UNAVAILABLE with Retry-After) by a hub that recovers by itself.
 */
const DATASET = 'air-quality-hourly';
const HUB_ENV = { RATE_LIMITS: 'PUBLISHER=1000000,READER=1000000,ADMIN=1000000', DB_POOL_SIZE: '20' };
const INGEST = `mutation($input: [AirQualityInput!]!) {
  ingestAirQuality(input: $input) { accepted rejected unchanged batchId errors { code message } } }`;
const ROWS_PER_BATCH = 200;
const PUBLISHERS = 8;

const START = Date.parse('2020-01-01T01:00:00+08:00');

/** Station codes with a prefix of their own: each scenario writes series no other one writes. */
const stationCodes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);

function stationInputs(codes: string[]) {
  return codes.map((code, i) => ({
    code,
    name: `站点${code}`,
    regionCode: COUNTIES[i % COUNTIES.length],
    controlLevel: i % 3 === 2 ? 'PROVINCIAL' : 'NATIONAL',
  }));
}

function reading(stationCode: string, hour: number) {
  const v = (k: number) => ((stationCode.charCodeAt(stationCode.length - 1) * 37 + hour * 11 + k * 13) % 200) + 5;
  return {
    stationCode,
    observedAt: new Date(START + hour * 3_600_000).toISOString(),
    pm25: v(1), pm10: v(2) + 20, so2: v(3) / 4, no2: v(4) / 2, o3: v(5), co: v(6) / 100,
  };
}

/** A station's batch `b`: its next hours. Keys never repeat, so every stored row still names the batch that wrote it. */
const batchOf = (stationCode: string, b: number) =>
  Array.from({ length: ROWS_PER_BATCH }, (_, h) => reading(stationCode, b * ROWS_PER_BATCH + h));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; fails with `what` after `withinMs`. */
async function until(what: string, condition: () => boolean | Promise<boolean>, withinMs = 30_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting until ${what}`);
    await sleep(50);
  }
}

interface Reply {
  status: number;
  retryAfter: string | null;
  body: any;
}

async function post(url: string, key: string, query: string, variables?: Record<string, unknown>): Promise<Reply> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text.slice(0, 200);
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

async function data(url: string, key: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const reply = await post(url, key, query, variables);
  if (reply.status !== 200 || reply.body.errors) throw new Error(`HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.data;
}

async function seedProvince(url: string, db: DataSource, stations: string[]): Promise<void> {
  const keys = new ApiKeyService(db);
  const commandCenter = (await keys.create(Department.COMMAND_CENTER, Role.PUBLISHER)).token;
  const ecology = (await keys.create(Department.ECOLOGY, Role.PUBLISHER)).token;
  await data(url, commandCenter, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: REGIONS });
  await data(url, ecology, 'mutation($i: [AirStationInput!]!) { upsertAirStations(input: $i) { accepted } }', { i: stationInputs(stations) });
}

const publisherKeys = (db: DataSource, n: number) =>
  Promise.all(Array.from({ length: n }, async () => (await new ApiKeyService(db).create(Department.ECOLOGY, Role.PUBLISHER)).token));

type Kind = 'read' | 'write';
type Phase = 'before' | 'outage' | 'after';

interface Ack {
  batchId: string;
  rows: number;
}

/**
 * Clients hammering the hub, each in a loop until `stop()`: publishers sending `batchOf` their station, readers a
 * query. Every reply is classified: acknowledged batches are kept; anything but a success (or, when the database is
 * down, a proper 503) is a problem. A request cut off because the hub died under it ends its client.
 */
class Traffic {
  readonly acked: Ack[] = [];
  /** Each kind of wrong reply, with how often it came. */
  readonly problems: Record<string, number> = {};
  /** Write requests that lost their connection after `hubKilled`: batches the kill caught in flight. */
  cutOff = 0;
  readonly served: Record<Phase, Record<Kind, number>> = { before: { read: 0, write: 0 }, outage: { read: 0, write: 0 }, after: { read: 0, write: 0 } };
  readonly unavailable: Record<Phase, Record<Kind, number>> = { before: { read: 0, write: 0 }, outage: { read: 0, write: 0 }, after: { read: 0, write: 0 } };
  /** Every reply, whatever it said. */
  readonly answered: Record<Phase, Record<Kind, number>> = { before: { read: 0, write: 0 }, outage: { read: 0, write: 0 }, after: { read: 0, write: 0 } };
  phase: Phase = 'before';
  /** Set just before the hub is killed: from then on a lost connection is expected. */
  hubKilled = false;
  private running = true;
  private readonly clients: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    /** The database may be away: a 503 SERVICE_UNAVAILABLE with Retry-After is then a correct answer. */
    private readonly outageExpected = false,
  ) {}

  publish(key: string, stationCode: string): void {
    this.clients.push(
      this.loop('write', async (b) => {
        const reply = await post(this.url, key, INGEST, { input: batchOf(stationCode, b) });
        const report = reply.status === 200 && !reply.body.errors ? reply.body.data.ingestAirQuality : undefined;
        if (report && (report.accepted !== ROWS_PER_BATCH || report.unchanged !== 0 || typeof report.batchId !== 'string')) {
          return { ...reply, status: -1 }; // a 200 that did not store the batch as sent
        }
        if (report) this.acked.push({ batchId: report.batchId, rows: report.accepted });
        return reply;
      }),
    );
  }

  read(key: string, query: string, variables: Record<string, unknown>): void {
    this.clients.push(this.loop('read', () => post(this.url, key, query, variables)));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.clients);
  }

  private async loop(kind: Kind, request: (iteration: number) => Promise<Reply>): Promise<void> {
    for (let i = 0; this.running; i++) {
      let reply: Reply;
      try {
        reply = await request(i);
      } catch (error) {
        if (this.hubKilled) {
          if (kind === 'write') this.cutOff++;
        } else {
          const cause = (error as { cause?: { code?: string } }).cause;
          this.problem(`${this.phase} ${kind}: connection failed (${cause?.code ?? String(error)})`);
        }
        return;
      }
      // Counted in the phase the reply arrived in.
      const phase = this.phase;
      this.answered[phase][kind]++;
      if (reply.status === 200 && !reply.body.errors) {
        this.served[phase][kind]++;
      } else if (this.outageExpected && isServiceUnavailable(reply)) {
        this.unavailable[phase][kind]++;
        await sleep(Math.min(Number(reply.retryAfter) * 1000, 100)); // a client honouring Retry-After, compressed
      } else {
        this.problem(`${phase} ${kind}: HTTP ${reply.status}, Retry-After ${reply.retryAfter}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      }
    }
  }

  private problem(description: string): void {
    this.problems[description] = (this.problems[description] ?? 0) + 1;
  }
}

function isServiceUnavailable(reply: Reply): boolean {
  return (
    reply.status === 503 &&
    /^\d+$/.test(reply.retryAfter ?? '') &&
    reply.body?.errors?.length > 0 &&
    reply.body.errors.every((e: { extensions?: { code?: string } }) => e.extensions?.code === 'SERVICE_UNAVAILABLE')
  );
}

/**
 * Every acknowledged batch stored whole with its own audit entry; every batch of the dataset whole (its changed rows
 * all stored under it) and audited, so nothing partial was committed. Returns what is wrong, empty when all holds.
 */
async function durabilityProblems(db: DataSource, acked: Ack[]): Promise<string[]> {
  const batches: { id: string; accepted: number; unchanged: number; stored: number; audited: number }[] = await db.query(
    `SELECT b.id, b.accepted, b.unchanged, coalesce(s.stored, 0)::int AS stored,
            (SELECT count(*) FROM audit_log l WHERE l.batch_id = b.id AND l.operation_type = 'batch')::int AS audited
     FROM ingest_batches b
     LEFT JOIN (SELECT batch_id, count(*) AS stored FROM air_quality_hourly GROUP BY batch_id) s ON s.batch_id = b.id
     WHERE b.dataset = $1`,
    [DATASET],
  );
  const byId = new Map(batches.map((b) => [b.id, b]));
  const problems: string[] = [];
  for (const ack of acked) {
    const batch = byId.get(ack.batchId);
    if (!batch) problems.push(`acknowledged batch ${ack.batchId} is not in ingest_batches`);
    else if (batch.accepted !== ack.rows || batch.stored !== ack.rows) {
      problems.push(`acknowledged batch ${ack.batchId} of ${ack.rows} rows: ingest_batches says ${batch.accepted}, ${batch.stored} stored`);
    }
  }
  for (const b of batches) {
    if (b.accepted === 0 || b.stored !== b.accepted - b.unchanged) problems.push(`batch ${b.id} is partial: accepted ${b.accepted}, unchanged ${b.unchanged}, ${b.stored} rows stored`);
    if (b.audited !== 1) problems.push(`batch ${b.id} has ${b.audited} audit entries`);
  }
  const [{ orphans }] = await db.query(
    'SELECT count(*)::int AS orphans FROM air_quality_hourly a LEFT JOIN ingest_batches b ON b.id = a.batch_id WHERE b.id IS NULL',
  );
  if (orphans) problems.push(`${orphans} rows without their batch`);
  return problems;
}

async function queuedRegionDays(db: DataSource): Promise<number> {
  const [{ queued }] = await db.query('SELECT count(*)::int AS queued FROM region_day_queue');
  return queued;
}

/**
 * POST /ingest/air-quality-hourly with an NDJSON body whose first `lines` are streamed as the socket takes them and
 * whose end never comes: the load stays in flight until the hub dies. `written` counts the lines sent so far.
 */
function streamUnfinishedBulk(url: string, key: string, lines: Iterable<string>): { written: () => number; settled: Promise<string> } {
  let written = 0;
  const request = http.request(`${url}/ingest/air-quality-hourly`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
  });
  const settled = new Promise<string>((resolve) => {
    request.on('error', (error) => resolve(`connection lost (${(error as NodeJS.ErrnoException).code ?? error.message})`));
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(`HTTP ${response.statusCode}: ${body.slice(0, 300)}`));
      response.on('error', (error) => resolve(`connection lost mid-answer (${error.message})`));
    });
  });
  void (async () => {
    let chunk: string[] = [];
    const send = async () => {
      if (request.destroyed) return;
      const more = request.write(chunk.join('\n') + '\n');
      written += chunk.length;
      chunk = [];
      if (more) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          request.off('drain', done);
          request.off('close', done);
          resolve();
        };
        request.once('drain', done);
        request.once('close', done);
      });
    };
    for (const line of lines) {
      chunk.push(line);
      if (chunk.length === 1000) await send();
    }
    if (chunk.length) await send();
  })();
  return { written: () => written, settled };
}

describe('the hub killed with kill -9', () => {
  let spec: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  let hub: HubProcess | undefined;
  /** Every batch acknowledged so far, across the scenarios: none of them may ever be lost. */
  const acked: Ack[] = [];

  beforeAll(async () => {
    await buildHub();
    spec = await createSpecDatabase();
    db = createDataSource(spec.url);
    await db.initialize();
    hub = await HubProcess.start({ ...HUB_ENV, DATABASE_URL: spec.url });
    await seedProvince(hub.url, db, [...stationCodes('M', PUBLISHERS), ...stationCodes('N', PUBLISHERS), ...stationCodes('B', 10)]);
  }, 120_000);

  afterAll(async () => {
    await hub?.kill();
    await db?.destroy();
    await spec?.drop();
  });

  test('mid-batch: every acknowledged batch is stored whole and audited, nothing partial, the rollup recomputed', async () => {
    const running = hub!;
    const traffic = new Traffic(running.url);
    const keys = await publisherKeys(db, PUBLISHERS);
    stationCodes('M', PUBLISHERS).forEach((station, i) => traffic.publish(keys[i], station));
    await until('batches are acknowledged', () => traffic.acked.length >= PUBLISHERS);
    const killAfterMs = Math.floor(Math.random() * 1500);
    await sleep(killAfterMs);
    traffic.hubKilled = true;
    await running.kill();
    await traffic.stop();
    acked.push(...traffic.acked);

    hub = await HubProcess.start({ ...HUB_ENV, DATABASE_URL: spec.url });
    // Ready means the restarted hub has recomputed what the killed one left queued.
    const outcome = {
      killAfterMs,
      trafficProblems: traffic.problems,
      caughtInFlight: traffic.cutOff > 0,
      durability: await durabilityProblems(db, acked),
      queued: await queuedRegionDays(db),
    };
    expect(outcome).toEqual({ killAfterMs, trafficProblems: {}, caughtInFlight: true, durability: [], queued: 0 });
    const { stored, recomputed } = await storedAndRecomputedRollup(db);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(recomputed);
  }, 90_000);

  test('mid-bulk: nothing of the load in flight is stored, nothing acknowledged is lost', async () => {
    const running = hub!;
    const traffic = new Traffic(running.url);
    const keys = await publisherKeys(db, PUBLISHERS + 1);
    stationCodes('N', PUBLISHERS).forEach((station, i) => traffic.publish(keys[i], station));
    await until('batches are acknowledged', () => traffic.acked.length >= PUBLISHERS);
    // A file of 100,000 rows (10 stations × 10,000 hours), killed after a random part of it has been sent and while
    // the hub is copying it into its transaction.
    const bulkStations = stationCodes('B', 10);
    const killAtLine = 20_000 + Math.floor(Math.random() * 60_000);
    const rows = function* () {
      for (let line = 0; line < killAtLine; line++) yield JSON.stringify(reading(bulkStations[line % 10], Math.floor(line / 10)));
    };
    const bulk = streamUnfinishedBulk(running.url, keys[PUBLISHERS], rows());
    await until('the bulk load is being copied', async () => {
      const [{ copying }] = await db.query(
        "SELECT count(*)::int AS copying FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY %'",
      );
      return copying > 0 && bulk.written() >= killAtLine;
    });
    traffic.hubKilled = true;
    await running.kill();
    await traffic.stop();
    const bulkOutcome = await bulk.settled;
    acked.push(...traffic.acked);

    hub = await HubProcess.start({ ...HUB_ENV, DATABASE_URL: spec.url });
    const [{ bulkRows }] = await db.query("SELECT count(*)::int AS \"bulkRows\" FROM air_quality_hourly WHERE station_code LIKE 'B%'");
    const [{ bulkAudited }] = await db.query(
      "SELECT count(*)::int AS \"bulkAudited\" FROM audit_log WHERE operation_type = 'batch' AND operation = 'bulk load'",
    );
    const outcome = {
      killAtLine,
      bulkOutcome,
      bulkRows,
      bulkAudited,
      trafficProblems: traffic.problems,
      durability: await durabilityProblems(db, acked),
      queued: await queuedRegionDays(db),
    };
    expect(outcome).toEqual({ killAtLine, bulkOutcome: expect.stringMatching(/^connection lost/), bulkRows: 0, bulkAudited: 0, trafficProblems: {}, durability: [], queued: 0 });
    const { stored, recomputed } = await storedAndRecomputedRollup(db);
    expect(stored).toEqual(recomputed);
  }, 90_000);
});

describe('PostgreSQL restarted under traffic', () => {
  let dataDir: string | undefined;
  let cluster: { dataDir: string; port: number; database: string };
  let postgres: EmbeddedPostgres;
  let url: string;
  let hub: HubProcess | undefined;

  /** A cluster of this spec's own (the run's shared one must not go away under the other specs). */
  beforeAll(async () => {
    await buildHub();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantian-faults-'));
    cluster = { dataDir, port: await freePort(), database: 'postgres' };
    postgres = await EmbeddedPostgres.ensure(cluster);
    url = await createDatabase(postgres.url, 'lantian_faults');
    hub = await HubProcess.start({ ...HUB_ENV, DATABASE_URL: url }); // migrates its fresh database
  }, 120_000);

  afterAll(async () => {
    await hub?.kill();
    if (dataDir) await EmbeddedPostgres.destroy(dataDir);
  });

  test('503 with Retry-After during the outage; the same hub serves again after it; every acknowledged write stored and audited', async () => {
    const running = hub!;
    const withDb = async <T>(work: (db: DataSource) => Promise<T>): Promise<T> => {
      const db = createDataSource(url);
      await db.initialize();
      try {
        return await work(db);
      } finally {
        await db.destroy();
      }
    };
    const stations = stationCodes('P', PUBLISHERS);
    const { keys, reader } = await withDb(async (db) => {
      await seedProvince(running.url, db, stations);
      return { keys: await publisherKeys(db, PUBLISHERS), reader: (await new ApiKeyService(db).create(Department.ECOLOGY, Role.READER)).token };
    });

    const traffic = new Traffic(running.url, true);
    stations.forEach((station, i) => traffic.publish(keys[i], station));
    const day = new Date(START + 12 * 3_600_000).toISOString().slice(0, 10);
    traffic.read(reader, 'query($s: String!, $from: DateTime!, $to: DateTime!) { airQualityObservations(stationCode: $s, from: $from, to: $to, first: 24) { totalCount edges { node { observedAt pm25 } } } }', {
      s: stations[0], from: new Date(START).toISOString(), to: new Date(START + 23 * 3_600_000).toISOString(),
    });
    traffic.read(reader, 'query($r: String!, $d: Date!) { cityDailyAqi(regionCode: $r, from: $d, to: $d) { date aqi pm25 } }', { r: '510100', d: day });
    traffic.read(reader, 'query($r: String!, $d: Date!) { cityDailyAqi(regionCode: $r, from: $d, to: $d) { date aqi pm25 } }', { r: '510000', d: day });
    const served = (phase: Phase) => traffic.served[phase].read > 0 && traffic.served[phase].write > 0;

    try {
      await until('reads and writes are served', () => served('before') && traffic.acked.length >= PUBLISHERS);
      traffic.phase = 'outage';
      const outageStarted = Date.now();
      await postgres.stop();
      await until(
        'reads and writes are answered during an outage of 3 s',
        () => Date.now() - outageStarted >= 3_000 && traffic.answered.outage.read > 0 && traffic.answered.outage.write > 0,
      );
      postgres = await EmbeddedPostgres.ensure(cluster);
      traffic.phase = 'after';
      await until('reads and writes are served again', () => served('after'), 30_000);
      const ackedBeforeRecovery = traffic.acked.length;
      await until('writes are acknowledged again', () => traffic.acked.length >= ackedBeforeRecovery + PUBLISHERS, 30_000);
    } finally {
      await traffic.stop();
    }

    const outcome = await withDb(async (db) => {
      await until('the rollup queue is drained', async () => (await queuedRegionDays(db)) === 0, 30_000);
      return { durability: await durabilityProblems(db, traffic.acked), ...(await storedAndRecomputedRollup(db)) };
    });
    expect({ hubStillRunning: running.alive }).toEqual({ hubStillRunning: true });
    expect(outcome.durability).toEqual([]);
    expect(outcome.stored).toEqual(outcome.recomputed);
    expect({ problems: traffic.problems, unavailableDuringOutage: traffic.unavailable.outage })
      .toEqual({ problems: {}, unavailableDuringOutage: { read: expect.any(Number), write: expect.any(Number) } });
    expect(Math.min(traffic.unavailable.outage.read, traffic.unavailable.outage.write)).toBeGreaterThan(0);
  }, 120_000);
});
