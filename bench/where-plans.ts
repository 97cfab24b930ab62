import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { observeStatements } from '../test/support/statements';
import { Department, Role } from '../src/platform/enums';
import { BenchHub, ensurePartitions, percentile } from './bench-hub';

/**
 * The plans of the `where` conditions that do not sit on the list's own column, over a synthetic Sichuan of realistic
 * size (21 cities of 8 counties): a construction site's readings by the site's region (`regionCode` of a `regionVia`
 * dataset: 2,000 sites × a week of 15-minute readings), hourly air quality by station and region (300 stations × 90
 * days), and the audit log by operation and dataset (500,000 entries). For each, page 2 of 100 (read after a cursor):
 * HTTP p50 of warm runs, and EXPLAIN (ANALYZE, BUFFERS) of the very statement the hub sent — execution time, shared
 * buffers, the scans it used, and whether a subquery ran per row (a SubPlan).
 */
const CITIES = 21;
const COUNTIES = 8;
const SITES = 2000;
const SITE_DAYS = 7;
const STATIONS = 300;
const AIR_DAYS = 90;
const AUDIT_ENTRIES = 500_000;
const RUNS = 20;
const WARMUP = 3;
const T0 = Date.parse('2025-01-01T00:00:00+08:00');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');
const cityCode = (c: number) => `51${pad(c)}00`;
const countyCode = (c: number, k: number) => `51${pad(c)}${pad(k)}`;

interface Figures {
  p50: number;
  sqlMs: number;
  buffers: number;
  rows: number;
  scans: string;
  subPlan: boolean;
}

/** The scans of a plan (`Index Scan using … on t`), and whether any node is a subquery run per row. */
function describePlan(node: any, scans: Set<string>): boolean {
  if (/Scan/.test(node['Node Type']) && node['Relation Name']) scans.add(`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ` ${node['Relation Name']}`}`);
  let subPlan = node['Parent Relationship'] === 'SubPlan' && !/hashed/.test(node['Subplan Name'] ?? '');
  for (const child of node.Plans ?? []) subPlan = describePlan(child, scans) || subPlan;
  return subPlan;
}

async function measure(hub: BenchHub, key: string, query: string, list: string, table: string, variables: Record<string, unknown>): Promise<Figures> {
  const first = await hub.gql(key, query, variables);
  const next = { ...variables, after: first[list].pageInfo.endCursor };
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const start = performance.now();
    const page = await hub.gql(key, query, next);
    if (i >= WARMUP) times.push(performance.now() - start);
    rows = page[list].edges.length;
  }
  let statement: { text: string; values: unknown[] } | undefined;
  await observeStatements(
    () => hub.gql(key, query, next),
    (text, values) => {
      if (new RegExp(`FROM "?${table}"?[\\s\\S]*ORDER BY[\\s\\S]*LIMIT`).test(text) && !statement) statement = { text, values: values ?? [] };
    },
  );
  if (!statement) throw new Error(`no page statement on ${table} seen`);
  const [{ 'QUERY PLAN': [plan] }] = await hub.database.dataSource.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values);
  const scans = new Set<string>();
  const subPlan = describePlan(plan.Plan, scans);
  return {
    p50: percentile(times.sort((a, b) => a - b), 50),
    sqlMs: plan['Execution Time'],
    buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
    rows,
    scans: [...scans].join(', '),
    subPlan,
  };
}

const line = (name: string, f: Figures) =>
  `  ${name.padEnd(58)} HTTP p50 ${f.p50.toFixed(1).padStart(6)} ms | SQL ${f.sqlMs.toFixed(2).padStart(8)} ms | ${String(f.buffers).padStart(6)} buffers | ${f.rows} rows | ${f.subPlan ? 'SUBPLAN PER ROW | ' : ''}${f.scans}`;

async function main(): Promise<void> {
  const hub = await BenchHub.start();
  const db = hub.database.dataSource;
  try {
    const reader = await hub.key(Department.COMMAND_CENTER, Role.READER);
    const admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    const [{ id: keyId }] = await db.query(`SELECT id FROM api_keys LIMIT 1`);
    const batch = randomUUID();
    await db.query(`INSERT INTO ingest_batches (id, dataset, department, key_id, accepted, rejected, unchanged) VALUES ($1, 'regions', 'COMMAND_CENTER', $2, 0, 0, 0)`, [batch, keyId]);
    await db.query(`INSERT INTO regions (code, name, level, parent_code, key_city, batch_id) VALUES ('510000', '四川省', 'PROVINCE', NULL, false, $1)`, [batch]);
    for (let c = 1; c <= CITIES; c++) {
      await db.query(`INSERT INTO regions (code, name, level, parent_code, key_city, batch_id) VALUES ($1, $1, 'CITY', '510000', true, $2)`, [cityCode(c), batch]);
      for (let k = 1; k <= COUNTIES; k++) {
        await db.query(`INSERT INTO regions (code, name, level, parent_code, key_city, batch_id) VALUES ($1, $1, 'COUNTY', $2, false, $3)`, [countyCode(c, k), cityCode(c), batch]);
      }
    }
    const county = (i: string) => `'51' || lpad((1 + (${i} % ${CITIES}))::text, 2, '0') || lpad((1 + (${i} / ${CITIES}) % ${COUNTIES})::text, 2, '0')`;
    await ensurePartitions(db, 'site_dust_readings', new Date(T0), new Date(T0 + (SITE_DAYS * 96 - 1) * 900_000));
    await ensurePartitions(db, 'air_quality_hourly', new Date(T0 + 3_600_000), new Date(T0 + AIR_DAYS * 24 * 3_600_000));
    const started = Date.now();
    await db.query(
      `INSERT INTO construction_sites (id, name, region_code, status, dust_monitor, video, batch_id)
       SELECT 'S' || lpad(s::text, 5, '0'), 'site ' || s, ${county('s')}, 'ACTIVE', true, false, $1 FROM generate_series(0, ${SITES - 1}) s`,
      [batch],
    );
    await db.query(
      `INSERT INTO site_dust_readings (site_id, observed_at, pm10, batch_id)
       SELECT 'S' || lpad(s::text, 5, '0'), $1::timestamptz + q * interval '15 minutes', 50 + (q % 97), $2
       FROM generate_series(0, ${SITE_DAYS * 96 - 1}) q, generate_series(0, ${SITES - 1}) s ORDER BY q, s`,
      [at(0), batch],
    );
    await db.query(
      `INSERT INTO air_stations (code, name, region_code, control_level, monitored_pollutants, batch_id)
       SELECT 'A' || lpad(s::text, 4, '0'), 'station ' || s, ${county('s')}, 'NATIONAL', ARRAY['PM2_5','PM10','SO2','NO2','O3','CO'], $1 FROM generate_series(0, ${STATIONS - 1}) s`,
      [batch],
    );
    await db.query(
      `INSERT INTO air_quality_hourly (station_code, observed_at, pm25, batch_id)
       SELECT 'A' || lpad(s::text, 4, '0'), $1::timestamptz + h * interval '1 hour', 30 + (h % 50), $2
       FROM generate_series(1, ${AIR_DAYS * 24}) h, generate_series(0, ${STATIONS - 1}) s ORDER BY h, s`,
      [at(0), batch],
    );
    // The audit log: mostly reads of air quality, one entry in 500 a rare operation, one in 100 a read of site dust.
    await db.query(
      `INSERT INTO audit_log (at, key_id, department, role, operation, operation_type, datasets_read, rows_read, duration_ms, outcome)
       SELECT $1::timestamptz + i * interval '1 second', $2, CASE WHEN i % 7 = 0 THEN 'HOUSING' ELSE 'COMMAND_CENTER' END, 'READER',
              CASE WHEN i % 500 = 0 THEN 'RareReport' ELSE 'Dashboard' END, 'query',
              CASE WHEN i % 100 = 0 THEN ARRAY['site-dust-readings'] ELSE ARRAY['air-quality-hourly'] END, 100, 5, 'OK'
       FROM generate_series(1, ${AUDIT_ENTRIES}) i`,
      [at(0), keyId],
    );
    await db.query('VACUUM ANALYZE');
    console.log(`loaded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${SITES} sites × ${SITE_DAYS * 96} readings, ${STATIONS} stations × ${AIR_DAYS * 24} hours, ${AUDIT_ENTRIES} audit entries`);

    const limited = await hub.key(Department.PUBLIC_SECURITY, Role.READER);
    await db.query(
      `INSERT INTO sharing_grants (id, dataset, grantee, region_codes, reason, granted_by) VALUES ($1, 'site-dust-readings', 'PUBLIC_SECURITY', ARRAY[$2], 'bench', $3)`,
      [randomUUID(), cityCode(5), keyId],
    );

    const dust = `query($where: SiteDustReadingWhere, $region: String, $after: String) {
      siteDustReadings(where: $where, regionCode: $region, orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100, after: $after) {
        edges { node { siteId observedAt pm10 } } pageInfo { endCursor } } }`;
    console.log(`site_dust_readings (${(SITES * SITE_DAYS * 96).toLocaleString('en')} rows), page 2 of 100, latest first:`);
    console.log(line('where regionCode within a city (~95 sites)', await measure(hub, reader, dust, 'siteDustReadings', 'site_dust_readings', { where: { regionCode: { within: cityCode(5) } } })));
    console.log(line('where regionCode eq a county (~12 sites)', await measure(hub, reader, dust, 'siteDustReadings', 'site_dust_readings', { where: { regionCode: { eq: countyCode(5, 3) } } })));
    console.log(line('regionCode argument, a city', await measure(hub, reader, dust, 'siteDustReadings', 'site_dust_readings', { region: cityCode(5) })));
    console.log(line('grant limited to a city, no where', await measure(hub, limited, dust, 'siteDustReadings', 'site_dust_readings', {})));
    console.log(line('grant limited to a city, where regionCode eq a county', await measure(hub, limited, dust, 'siteDustReadings', 'site_dust_readings', { where: { regionCode: { eq: countyCode(5, 3) } } })));

    const air = `query($where: AirQualityObservationWhere, $after: String) {
      airQualityObservations(where: $where, orderBy: [{ field: OBSERVED_AT, direction: DESC }], first: 100, after: $after) {
        edges { node { stationCode observedAt pm25 } } pageInfo { endCursor } } }`;
    console.log(`air_quality_hourly (${(STATIONS * AIR_DAYS * 24).toLocaleString('en')} rows), page 2 of 100, latest first:`);
    console.log(line('where stationCode eq', await measure(hub, reader, air, 'airQualityObservations', 'air_quality_hourly', { where: { stationCode: { eq: 'A0042' } } })));
    console.log(line('where stationCode in (3)', await measure(hub, reader, air, 'airQualityObservations', 'air_quality_hourly', { where: { stationCode: { in: ['A0001', 'A0100', 'A0200'] } } })));
    console.log(line('where regionCode within a city (~14 stations)', await measure(hub, reader, air, 'airQualityObservations', 'air_quality_hourly', { where: { regionCode: { within: cityCode(5) } } })));
    console.log(line('where regionCode eq a county (~2 stations)', await measure(hub, reader, air, 'airQualityObservations', 'air_quality_hourly', { where: { regionCode: { eq: countyCode(5, 3) } } })));

    const audit = `query($where: AuditEntryWhere, $after: String) { auditLog(where: $where, first: 100, after: $after) { edges { node { id operation } } pageInfo { endCursor } } }`;
    console.log(`audit_log (${AUDIT_ENTRIES.toLocaleString('en')} entries), page 2 of 100, newest first:`);
    console.log(line('where operation eq a rare one (1 in 500)', await measure(hub, admin, audit, 'auditLog', 'audit_log', { where: { operation: { eq: 'RareReport' } } })));
    console.log(line('where department eq (1 in 7)', await measure(hub, admin, audit, 'auditLog', 'audit_log', { where: { department: { eq: 'HOUSING' } } })));
    console.log(line('where dataset eq (1 in 100)', await measure(hub, admin, audit, 'auditLog', 'audit_log', { where: { dataset: { eq: 'site-dust-readings' } } })));
  } finally {
    await hub.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
