/**
 * Where the metadata service gets its tokens: the account signed in now, read from the keychain on
 * every request (never remembered here), so a sign-out in another window or command stops the
 * hand-off at once; and the broker, which refreshes ahead of expiry under the cross-process locks.
 */
import { AccessLensError } from '../errors';
import type { Core } from '../services';
import type { HandoffToken } from './metadataService';

export function keychainTokenSource(core: Pick<Core, 'session' | 'broker'>): (host: string) => Promise<HandoffToken> {
  return async (host) => {
    // Asked of the keychain first: this process's memory of the account survives a sign-out elsewhere.
    const account = (await core.session.keychainHoldsSignIn()) ? await core.session.currentAccount() : undefined;
    if (!account) throw new AccessLensError('SIGN_IN_REQUIRED', 'nobody is signed in');
    const token = await core.broker.getDatabricksToken(host, account.homeAccountId);
    return { accessToken: token.token.reveal(), expiresAt: token.expiresAt };
  };
}
