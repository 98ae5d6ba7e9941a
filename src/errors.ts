/**
 * The one error type for mistakes a user can cause (bad files, bad flags, bad configuration).
 * The CLI prints `message` as a single line and exits with code 2; anything else is a bug
 * and keeps its stack trace.
 *
 * Messages name the file, the HDU/row/column where known, and the fix:
 * `types.fits: HDU 2 (CATALOG), column FLUX: TFORM '3Q' is not supported; use E or D`.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** Throws a UserError prefixed with the file name, for readers. */
export function fail(file: string | undefined, message: string): never {
  throw new UserError(file ? `${file}: ${message}` : message);
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
