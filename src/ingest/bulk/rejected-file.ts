import { WriteStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Rejection } from './bulk-loader';
import { RecordSource } from './records';

/** `a,"b ""c"""`: a field quoted when it must be. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The rejected rows of a bulk file, as CSV beside it (`<file>.rejected.csv`): the line and its errors first, then
 * the record as the file has it — a CSV's own columns, or an NDJSON line in one `record` column. Created on the
 * first rejection, so a clean load leaves no file.
 */
export class RejectedRowsFile {
  private out?: WriteStream;
  private failure?: Error;

  constructor(
    readonly path: string,
    private readonly source: RecordSource,
  ) {}

  static pathFor(file: string): string {
    return `${file}.rejected.csv`;
  }

  get written(): boolean {
    return !!this.out;
  }

  async write(rejection: Rejection): Promise<void> {
    if (this.failure) throw this.failure;
    this.out ??= this.open();
    const errors = rejection.errors.map((e) => `${e.code}${e.field ? ` (${e.field})` : ''}: ${e.message}`).join(' | ');
    const original = rejection.original === null ? [] : typeof rejection.original === 'string' ? [rejection.original] : rejection.original;
    const line = [String(rejection.line), errors, ...original].map(csvField).join(',');
    if (!this.out.write(`${line}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (!this.out) return;
    this.out.end();
    await finished(this.out);
  }

  private open(): WriteStream {
    const columns = this.source.format === 'csv' ? this.source.header : ['record'];
    const out = createWriteStream(this.path);
    out.on('error', (error) => (this.failure = error));
    out.write(`${['rejected_line', 'rejected_errors', ...columns].map(csvField).join(',')}\n`);
    return out;
  }
}
