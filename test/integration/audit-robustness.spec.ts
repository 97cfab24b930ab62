import { Department, Role } from '../../src/platform/enums';
import { MAX_AUDIT_TEXT } from '../../src/admin/audit-log';
import { TestHub } from '../support/hub';

describe('the audit log under hostile input', () => {
  let hub: TestHub;
  let admin: string;
  let ecology: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    admin = await hub.key(Department.COMMAND_CENTER, Role.ADMIN);
    ecology = await hub.key(Department.ECOLOGY, Role.PUBLISHER);
  });
  afterAll(() => hub.stop());

  const post = (body: unknown, key?: string) =>
    fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });

  test('a NUL in an anonymous operation name does not switch the log off; huge names are capped', async () => {
    expect((await post({ query: '{__typename}', operationName: 'x\u0000y' })).status).toBe(401);
    expect((await post({ query: '{__typename}', operationName: 'n'.repeat(4_000_000) })).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await post({ query: `query After${i} { me { keyId } }` }, admin)).status).toBe(200);
    await hub.flushAudit();
    const rows: { operation: string | null; http_status: number }[] = await hub.db.query(
      'SELECT operation, http_status FROM audit_log ORDER BY id',
    );
    const operations = rows.map((r) => r.operation);
    expect(operations).toContain('x\uFFFDy');
    expect(operations).toContain(`${'n'.repeat(MAX_AUDIT_TEXT - 1)}…`);
    for (let i = 0; i < 5; i++) expect(operations).toContain(`After${i}`);
    const [{ longest }] = await hub.db.query('SELECT max(length(operation))::int AS longest FROM audit_log');
    expect(longest).toBe(MAX_AUDIT_TEXT);
  });

  test('every acknowledged batch has its own entry, written with its rows', async () => {
    const cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    await hub.data(cc, 'mutation { upsertRegions(input: [{ code: "510000", name: "四川省", level: PROVINCE }]) { accepted } }');
    const { upsertAirStations } = await hub.data(ecology, `mutation { upsertAirStations(input: [
      { code: "A1", name: "甲", regionCode: "510000", controlLevel: LOCAL },
      { code: "A2", name: "乙", regionCode: "999999", controlLevel: LOCAL }]) { batchId accepted rejected } }`);
    const [entry] = await hub.db.query(
      'SELECT key_id, department, operation_type, datasets_written, rows_accepted, rows_rejected FROM audit_log WHERE batch_id = $1',
      [upsertAirStations.batchId],
    );
    expect(entry).toEqual({
      key_id: ecology.slice(3, 15), department: 'ECOLOGY', operation_type: 'batch',
      datasets_written: ['air-stations'], rows_accepted: 1, rows_rejected: 1,
    });
    const [{ unaudited }] = await hub.db.query(
      'SELECT count(*)::int AS unaudited FROM ingest_batches b WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.batch_id = b.id)',
    );
    expect(unaudited).toBe(0);
  });

  test('key and grant changes are on record before the answer: their entries are written in their transactions', async () => {
    const created = await hub.data(admin, `mutation { createApiKey(department: HOUSING, role: READER, name: "site dust desk") { key { id } } }`);
    const keyId = created.createApiKey.key.id;
    await hub.data(admin, `mutation { rotateApiKey(id: "${keyId}", graceMinutes: 5) { key { id } } }`);
    await hub.data(admin, `mutation { revokeApiKey(id: "${keyId}") { id } }`);
    const { grantDatasetAccess: grant } = await hub.data(ecology, `mutation { grantDatasetAccess(input: {
      dataset: "air-stations", department: HOUSING, reason: "site dust" }) { id } }`);
    await hub.data(ecology, `mutation { revokeDatasetAccess(id: "${grant.id}") { id } }`);
    // No flush: the request entries may still be buffered, the changes' own entries may not.
    const entries: { operation: string; key_id: string }[] = await hub.db.query(
      `SELECT operation, key_id FROM audit_log WHERE operation_type = 'change' ORDER BY id`,
    );
    expect(entries).toEqual([
      { operation: `createApiKey ${keyId} HOUSING READER`, key_id: admin.slice(3, 15) },
      { operation: `rotateApiKey ${keyId}`, key_id: admin.slice(3, 15) },
      { operation: `revokeApiKey ${keyId}`, key_id: admin.slice(3, 15) },
      { operation: `grantDatasetAccess ${grant.id} air-stations to HOUSING`, key_id: ecology.slice(3, 15) },
      { operation: `revokeDatasetAccess ${grant.id} air-stations`, key_id: ecology.slice(3, 15) },
    ]);
  });
});
