import { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { ApiKeyService } from '../admin/api-key.service';
import { AuditLog } from '../admin/audit-log';
import { FEEDS, findFeed } from '../catalog/registry';
import { registerDepartments } from './modules';
import { BulkFileError } from '../ingest/bulk/bulk-file-error';
import { BulkLoader } from '../ingest/bulk/bulk-loader';
import { FileIngestResult, FileProgress, ingestFile } from '../ingest/bulk/ingest-file';
import { BulkFormat } from '../ingest/bulk/records';
import { createRollups } from './context';

export interface IngestCommandOptions {
  dataset: string;
  file: string;
  /** An API key: a PUBLISHER key of the dataset's owner (default: LANTIAN_KEY). */
  key?: string;
  format?: BulkFormat;
}

export interface CommandOutput {
  /** The summary. */
  out: Writable;
  /** Progress (when a terminal) and fatal errors. */
  err: Writable;
}

/** Errors shown in the summary; the rejected-rows file has them all. */
const SHOWN_ERRORS = 10;

/**
 * `lantian ingest`: the operator runs it on the server, but publishes as a department does — with a PUBLISHER key
 * of the dataset's owner, verified like a bearer token over HTTP — so the batch is recorded against that key, as
 * every other write is. Returns the exit code: 0 when the file loaded (even with rejected rows), 1 when nothing
 * was stored because of a fatal error.
 */
export async function runIngestCommand(
  db: DataSource,
  options: IngestCommandOptions,
  output: CommandOutput = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const fail = (message: string) => {
    output.err.write(`lantian ingest: ${message}\n`);
    return 1;
  };
  const token = options.key ?? process.env.LANTIAN_KEY;
  if (!token) return fail(`an API key is required (--key or LANTIAN_KEY): a PUBLISHER key of the dataset's owner department`);
  registerDepartments();
  const feed = findFeed(options.dataset);
  if (!feed) return fail(`no dataset ${options.dataset}; the datasets are ${FEEDS.map((f) => f.dataset.id).join(', ')}`);
  const principal = await new ApiKeyService(db).authenticate(token);
  if (!principal) return fail('the API key is unknown, revoked or malformed');

  const progress = new ProgressBar(output.err);
  const access = new Access(principal, db);
  const audit = new AuditLog(db);
  const started = new Date();
  // A load from the CLI is audited like one over HTTP: who, which dataset, how many rows, how it ended.
  const record = (errorCode: string | null) =>
    audit.record({
      at: started, keyId: principal.keyId, department: principal.department, role: principal.role,
      operation: 'lantian ingest', operationType: 'cli', reads: access.reads, writes: access.writes,
      durationMs: Date.now() - started.getTime(), outcome: errorCode ? 'ERROR' : 'OK', errorCode, httpStatus: null,
    });
  try {
    const result = await ingestFile(new BulkLoader(db, createRollups(db)), access, feed, options.file, {
      format: options.format,
      maxErrors: SHOWN_ERRORS,
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    record(null);
    output.out.write(summary(feed.dataset.id, options.file, result));
    return 0;
  } catch (error) {
    progress.stop();
    const expected = error instanceof GraphQLError || error instanceof BulkFileError || (error as NodeJS.ErrnoException).code === 'ENOENT';
    record(error instanceof GraphQLError ? String(error.extensions.code) : 'BULK_FILE_REFUSED');
    if (!expected) throw error;
    return fail(`${(error as Error).message}; nothing was stored`);
  } finally {
    await audit.stop();
  }
}

function summary(datasetId: string, file: string, { report, rejectedFile }: FileIngestResult): string {
  const n = (x: number) => x.toLocaleString('en');
  const lines = [
    `${datasetId} ← ${file}: ${n(report.records)} records in ${report.seconds.toFixed(2)} s (${n(Math.round(report.records / report.seconds))} rows/s)`,
    `  accepted   ${n(report.accepted)}${report.accepted ? ` (unchanged ${n(report.unchanged)})` : ''}`,
    `  rejected   ${n(report.rejected)}`,
    `  batch      ${report.batchId ?? 'none: nothing was stored'}`,
  ];
  if (report.errors.length) {
    lines.push(`first errors:`);
    for (const e of report.errors) lines.push(`  line ${e.line}  ${e.field ?? '-'}  ${e.code}  ${e.message}`);
  }
  if (rejectedFile) lines.push(`rejected rows: ${rejectedFile}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Progress through the file (bytes: the number of records is unknown until the end) with rows/s, drawn on the
 * error stream so the summary on stdout stays clean to pipe; cli-progress draws only when that stream is a terminal.
 */
class ProgressBar {
  private bar?: SingleBar;
  private readonly started = Date.now();

  constructor(private readonly stream: Writable) {}

  update(p: FileProgress): void {
    const rate = Math.round(p.records / Math.max((Date.now() - this.started) / 1000, 0.001)).toLocaleString('en');
    const values = { records: p.records.toLocaleString('en'), rate, stage: p.stage };
    if (!this.bar) {
      this.bar = new SingleBar(
        { format: '{bar} {percentage}% | {records} records | {rate} rows/s | {stage}', stream: this.stream as NodeJS.WriteStream, hideCursor: true },
        Presets.shades_classic,
      );
      this.bar.start(p.totalBytes, 0, values);
    }
    this.bar.update(p.stage === 'reading' ? p.bytesRead : p.totalBytes, values);
  }

  stop(): void {
    this.bar?.stop();
  }
}
