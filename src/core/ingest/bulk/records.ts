import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { RowError, RowErrorCode } from '../row-validator';
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

/**
 * Streams the records of a CSV or NDJSON file whose fields must be among `fields` (the dataset's): memory holds
 * one parser buffer, whatever the file's size.
 */
export function readRecords(input: Readable, format: BulkFormat, fields: readonly string[]): RecordSource {
  const header: string[] = [];
  const known = new Set(fields);
  const records = format === 'csv' ? csvRecords(input, known, header) : ndjsonRecords(input, known);
  return { format, records, header };
}

async function* csvRecords(input: Readable, known: ReadonlySet<string>, header: string[]): AsyncGenerator<SourceRecord> {
  // Line numbers are counted here: csv-parse's own (`info`) halve its speed. A record starts one line after the
  // previous one ended, and spans one more line per line break inside its quoted values.
  let line = 0;
  const parser = input.pipe(parse({ bom: true, relax_column_count: true }));
  input.once('error', (error) => parser.destroy(error));
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
    throw error instanceof CsvError ? new BulkFileError(`the CSV cannot be read: ${error.message}`) : error;
  }
  if (!header.length) throw new BulkFileError('the CSV is empty: it needs a header line naming its columns');
}

function checkHeader(columns: string[], known: ReadonlySet<string>): string[] {
  const names = columns.map((c) => c.trim());
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new BulkFileError(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the columns of this dataset are ${[...known].join(', ')}`);
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw new BulkFileError(`column ${repeated[0]} appears twice in the header`);
  return names;
}

async function* ndjsonRecords(input: Readable, known: ReadonlySet<string>): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    // A byte-order mark, as some Windows tools write, is no part of the first record.
    const text = ++line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    const problem = (message: string, field: string | null = null) => ({ index: line, field, code: RowErrorCode.INVALID_FORMAT, message });
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
    const unknown = Object.keys(value).filter((k) => !known.has(k));
    if (unknown.length) {
      yield { line, problems: unknown.map((k) => problem(`${k} is not a field of this dataset`, k)), original: text };
      continue;
    }
    yield { line, fields: value as TextRecord, original: text };
  }
}
