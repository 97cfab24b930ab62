import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Department, Role } from '../../src/platform/enums';
import { TestHub } from '../support/hub';

/**
 * The HTTP edge under hostile or careless clients: records and bodies too large, text that is not UTF-8, uploads
 * abandoned half-way or while the load merges, unknown routes and malformed URIs, client-chosen operation names,
 * guessed keys. Over real HTTP against a real hub.
 */

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
  /** Whether the whole body was sent: the server may answer before reading it all, but should read on. */
  bodySent: boolean;
}

/**
 * An HTTP/1.1 request over a bare socket, as any client could send it: the path as given, the body chunked unless a
 * content-length is given, written as fast as the server reads it, whatever the server has answered meanwhile (an
 * HTTP client library may stop sending once it has its answer). Settles once the answer is read and the body is
 * written to its end or cut off.
 */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: Iterable<string | Buffer> }): Promise<Answer> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf('/', 'http://'.length));
  const headers = { host: `${hostname}:${port}`, ...options.headers };
  const chunked = options.body !== undefined && !('content-length' in headers);
  const head = [`${options.method ?? 'POST'} ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (chunked) head.push('transfer-encoding: chunked');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let answer: Omit<Answer, 'bodySent'> | undefined;
    let bodySent: boolean | undefined;
    const settle = () => {
      if (!answer || bodySent === undefined) return;
      socket.destroy();
      resolve({ ...answer, bodySent });
    };
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const end = received.indexOf('\r\n\r\n');
      if (answer || end === -1) return;
      const [statusLine, ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
      const answerHeaders = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const body = received.subarray(end + 4);
      if (body.length < Number(answerHeaders['content-length'])) return;
      const text = body.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      answer = { status: Number(statusLine.split(' ')[1]), headers: answerHeaders, text, json };
      settle();
    });
    socket.on('error', (error) => {
      if (!answer) return reject(error);
      bodySent ??= false;
      settle();
    });
    const write = (data: string | Buffer) => (socket.write(data) ? undefined : new Promise((r) => socket.once('drain', r)));
    void (async () => {
      await write(`${head.join('\r\n')}\r\n\r\n`);
      for (const chunk of options.body ?? []) {
        if (socket.destroyed) return;
        await write(chunked ? Buffer.concat([Buffer.from(`${Buffer.byteLength(chunk).toString(16)}\r\n`), Buffer.from(chunk), Buffer.from('\r\n')]) : chunk);
      }
      if (chunked) await write('0\r\n\r\n');
      bodySent ??= !socket.destroyed;
      settle();
    })();
  });
}

const REGIONS_HEADER = 'code,name,level,parentCode,keyCity';
const province = (code: number, name = `P${code}`) => `${code},${name},PROVINCE,,`;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('the HTTP edge: bounded, coded, aborted cleanly', () => {
  let hub: TestHub;
  let cc: string;
  let reader: string;

  const ingest = (body: string | Buffer, contentType: string, key = cc, dataset = 'regions') =>
    fetch(`${hub.url}/ingest/${dataset}`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${key}` }, body }).then(
      async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as any }),
    );
  const storedRegions = async (codes: string[]) =>
    (await hub.db.query('SELECT count(*)::int AS n FROM regions WHERE code = ANY($1)', [codes]))[0].n as number;
  /** Sessions of the hub's database left inside a transaction, or waiting on a lock, other than `except`. */
  const openTransactions = async (except: number[] = []) =>
    (await hub.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND NOT (pid = ANY($1::int[]))
         AND (state LIKE 'idle in transaction%' OR wait_event_type = 'Lock' OR (state = 'active' AND query NOT LIKE '%pg_stat_activity%'))`,
      [except],
    ))[0].n as number;
  const auditEntries = async (errorCode: string) => {
    await hub.flushAudit();
    return hub.db.query('SELECT operation, outcome, error_code, http_status, rows_accepted FROM audit_log WHERE error_code = $1', [errorCode]);
  };

  beforeAll(async () => {
    hub = await TestHub.start();
    cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
    reader = await hub.key(Department.ECOLOGY, Role.READER);
  });
  afterAll(() => hub.stop());

  test('POST /graphql answers alike with a declared length (served without Express) and chunked (through Express)', async () => {
    const url = `${hub.url}/graphql`;
    const post = (body: string, key: string | null, chunked: boolean, type = 'application/json') =>
      send(url, {
        headers: {
          'content-type': type,
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        },
        // An empty chunk would end a chunked body early: none at all is an empty body.
        body: body ? [body] : [],
      });
    const query = JSON.stringify({ query: 'query Me { me { department role } }' });
    const cases: [string, string, string | null, string?][] = [
      ['a query', query, reader],
      ['a query in UTF-8 named, after a byte-order mark', `\ufeff${query}`, reader, 'application/json; charset=UTF-8'],
      ['a charset with a stray quote', query, reader, 'application/json; charset=utf-8"'],
      ['no key', query, null],
      ['unparsable JSON', '{"query": ', reader],
      ['a body that is not an object', '"{ me { role } }"', reader],
      ['a body of blanks', '   ', reader],
      ['an empty body', '', reader],
    ];
    for (const [name, body, key, type] of cases) {
      const [fast, viaExpress] = [await post(body, key, false, type), await post(body, key, true, type)];
      const outcome = (a: Answer) => ({
        status: a.status,
        errors: a.json?.errors?.map((e: any) => [e.extensions.code, e.message]),
        data: a.json?.data,
        type: a.headers['content-type'],
      });
      expect({ name, ...outcome(fast) }).toEqual({ name, ...outcome(viaExpress) });
    }
    expect((await post(query, reader, false)).json).toEqual({ data: { me: { department: 'ECOLOGY', role: 'READER' } } });
    expect((await post('{"query": ', reader, false)).status).toBe(400);
  });

  test('a 2 MB NDJSON line, or CSV line, is refused as RECORD_TOO_LARGE quoting only its start; nothing stored', async () => {
    const long = JSON.stringify({ code: '810000', name: 'n'.repeat(2 * 1024 * 1024), level: 'PROVINCE' });
    const ndjson = await ingest(`${JSON.stringify({ code: '820000', name: 'Macau', level: 'PROVINCE' })}\n${long}\n`, 'application/x-ndjson');
    expect(ndjson.status).toBe(413);
    const [error] = ndjson.body.errors;
    expect(error.extensions).toEqual({ code: 'RECORD_TOO_LARGE' });
    expect(error.message).toBe(`the record on line 2 is larger than 1 MB, the most a record may have: ${JSON.stringify(long.slice(0, 80))}…; nothing was stored`);
    const csv = await ingest(`${REGIONS_HEADER}\n${province(830000)}\n830001,${'n'.repeat(2 * 1024 * 1024)},PROVINCE,,\n`, 'text/csv');
    expect([csv.status, csv.body.errors[0].extensions.code]).toEqual([413, 'RECORD_TOO_LARGE']);
    expect(csv.body.errors[0].message.length).toBeLessThan(200);
    expect(await storedRegions(['810000', '820000', '830000', '830001'])).toBe(0);
  });

  test('a 256 MB line is refused without being held: memory stays flat, and the connection still answers', async () => {
    const rssBefore = process.memoryUsage().rss;
    const piece = Buffer.alloc(1024 * 1024, 'n');
    const answer = await send(`${hub.url}/ingest/regions`, {
      headers: { authorization: `Bearer ${cc}`, 'content-type': 'application/x-ndjson' },
      body: (function* () {
        yield '{"code":"840000","name":"';
        for (let i = 0; i < 256; i++) yield piece;
        yield '","level":"PROVINCE"}\n';
      })(),
    });
    expect([answer.status, answer.json.errors[0].extensions.code, answer.bodySent]).toEqual([413, 'RECORD_TOO_LARGE', true]);
    // Held whole, as a string, the line alone would take 256 MB or more.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(96 * 1024 * 1024);
    expect(await storedRegions(['840000'])).toBe(0);
  });

  test("a refused upload is read to its end for a known key, but only 1 MB of it for a caller without one", async () => {
    const piece = Buffer.alloc(64 * 1024, 'x');
    const eightMb = () =>
      (function* () {
        for (let i = 0; i < 128; i++) yield piece;
      })();
    const known = await send(`${hub.url}/ingest/no-such-dataset`, {
      headers: { authorization: `Bearer ${cc}`, 'content-type': 'text/csv' },
      body: eightMb(),
    });
    expect([known.status, known.json.errors[0].extensions.code, known.bodySent]).toEqual([404, 'NOT_FOUND', true]);
    const anonymous = await send(`${hub.url}/ingest/regions`, { headers: { 'content-type': 'text/csv' }, body: eightMb() });
    expect([anonymous.status, anonymous.json.errors[0].extensions.code, anonymous.bodySent]).toEqual([401, 'UNAUTHENTICATED', false]);
  });

  test('a Latin-1 CSV is refused as INVALID_ENCODING naming the line; nothing stored', async () => {
    const latin1 = Buffer.from(`${REGIONS_HEADER}\n${province(850000, 'Ok')}\n${province(850001, 'Caf\xe9')}\n`, 'latin1');
    const { status, body } = await ingest(latin1, 'text/csv');
    expect(status).toBe(400);
    expect(body.errors[0]).toEqual({ message: 'line 3 is not valid UTF-8: send the file encoded as UTF-8; nothing was stored', extensions: { code: 'INVALID_ENCODING' } });
    const ndjson = await ingest(Buffer.from(`{"code":"850002","name":"Caf\xe9","level":"PROVINCE"}\n`, 'latin1'), 'application/x-ndjson');
    expect([ndjson.status, ndjson.body.errors[0].extensions.code]).toEqual([400, 'INVALID_ENCODING']);
    expect(await storedRegions(['850000', '850001', '850002'])).toBe(0);
    // The same file in UTF-8 is stored as sent.
    expect((await ingest(latin1.toString('latin1'), 'text/csv')).body).toMatchObject({ accepted: 2 });
    const [{ name }] = await hub.db.query(`SELECT name FROM regions WHERE code = '850001'`);
    expect(name).toBe('Café');
  });

  test('an upload the client abandons half-way is rolled back: no rows, no transaction left open, audited as CLIENT_CLOSED_REQUEST', async () => {
    const codes = Array.from({ length: 2_000 }, (_, i) => 700_000 + i);
    const req = http.request(`${hub.url}/ingest/regions`, { method: 'POST', headers: { authorization: `Bearer ${cc}`, 'content-type': 'text/csv' } });
    req.on('error', () => undefined);
    try {
      req.write(`${REGIONS_HEADER}\n${codes.map((c) => province(c)).join('\n')}\n`);
      // The load has begun (its transaction open, its COPY waiting for the rest of the file) when the client gives up.
      await waitFor('the load to start copying', async () => {
        const [{ n }] = await hub.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY bulk_staging%'`);
        return n > 0;
      });
    } finally {
      req.destroy();
    }
    await waitFor('the load to roll back', async () => (await openTransactions()) === 0);
    expect(await storedRegions(codes.map(String))).toBe(0);
    const [entry] = await waitFor('the audit entry', async () => {
      const entries = await auditEntries('CLIENT_CLOSED_REQUEST');
      return entries.length > 0 && entries;
    });
    expect(entry).toEqual({ operation: 'bulkIngest', outcome: 'ERROR', error_code: 'CLIENT_CLOSED_REQUEST', http_status: 499, rows_accepted: 0 });
  });

  test('a client that gives up while its whole file is being merged cancels the merge: rolled back, nothing left waiting', async () => {
    // Another session holds the table, so the load's merge waits on it, as a long merge would keep running.
    const blocker = hub.db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('LOCK TABLE regions IN EXCLUSIVE MODE');
    const [{ pid: blockerPid }] = await blocker.query('SELECT pg_backend_pid() AS pid');
    const req = http.request(`${hub.url}/ingest/regions`, { method: 'POST', headers: { authorization: `Bearer ${cc}`, 'content-type': 'text/csv' } });
    req.on('error', () => undefined);
    try {
      req.end(`${REGIONS_HEADER}\n${province(860000)}\n${province(860001)}\n`);
      await waitFor('the merge to wait on the lock', async () => {
        const [{ n }] = await hub.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return n > 0;
      });
      const before = (await auditEntries('CLIENT_CLOSED_REQUEST')).length;
      req.destroy();
      // Cancelled and rolled back while the lock is still held: the load does not wait to commit.
      await waitFor('the merge to be cancelled', async () => (await openTransactions([blockerPid])) === 0);
      await waitFor('the audit entry', async () => (await auditEntries('CLIENT_CLOSED_REQUEST')).length > before);
    } finally {
      req.destroy();
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    expect(await storedRegions(['860000', '860001'])).toBe(0);
  });

  test('every response of every route is JSON with a code: malformed URIs, unknown routes and methods, bad JSON', async () => {
    const cases: [string, string, Record<string, string>, string | undefined, number, string][] = [
      ['POST', '/ingest/%E0%A4%A', { authorization: `Bearer ${cc}`, 'content-type': 'text/csv' }, 'a,b\n', 400, 'BAD_REQUEST'],
      ['GET', '/nope', {}, undefined, 404, 'NOT_FOUND'],
      ['GET', '/ingest/regions', {}, undefined, 404, 'NOT_FOUND'],
      ['DELETE', '/graphql', { authorization: `Bearer ${reader}` }, undefined, 405, 'BAD_REQUEST'],
      ['POST', '/graphql', { authorization: `Bearer ${reader}`, 'content-type': 'application/json' }, '{"query": ', 400, 'BAD_REQUEST'],
      ['POST', '/%E0%A4%A', {}, '', 404, 'NOT_FOUND'],
    ];
    for (const [method, path, headers, body, status, code] of cases) {
      const answer = await send(`${hub.url}${path}`, { method, headers, body: body === undefined ? undefined : [body] });
      expect({ path, method, status: answer.status, type: answer.headers['content-type'], code: answer.json?.errors?.[0]?.extensions?.code }).toEqual({
        path, method, status, type: expect.stringMatching(/^application\/(graphql-response\+)?json/), code,
      });
      expect(answer.text).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules/i);
    }
  });

  test('500 distinct operation names leave /metrics bounded: the first 200 have a series, the rest are "other"', async () => {
    const sizeBefore = (await (await fetch(`${hub.url}/metrics`)).text()).length;
    for (let i = 0; i < 500; i += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => hub.data(reader, `query Op${i + j}_${'x'.repeat(200)} { __typename }`)));
    }
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    const operations = new Set([...text.matchAll(/^lantian_graphql_requests_total\{operation="([^"]*)"/gm)].map((m) => m[1]));
    expect(operations.size).toBeLessThanOrEqual(201);
    expect(operations).toContain('other');
    expect([...operations].every((o) => /^[_A-Za-z0-9]{1,64}$/.test(o))).toBe(true);
    // 200 names of 64 characters, each a counter and a histogram: well under a megabyte, whatever came after.
    expect(text.length - sizeBefore).toBeLessThan(1024 * 1024);
  });
});

describe('limits of a hub configured tight: the body, and failed authentication per address', () => {
  let hub: TestHub;
  let cc: string;

  beforeAll(async () => {
    hub = await TestHub.start({ INGEST_BODY_LIMIT: '64kb' });
    cc = await hub.key(Department.COMMAND_CENTER, Role.PUBLISHER);
  });
  afterAll(() => hub.stop());

  test('a body over INGEST_BODY_LIMIT is refused as PAYLOAD_TOO_LARGE, declared or streamed; nothing stored', async () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => `${province(600_000 + i)}\n`);
    const file = `${REGIONS_HEADER}\n${lines.join('')}`;
    expect(file.length).toBeGreaterThan(64 * 1024);
    const headers = { authorization: `Bearer ${cc}`, 'content-type': 'text/csv' };
    const declared = await send(`${hub.url}/ingest/regions`, { headers: { ...headers, 'content-length': String(file.length) }, body: [file] });
    const streamed = await send(`${hub.url}/ingest/regions`, { headers, body: [`${REGIONS_HEADER}\n`, ...lines] });
    for (const answer of [declared, streamed]) {
      expect([answer.status, answer.json.errors[0].extensions.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect(answer.json.errors[0].message).toContain('INGEST_BODY_LIMIT');
    }
    const [{ n }] = await hub.db.query(`SELECT count(*)::int AS n FROM regions WHERE code LIKE '6%'`);
    expect(n).toBe(0);
    // Under the limit, the same route takes the file.
    const small = await send(`${hub.url}/ingest/regions`, { headers, body: [`${REGIONS_HEADER}\n`, ...lines.slice(0, 100)] });
    expect(small.json).toMatchObject({ accepted: 100 });
  });

  test('40 bad keys from one address: after 30 a minute, 429 RATE_LIMITED with Retry-After; a good key still passes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const bad = `lt_${String(i).padStart(12, '0')}_not-a-key`;
      const answer = await send(`${hub.url}/graphql`, {
        headers: { authorization: `Bearer ${bad}`, 'content-type': 'application/json' },
        body: [JSON.stringify({ query: '{ __typename }' })],
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([...Array(30).fill(401), ...Array(10).fill(429)]);
    const good = await send(`${hub.url}/graphql`, {
      headers: { authorization: `Bearer ${cc}`, 'content-type': 'application/json' },
      body: [JSON.stringify({ query: '{ __typename }' })],
    });
    expect([good.status, good.json.data]).toEqual([200, { __typename: 'Query' }]);
    const bulk = await send(`${hub.url}/ingest/regions`, { headers: { authorization: 'Bearer lt_000000000099_not-a-key', 'content-type': 'text/csv' }, body: [`${REGIONS_HEADER}\n`] });
    expect([bulk.status, bulk.json.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
    // One failure is forgiven every 2 s.
    expect(Number(bulk.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(bulk.headers['retry-after'])).toBeLessThanOrEqual(2);
  });
});
