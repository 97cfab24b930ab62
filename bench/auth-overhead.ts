import 'reflect-metadata';
import { Department, Role } from '../src/platform/enums';
import { ApiKeyService } from '../src/admin/api-key.service';
import { createServices } from '../src/app/context';
import { startHttpServer } from '../src/app/http';
import { loadConfig } from '../src/platform/config';
import { BEIJING_REGIONS } from '../src/app/demo/beijing';
import { BenchHub, percentile } from './bench-hub';

/**
 * What authorization and the audit log cost a simple query. Four servers over the same database, in one run:
 * the hub as it ships (API key verified — remembered 5 s —, dataset access checked, every request audited); the same
 * without the audit log; the same verifying the key against the database on every request (no remembering), to show
 * what the cache saves; and neither (a token accepted from memory, no audit) as the baseline.
 */
const QUERY = '{ regions(first: 10) { edges { node { code name level } } } }';
const RUNS = 3000;
const WARMUP = 300;

async function p50(url: string, token: string): Promise<number> {
  const once = async () => {
    const t0 = process.hrtime.bigint();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  return percentile(times.sort((a, b) => a - b), 50);
}

async function main() {
  const hub = await BenchHub.start();
  try {
    const db = hub.database.dataSource;
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    await hub.gql(cc, 'mutation($i: [RegionInput!]!) { upsertRegions(input: $i) { accepted } }', { i: BEIJING_REGIONS });
    const reader = await hub.key(Department.HOUSING, Role.READER);
    const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://unused', PORT: '0', LOG_LEVEL: 'silent', RATE_LIMITS: 'READER=1000000' });
    const services = createServices(db, config);
    const principal = await services.apiKeys.authenticate(reader);
    const trusted = async () => principal;

    const full = await startHttpServer(config, db, services);
    const noAudit = await startHttpServer(config, db, services, { audit: false });
    const bare = await startHttpServer(config, db, services, { audit: false, authenticate: trusted });
    // A fresh service per request remembers nothing: every request looks its key up in the database.
    const uncached = await startHttpServer(config, db, services, { audit: false, authenticate: (token) => new ApiKeyService(db).authenticate(token) });
    try {
      // Interleave the three so drift in the machine's load affects them alike.
      const results = { full: [] as number[], noAudit: [] as number[], bare: [] as number[], uncached: [] as number[] };
      for (let round = 0; round < 3; round++) {
        results.bare.push(await p50(bare.url, reader));
        results.uncached.push(await p50(uncached.url, reader));
        results.noAudit.push(await p50(noAudit.url, reader));
        results.full.push(await p50(full.url, reader));
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      const [b, u, n, f] = [median(results.bare), median(results.uncached), median(results.noAudit), median(results.full)];
      console.log(`query: ${QUERY}  (${RUNS} sequential requests per measurement, median of 3 rounds)`);
      console.log(`baseline (no key lookup, no audit):        p50 ${b.toFixed(3)} ms`);
      console.log(`+ key looked up in the database each time: p50 ${u.toFixed(3)} ms  (+${(((u - b) / b) * 100).toFixed(1)} %, not shipped)`);
      console.log(`+ key verified, remembered 5 s (shipped):  p50 ${n.toFixed(3)} ms  (+${(((n - b) / b) * 100).toFixed(1)} %)`);
      console.log(`+ audit log (the hub as it ships):         p50 ${f.toFixed(3)} ms  (+${(((f - n) / n) * 100).toFixed(1)} % for the audit)`);
      console.log(`authorization + audit together:            +${(f - b).toFixed(3)} ms = ${(((f - b) / f) * 100).toFixed(1)} % of the request time`);
      await full.flushAudit();
      const [{ n: entries }] = await db.query('SELECT count(*)::int AS n FROM audit_log');
      console.log(`audit entries written during the run: ${entries}`);
    } finally {
      await Promise.all([full.stop(), noAudit.stop(), bare.stop(), uncached.stop()]);
    }
  } finally {
    await hub.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
