import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApiKeyService } from '../src/admin/api-key.service';
import { loadConfig } from '../src/platform/config';
import { createServices } from '../src/app/context';
import { Department, Role } from '../src/platform/enums';
import { BEIJING_STATIONS, PrsaHour, prsaFile, readPrsaHours } from '../src/app/demo/beijing';
import { Database, openDatabase } from '../src/app/database';
import { configureLogger } from '../src/platform/logger';
import { EmbeddedPostgres } from '../src/platform/db/embedded-postgres';
import { HubServer, startHttpServer } from '../src/app/http';
import { createDatabase, dropDatabase } from '../test/support/test-database';
import { FEEDS } from '../src/catalog/registry';
import { monthPartitioningOf } from '../src/ingest/month-partitions';
import { addMonths, ensureMonths, monthOf } from '../src/platform/db/partitions';
import { DataSource } from 'typeorm';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
configureLogger('warn');

/**
 * A hub for a benchmark run: a fresh database on DATABASE_URL's server, or on an embedded cluster kept under
 * ./.data/bench, migrated, served on a random port, dropped at the end.
 */
export class BenchHub {
  private constructor(
    readonly url: string,
    readonly databaseUrl: string,
    readonly database: Database,
    private readonly server: HubServer,
    private readonly drop: () => Promise<void>,
  ) {}

  static async start(): Promise<BenchHub> {
    const bench = await createBenchDatabase();
    const config = loadConfig({ ...process.env, DATABASE_URL: bench.url, PORT: '0', LOG_LEVEL: 'silent' });
    const database = await openDatabase(config, { migrate: true });
    const server = await startHttpServer(config, database.dataSource, createServices(database.dataSource, config));
    return new BenchHub(server.url, bench.url, database, server, bench.drop);
  }

  async key(department: Department, role: Role): Promise<string> {
    return (await new ApiKeyService(this.database.dataSource).create(department, role)).token;
  }

  async gql(key: string, query: string, variables?: Record<string, unknown>): Promise<any> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  /** `keepDatabase`: leaves the database (and the embedded cluster holding it) for a look at its plans afterwards. */
  async stop(options: { keepDatabase?: boolean } = {}): Promise<void> {
    await this.server.stop();
    await this.database.dataSource.destroy();
    if (options.keepDatabase) console.log(`kept the database: ${this.databaseUrl}`);
    else await this.drop();
  }
}

/**
 * The month partitions of a partitioned table from `from` through `to` (instants or days, CST), for rows a bench
 * inserts straight into it rather than through the ingestion pipeline (which creates them itself).
 */
export async function ensurePartitions(db: DataSource, table: string, from: Date | string, to: Date | string): Promise<void> {
  const partitioning = monthPartitioningOf(FEEDS.find((f) => f.upsert.table === table)!.upsert)!;
  // A string longer than a day is an instant, whose CST month its text need not show ('…T16:00:00Z').
  const month = (value: Date | string) => monthOf(typeof value === 'string' && value.length > 10 ? new Date(value) : value);
  const months: string[] = [];
  for (let m = month(from); m <= month(to); m = addMonths(m, 1)) months.push(m);
  await ensureMonths(db, partitioning, months);
}

/**
 * A fresh, empty database for a benchmark run on DATABASE_URL's server, or on an embedded cluster kept under
 * ./.data/bench; `drop` removes it (and stops the cluster if this run started it).
 */
export async function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedPostgres | undefined;
  if (!serverUrl) {
    embedded = await EmbeddedPostgres.ensure({ dataDir: path.resolve('.data', 'bench'), port: 54339, database: 'postgres' });
    serverUrl = embedded.url;
  }
  const name = `lantian_bench_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(serverUrl, name);
  return {
    url,
    drop: async () => {
      await dropDatabase(serverUrl!, name);
      await embedded?.stop();
    },
  };
}

/**
 * One year of the 12 Beijing stations (the hours stamped 2013-03-01 01:00 … 2014-03-01 00:00 CST), rows with at least
 * one pollutant (an empty one would be rejected as EMPTY_ROW), in time order — every station's value of an hour
 * together, as the national network publishes and a live feed arrives.
 */
export async function readBeijingYear(): Promise<PrsaHour[]> {
  const first = Date.parse('2013-03-01T01:00:00+08:00');
  const last = Date.parse('2014-03-01T00:00:00+08:00');
  const rows: PrsaHour[] = [];
  for (const station of BEIJING_STATIONS) {
    for await (const h of readPrsaHours(prsaFile(station), station.code)) {
      const t = h.observedAt.getTime();
      if (t < first) continue;
      if (t > last) break;
      if ([h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co].some((v) => v !== null)) rows.push(h);
    }
  }
  return rows.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || a.stationCode.localeCompare(b.stationCode));
}

export function percentile(sorted: number[], p: number): number {
  const k = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(k);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (k - lo);
}

/**
 * The baseline an ingestion bench compares with: COPY into `table`, a plain copy of the dataset's table with its key,
 * indexes, CHECKs and foreign keys (`LIKE … INCLUDING ALL` leaves out the foreign keys: they are added), so COPY pays
 * what the rows themselves cost the real table. Not partitioned: one table, no routing of rows to months. Its
 * `batch_id` defaults to a stored batch, so the rows need only the dataset's columns. Returns the statements creating it.
 * `foreignKeys: false` leaves them out: what they cost COPY is the difference (PostgreSQL checks each row of each
 * foreign key by a query of its own).
 */
export async function scratchCopySql(db: DataSource, target: string, table: string, { foreignKeys: withForeignKeys = true } = {}): Promise<string> {
  const foreignKeys: { definition: string }[] = !withForeignKeys
    ? []
    : await db.query(`SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`, [target]);
  const [{ id }] = await db.query('SELECT id FROM ingest_batches LIMIT 1');
  return [
    `CREATE TABLE ${table} (LIKE ${target} INCLUDING ALL)`,
    ...foreignKeys.map((fk) => `ALTER TABLE ${table} ADD ${fk.definition}`),
    `ALTER TABLE ${table} ALTER COLUMN batch_id SET DEFAULT '${id}'`,
  ].join(';\n');
}

/** The 21 cities of Sichuan (GB/T 2260), for the benches' synthetic province 510000. */
export const SICHUAN_CITIES = ['510100', '510300', '510400', '510500', '510600', '510700', '510800', '510900', '511000', '511100',
  '511300', '511400', '511500', '511600', '511700', '511800', '511900', '512000', '513200', '513300', '513400'];

/** An ingest batch for rows a bench loads by SQL (every row names the batch that published it), by the department's first key. */
export async function benchBatch(db: DataSource, dataset: string, department: Department, receivedAt: Date | string = new Date()): Promise<string> {
  const id = randomUUID();
  const [{ id: keyId }] = await db.query('SELECT id FROM api_keys WHERE department = $1 LIMIT 1', [department]);
  await db.query(
    `INSERT INTO ingest_batches (id, dataset, department, key_id, received_at, accepted, rejected, unchanged) VALUES ($1, $2, $3, $4, $5, 0, 0, 0)`,
    [id, dataset, department, keyId, receivedAt],
  );
  return id;
}
