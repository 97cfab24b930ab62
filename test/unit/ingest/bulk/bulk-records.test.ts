import { BulkFileError } from '../../../../src/ingest/bulk/bulk-file-error';
import { BulkFormat, SourceRecord, readRecords } from '../../../../src/ingest/bulk/records';

const FIELDS = ['code', 'name'];

/** Reads a file given as chunks (split wherever the test says, even inside a character) with a small record limit. */
async function read(format: BulkFormat, chunks: (string | Buffer)[], maxRecordBytes = 64): Promise<SourceRecord[]> {
  const input = (async function* () {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  })();
  const records: SourceRecord[] = [];
  for await (const r of readRecords(input, format, FIELDS, maxRecordBytes).records) records.push(r);
  return records;
}

async function refusal(format: BulkFormat, chunks: (string | Buffer)[], maxRecordBytes = 64): Promise<BulkFileError> {
  try {
    await read(format, chunks, maxRecordBytes);
  } catch (error) {
    if (error instanceof BulkFileError) return error;
    throw error;
  }
  throw new Error('the file was not refused');
}

describe('reading bulk files: UTF-8 only, records of bounded size, only the dataset’s fields', () => {
  const cafe = Buffer.from('café 东四', 'utf8');

  test('a character split across chunks is read whole, in both formats', async () => {
    const ndjson = Buffer.from(`{"code":"1","name":"${cafe}"}\n`);
    const cut = ndjson.indexOf(0xe4) + 1; // inside 东
    expect((await read('ndjson', [ndjson.subarray(0, cut), ndjson.subarray(cut)])).map((r) => r.fields)).toEqual([{ code: '1', name: 'café 东四' }]);
    const csv = Buffer.from(`code,name\n1,${cafe}\n2,x`);
    const at = csv.indexOf(0xc3) + 1; // inside é
    expect((await read('csv', [csv.subarray(0, at), csv.subarray(at)])).map((r) => [r.line, r.fields])).toEqual([
      [2, { code: '1', name: 'café 东四' }],
      [3, { code: '2', name: 'x' }],
    ]);
  });

  test('Latin-1 text is refused as INVALID_ENCODING naming its line, wherever the chunks fall', async () => {
    const latin1 = Buffer.from('code,name\n1,ok\n2,caf\xe9\n3,ok\n', 'latin1');
    for (const at of [1, 14, 20, latin1.length]) {
      const error = await refusal('csv', [latin1.subarray(0, at), latin1.subarray(at)]);
      expect([error.code, error.httpStatus, error.message]).toEqual(['INVALID_ENCODING', 400, 'line 3 is not valid UTF-8: send the file encoded as UTF-8']);
    }
    const ndjson = Buffer.concat([Buffer.from('{"code":"1"}\r\n{"code":"2","name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    expect((await refusal('ndjson', [ndjson])).message).toContain('line 2 is not valid UTF-8');
    // A sequence cut short by the end of the file is no character either.
    expect((await refusal('ndjson', ['{"code":"1"}\n', cafe.subarray(0, cafe.length - 1)])).code).toBe('INVALID_ENCODING');
  });

  test('a record over the limit is refused as soon as it is too long, quoting only its start', async () => {
    const long = `{"code":"${'x'.repeat(1000)}"}`;
    // Fed a few bytes at a time, never ending its line: refused without waiting for the rest.
    const chunks = ['{"code":"1"}\n', ...long.match(/.{1,10}/g)!];
    const error = await refusal('ndjson', chunks);
    expect([error.code, error.httpStatus]).toEqual(['RECORD_TOO_LARGE', 413]);
    // Refused at the chunk that took it past 64 bytes: 70 bytes of it were read, not 1,012.
    expect(error.message).toBe(`the record on line 2 is larger than 64 bytes, the most a record may have: "{\\"code\\":\\"${'x'.repeat(61)}"`);
    // The quote stops at 80 characters.
    expect((await refusal('ndjson', [long, '\n'])).message).toMatch(/may have: "\{\\"code\\":\\"x{71}"…$/);
    // Within one chunk too, and in a CSV; a quoted value spanning lines is bounded by the parser.
    expect((await refusal('csv', [`code,name\n1,${'y'.repeat(100)}\n2,z\n`])).message).toContain('the record on line 2 is larger than 64 bytes');
    const multiline = await refusal('csv', [`code,name\n1,"${'z\n'.repeat(50)}"\n`]);
    expect([multiline.code, multiline.message]).toEqual(['RECORD_TOO_LARGE', expect.stringContaining('larger than 64 bytes')]);
    expect(await read('csv', [`code,name\n1,${'y'.repeat(40)}\n`])).toHaveLength(1);
  });

  test('a key the dataset does not have refuses an NDJSON file, as an unknown column refuses a CSV', async () => {
    const ndjson = await refusal('ndjson', ['{"code":"1"}\n{"code":"2","colour":"red","size":1}\n'], 1024);
    expect([ndjson.code, ndjson.message]).toEqual(['BAD_USER_INPUT', 'unknown fields colour, size on line 2; the fields of this dataset are code, name']);
    const csv = await refusal('csv', ['code,colour\n1,red\n']);
    expect([csv.code, csv.message]).toEqual(['BAD_USER_INPUT', 'unknown column colour; the columns of this dataset are code, name']);
    const huge = await refusal('ndjson', [`{"${'k'.repeat(500)}":1}\n`], 1024);
    expect(huge.message.length).toBeLessThan(200);
  });

  test('line numbers count every line: blank ones, CRLF, a BOM', async () => {
    const records = await read('ndjson', ['\uFEFF{"code":"1"}\r\n\r\n', '{"code":"2"}\n', 'not json'], 1024);
    expect(records.map((r) => [r.line, r.fields ?? r.problems?.[0].message.slice(0, 20)])).toEqual([
      [1, { code: '1' }],
      [3, { code: '2' }],
      [4, 'the line is not JSON'],
    ]);
  });
});
