import * as assert from 'node:assert/strict';
import { dropVerdictCacheOnSignOut } from '../../../src/extension/auth/verdictCacheLifecycle';
import type { SessionState, SignedInAccount } from '../../../src/extension/session';
import type { VerdictStore } from '../../../src/core/workspace/verdictStore';

/** The session as the lifecycle reads it: the current account and its change event. */
function fakeSession(): { session: SessionState; set(account: SignedInAccount | undefined): void } {
  let listener: (account: SignedInAccount | undefined) => void = () => undefined;
  let current: SignedInAccount | undefined;
  const session = {
    get current() {
      return current;
    },
    onDidSessionChange: (l: typeof listener) => ((listener = l), { dispose: () => undefined }),
  } as unknown as SessionState;
  return { session, set: (account) => ((current = account), listener(account)) };
}

const account = (id: string): SignedInAccount => ({ username: `${id}@contoso.com`, tenantId: 't', homeAccountId: id });

describe('the verdict cache follows the sign-in', () => {
  it('deletes the cache of an account that signs out or is replaced by another, and keeps it over a token refresh', () => {
    const forgotten: string[] = [];
    const store = { forgetAccount: async (id: string) => void forgotten.push(id) } as unknown as VerdictStore;
    const { session, set } = fakeSession();
    dropVerdictCacheOnSignOut(session, store);
    set(account('a'));
    set({ ...account('a'), mode: 'entra' }); // a refresh: the same account
    assert.deepEqual(forgotten, []);
    set(account('b')); // another account signed in
    assert.deepEqual(forgotten, ['a']);
    set(undefined); // signed out
    assert.deepEqual(forgotten, ['a', 'b']);
    set(undefined);
    assert.deepEqual(forgotten, ['a', 'b'], 'nothing more to delete');
  });
});
