import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Access } from '../../access/access';
import { FeedDefinition, recordFieldNames } from '../../catalog/feed';
import { BulkFileError } from './bulk-file-error';
import { BulkLoader, BulkProgress, BulkReport, Rejection } from './bulk-loader';
import { BulkFormat, formatOf, readRecords } from './records';
import { RejectedRowsFile } from './rejected-file';

export interface FileProgress extends BulkProgress {
  bytesRead: number;
  totalBytes: number;
}

export interface FileIngestOptions {
  /** Default: from the file's name (.csv, .ndjson, .jsonl). */
  format?: BulkFormat;
  onProgress?(progress: FileProgress): void;
  /** How many errors the report keeps (default 100); every rejected row goes to the rejected-rows file. */
  maxErrors?: number;
}

export interface FileIngestResult {
  report: BulkReport;
  /** Where the rejected rows are, if there were any. */
  rejectedFile: string | null;
}

/**
 * A file on disk through the bulk loader (`lantian ingest`), its rejected rows written beside it. Duplicate keys
 * are only known once the whole file has streamed past, so their records are read again in a second pass, when a
 * file has any; until then the loader's messages for them wait in memory.
 */
export async function ingestFile(
  loader: BulkLoader,
  access: Access,
  feed: FeedDefinition<any, any, any>,
  file: string,
  options: FileIngestOptions = {},
): Promise<FileIngestResult> {
  const format = options.format ?? formatOf(file);
  if (!format) throw new BulkFileError(`cannot tell the format of ${file}: name it .csv or .ndjson, or say which`);
  const totalBytes = (await stat(file)).size;
  const fields = recordFieldNames(feed);
  const input = createReadStream(file);
  const source = readRecords(input, format, fields);
  const rejected = new RejectedRowsFile(RejectedRowsFile.pathFor(file), source);
  await rm(rejected.path, { force: true });
  const duplicates = new Map<number, Rejection>();
  try {
    const report = await loader.load(access, feed, source.records, {
      maxErrors: options.maxErrors,
      onProgress: (progress) => options.onProgress?.({ ...progress, bytesRead: input.bytesRead, totalBytes }),
      onRejected: (rejection) => (rejection.original === null ? void duplicates.set(rejection.line, rejection) : rejected.write(rejection)),
    });
    if (duplicates.size) {
      for await (const record of readRecords(createReadStream(file), format, fields).records) {
        const duplicate = duplicates.get(record.line);
        if (duplicate) await rejected.write({ ...duplicate, original: record.original });
      }
    }
    await rejected.close();
    return { report, rejectedFile: rejected.written ? rejected.path : null };
  } catch (error) {
    // Nothing was stored: a partial list of rejected rows would only mislead.
    await rejected.close().catch(() => undefined);
    await rm(rejected.path, { force: true });
    throw error;
  } finally {
    input.destroy();
  }
}
