// A check both identity sources must pass (Entra through MSAL, OpenID Connect):
// a sign-in left waiting on the user holds up nothing else (issue 12).
import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/core/errors';
import { SignInUi } from '../../src/core/identity/signInSession';
import { Core } from '../../src/core/services';

export interface IndependenceSetup {
  readonly core: Core;
  readonly ui: (overrides?: Partial<SignInUi>) => SignInUi;
  readonly workspaceHost: string;
  /** Whether the provider approves device codes at once; switched off while the second sign-in waits. */
  readonly setAutoApprove: (on: boolean) => void;
}

/**
 * Signs in, starts a second device-code sign-in that waits on the user, and checks that a forced
 * silent refresh and a Databricks token of the signed-in account come within 5 s meanwhile, and
 * that an abort then cancels the waiting sign-in.
 */
export async function assertPendingSignInHoldsUpNoRefresh({ core: c, ui, workspaceHost, setAutoApprove }: IndependenceSetup): Promise<void> {
  const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
  setAutoApprove(false);
  const abort = new AbortController();
  try {
    let prompted: () => void = () => undefined;
    const shown = new Promise<void>((resolve) => (prompted = resolve));
    const pending = c.session.signIn('deviceCode', c.signInScopes, ui({ signal: abort.signal, showDeviceCode: () => prompted() }));
    pending.catch(() => undefined);
    await shown;
    const started = Date.now();
    const within = <T>(work: Promise<T>): Promise<T> =>
      Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('held up behind the pending sign-in')), 5_000))]);
    const refreshed = await within(c.session.acquireSilent(account.homeAccountId, c.signInScopes, { forceRefresh: true }));
    assert.equal(refreshed.account.homeAccountId, account.homeAccountId);
    await within(c.broker.getDatabricksToken(workspaceHost, account.homeAccountId, { forceRefresh: true }));
    assert.ok(Date.now() - started < 5_000);
    abort.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
  } finally {
    abort.abort();
    setAutoApprove(true);
  }
}
