import { ErrorCode } from '../../platform/errors';

/**
 * A file refused whole, before anything of it is stored: unreadable CSV, columns or fields the dataset does not have,
 * text that is not UTF-8, a record or a body too large, an unsupported format. The sender's to fix; the HTTP endpoint
 * answers `httpStatus` with `code`, and the CLI exits non-zero.
 */
export class BulkFileError extends Error {
  override readonly name = 'BulkFileError';

  constructor(
    message: string,
    readonly code: ErrorCode = ErrorCode.BAD_USER_INPUT,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}
