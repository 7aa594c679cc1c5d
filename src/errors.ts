/**
 * @module errors
 * Failures are typed and shown in one place, the CLI entry point.
 */

/** An expected failure with a stable code; its message says how to fix it. Exits 2 unless told otherwise. */
export class StraddleError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'StraddleError';
  }
}

/** Exit with this code; whatever needed saying was already printed. */
export class ExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitError';
  }
}

/** Documented, stable exit codes. */
export const EXIT = {
  /** done, clean, or fixes applied */
  ok: 0,
  /** findings or changes in check / --dry-run mode; a failing version in `test` */
  findings: 1,
  /** the tool failed */
  failure: 2,
  /** stopped by Ctrl-C (`test`), everything it started stopped and removed */
  interrupted: 130,
} as const;
