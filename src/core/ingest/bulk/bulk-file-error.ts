/**
 * A file refused whole, before anything of it is stored: unreadable CSV, columns the dataset does not have, an
 * unsupported format. The sender's to fix; the HTTP endpoint answers 400 and the CLI exits non-zero.
 */
export class BulkFileError extends Error {
  override readonly name = 'BulkFileError';
}
