import { isUtf8 } from 'node:buffer';
import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ErrorCode } from '../../platform/errors';
import { RowError, RowErrorCode } from '../../catalog/row-validator';
import { BulkFileError } from './bulk-file-error';
import { TextRecord } from './coerce';

export type BulkFormat = 'csv' | 'ndjson';

const NDJSON_MEDIA_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

/** A file's format from its media type (HTTP) or its name (CLI). */
export function formatOf(mediaTypeOrFileName: string): BulkFormat | undefined {
  const name = mediaTypeOrFileName.toLowerCase().split(';')[0].trim();
  if (name === 'text/csv' || name.endsWith('.csv')) return 'csv';
  if (NDJSON_MEDIA_TYPES.includes(name) || name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  return undefined;
}

/** One record of a bulk file, as the loader takes it. */
export interface SourceRecord {
  /** The line it starts on, counting from 1 (a CSV's header is line 1). */
  line: number;
  /** Values by field name; absent when the line is no record of the dataset (then `problems` says why). */
  fields?: TextRecord;
  problems?: RowError[];
  /** As the file has it, for the rejected-rows file: the CSV values, or the NDJSON line. */
  original: string[] | string;
}

/** A bulk file being read: its records, and (CSV) its header once read. */
export interface RecordSource {
  format: BulkFormat;
  records: AsyncIterable<SourceRecord>;
  /** CSV column names, filled in when the header has been read. */
  readonly header: string[];
}

/** The largest record a bulk file may have (a CSV record, an NDJSON line): larger ones refuse the file. */
export const MAX_RECORD_BYTES = 1024 * 1024;

const LF = 0x0a;

/**
 * Streams the records of a CSV or NDJSON file whose fields must be among `fields` (the dataset's): memory holds
 * one parser buffer and at most one record, whatever the file's size. The file must be UTF-8 (`INVALID_ENCODING`
 * names the first line that is not) with no record over `maxRecordBytes` (`RECORD_TOO_LARGE`, read no further than
 * that); a field the dataset does not have refuses the file, a CSV column or an NDJSON key alike.
 */
export function readRecords(
  input: AsyncIterable<Buffer | string>,
  format: BulkFormat,
  fields: readonly string[],
  maxRecordBytes = MAX_RECORD_BYTES,
): RecordSource {
  const header: string[] = [];
  const known = new Set(fields);
  const blocks = lineBlocks(input, maxRecordBytes);
  const records = format === 'csv' ? csvRecords(blocks, known, header, maxRecordBytes) : ndjsonRecords(blocks, known);
  return { format, records, header };
}

/**
 * The input in blocks of whole lines (the last may lack its line break), each checked to be UTF-8 and to have no line
 * over `maxLineBytes`. A line break never falls inside a UTF-8 sequence, so whole lines can be checked on their own;
 * an unfinished line waits for the next chunk, and is refused as soon as it is too long.
 */
async function* lineBlocks(input: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<Buffer> {
  let line = 1;
  let unfinished: Buffer[] = [];
  let unfinishedBytes = 0;
  for await (const data of input) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    const end = chunk.lastIndexOf(LF) + 1;
    if (end) {
      const block = unfinishedBytes ? Buffer.concat([...unfinished, chunk.subarray(0, end)]) : chunk.subarray(0, end);
      line = checkLines(block, line, maxLineBytes);
      yield block;
      unfinished = [];
      unfinishedBytes = 0;
    }
    if (end < chunk.length) {
      unfinished.push(chunk.subarray(end));
      unfinishedBytes += chunk.length - end;
      if (unfinishedBytes > maxLineBytes) throw recordTooLarge(line, Buffer.concat(unfinished, Math.min(unfinishedBytes, 4 * QUOTED)), maxLineBytes);
    }
  }
  if (unfinishedBytes) {
    const last = Buffer.concat(unfinished);
    checkLines(last, line, maxLineBytes);
    yield last;
  }
}

/** Checks the lines of a block that starts on line `first`; returns the line the next block starts on. */
function checkLines(block: Buffer, first: number, maxLineBytes: number): number {
  // Each line is checked only when the block as a whole fails: the usual block is valid and shorter than a record.
  const eachLine = !isUtf8(block) || block.length > maxLineBytes;
  let line = first;
  for (let start = 0; start < block.length; line++) {
    const next = block.indexOf(LF, start);
    const end = next === -1 ? block.length : next + 1;
    if (eachLine) {
      const text = block.subarray(start, end);
      if (text.length > maxLineBytes) throw recordTooLarge(line, text, maxLineBytes);
      if (!isUtf8(text)) throw new BulkFileError(`line ${line} is not valid UTF-8: send the file encoded as UTF-8`, ErrorCode.INVALID_ENCODING);
    }
    start = end;
  }
  return block.length && block[block.length - 1] !== LF ? line - 1 : line;
}

function recordTooLarge(line: number, start: Buffer, maxBytes: number): BulkFileError {
  const prefix = start.subarray(0, 4 * QUOTED).toString('utf8');
  return new BulkFileError(
    `the record on line ${line} is larger than ${sizeOf(maxBytes)}, the most a record may have: ${quote(prefix)}`,
    ErrorCode.RECORD_TOO_LARGE,
    413,
  );
}

/** Characters of client text quoted in a message at most. */
const QUOTED = 80;

/** Client text in a message: cut short, quoted, control characters escaped. */
function quote(text: string): string {
  return text.length > QUOTED ? `${JSON.stringify(text.slice(0, QUOTED))}…` : JSON.stringify(text);
}

/** Names a client chose, listed in a message: a few of them, each cut short. */
function listed(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => (n.length > QUOTED ? `${n.slice(0, QUOTED)}…` : n));
  return names.length > shown.length ? `${shown.join(', ')} and ${names.length - shown.length} more` : shown.join(', ');
}

const sizeOf = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`);

async function* csvRecords(blocks: AsyncIterable<Buffer>, known: ReadonlySet<string>, header: string[], maxRecordBytes: number): AsyncGenerator<SourceRecord> {
  // Line numbers are counted here: csv-parse's own (`info`) halve its speed. A record starts one line after the
  // previous one ended, and spans one more line per line break inside its quoted values.
  let line = 0;
  // A record over the limit within one line is refused by `lineBlocks`; csv-parse refuses one spanning lines.
  const parser = parse({ bom: true, relax_column_count: true, max_record_size: maxRecordBytes });
  pipeline(Readable.from(blocks, { objectMode: false }), parser, () => undefined);
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      const start = ++line;
      for (const value of values) if (value.includes('\n')) line += value.split('\n').length - 1;
      if (values.length === 1 && values[0] === '') continue;
      if (!header.length) {
        header.push(...checkHeader(values, known));
        continue;
      }
      if (values.length !== header.length) {
        const problem = { index: start, field: null, code: RowErrorCode.INVALID_FORMAT, message: `the line has ${values.length} values; the header has ${header.length}` };
        yield { line: start, problems: [problem], original: values };
        continue;
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) fields[header[i]] = values[i];
      yield { line: start, fields, original: values };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (error.code === 'CSV_MAX_RECORD_SIZE') {
      throw new BulkFileError(`the record reaching line ${error.lines} is larger than ${sizeOf(maxRecordBytes)}, the most a record may have`, ErrorCode.RECORD_TOO_LARGE, 413);
    }
    throw new BulkFileError(`the CSV cannot be read: ${error.message}`);
  }
  if (!header.length) throw new BulkFileError('the CSV is empty: it needs a header line naming its columns');
}

function checkHeader(columns: string[], known: ReadonlySet<string>): string[] {
  const names = columns.map((c) => c.trim());
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new BulkFileError(`unknown column${unknown.length > 1 ? 's' : ''} ${listed(unknown)}; the columns of this dataset are ${[...known].join(', ')}`);
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw new BulkFileError(`column ${listed(repeated.slice(0, 1))} appears twice in the header`);
  return names;
}

async function* ndjsonRecords(blocks: AsyncIterable<Buffer>, known: ReadonlySet<string>): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const block of blocks) {
    const lines = block.toString('utf8').split('\n');
    // Blocks are whole lines: the piece after the last line break is empty.
    if (block[block.length - 1] === LF) lines.pop();
    for (const raw of lines) {
      // A byte-order mark, as some Windows tools write, is no part of the first record; nor is a CRLF's CR.
      const text = (++line === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
      if (!text.trim()) continue;
      const problem = (message: string) => ({ index: line, field: null, code: RowErrorCode.INVALID_FORMAT, message });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield { line, problems: [problem(`the line is not JSON: ${(error as Error).message}`)], original: text };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { line, problems: [problem('the line is not a JSON object')], original: text };
        continue;
      }
      // As an unknown CSV column refuses the file, so does an unknown key: the file is not of this dataset.
      const unknown = Object.keys(value).filter((k) => !known.has(k));
      if (unknown.length) {
        throw new BulkFileError(`unknown field${unknown.length > 1 ? 's' : ''} ${listed(unknown)} on line ${line}; the fields of this dataset are ${[...known].join(', ')}`);
      }
      yield { line, fields: value as TextRecord, original: text };
    }
  }
}
