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
