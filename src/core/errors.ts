/** What the user can do about an error; each view maps these to its own buttons or hints. */
export type ErrorAction = 'signIn' | 'retry' | 'openLog' | 'openSettings' | 'refreshTokens';

/**
 * An error meant for the user: a stable code (docs/codes.md error codes where one
 * fits), a message that says what failed and what to do, and the actions that help.
 */
export class AccessLensError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly actions: readonly ErrorAction[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AccessLensError';
  }
}

/** The user cancelled: never reported as a failure. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && (error.name === 'Canceled' || error.name === 'CancellationError'));
}

/**
 * Whether one object's failed read deserves its own warning in the log. Not a read given up (a
 * refresh, a sign-out), and not "sign in again": when an account's sign-in is gone every object's
 * read fails with it at once, the node shows it, and the identity layer logs it once.
 */
export function worthAWarning(error: unknown): boolean {
  return !isCancellation(error) && !(error instanceof AccessLensError && error.code === 'SIGN_IN_REQUIRED');
}
