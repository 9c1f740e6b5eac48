import * as assert from 'node:assert/strict';
import { IdentityError } from '../../../src/core/identity/identityError';
import { IdentityProvider, IdentityToken } from '../../../src/core/identity/provider';
import { SignInSession, SignInUi } from '../../../src/core/identity/signInSession';
import { MemoryStore } from '../helpers/memoryStore';

const account = { username: 'alice@contoso.com', objectId: 'o', tenantId: 't', homeAccountId: 'o.t', name: 'Alice' };
const token: IdentityToken = { accessToken: 'x', expiresOn: new Date(), account, scopes: ['s'], groups: [] };

/** A stand-in for an identity provider: records which flow ran with which claims. */
function fakeClient(failures: Partial<Record<'browser' | 'deviceCode' | 'silent', IdentityError>>) {
  const calls: { flow: string; claims: string | undefined }[] = [];
  const client = {
    namespace: { tenant: 't', clientId: 'c' },
    accounts: async () => [account],
    acquireSilent: async () => {
      calls.push({ flow: 'silent', claims: undefined });
      if (failures.silent) throw failures.silent;
      return token;
    },
    signInWithBrowser: async (_s: readonly string[], _o: unknown, _sig: unknown, options: { claims?: string } = {}) => {
      calls.push({ flow: 'browser', claims: options.claims });
      if (failures.browser) throw failures.browser;
      return token;
    },
    signInWithDeviceCode: async (_s: readonly string[], _p: unknown, _sig: unknown, claims?: string) => {
      calls.push({ flow: 'deviceCode', claims });
      if (failures.deviceCode) throw failures.deviceCode;
      return token;
    },
  };
  return { client: client as unknown as IdentityProvider, calls };
}

function ui(answer: boolean): SignInUi & { offers: number } {
  const result = { offers: 0, openBrowser: async () => true, showDeviceCode: () => undefined, offerOtherFlow: async () => (result.offers++, answer) };
  return result;
}

describe('SignInSession', () => {
  it('passes the claims challenge of a refused silent refresh to the next sign-in, once', async () => {
    const mfa = new IdentityError('MFA_REQUIRED', 'MFA', true, '{"access_token":{"capolids":{"essential":true,"values":["1"]}}}');
    const { client, calls } = fakeClient({ silent: mfa });
    const session = new SignInSession(client, new MemoryStore());
    await assert.rejects(session.acquireSilent('o.t', ['s']), IdentityError);
    await session.signIn('deviceCode', ['s'], ui(false));
    await session.signIn('deviceCode', ['s'], ui(false));
    assert.deepEqual(calls.filter((c) => c.flow === 'deviceCode').map((c) => c.claims), [mfa.claims, undefined]);
  });

  it('offers the other flow once when a flow fails, and never loops', async () => {
    const { client, calls } = fakeClient({ browser: new IdentityError('PUBLIC_CLIENT_DISABLED', 'x', false, undefined), deviceCode: new IdentityError('SIGN_IN_FAILED', 'y', true, undefined) });
    const session = new SignInSession(client, new MemoryStore());
    const prompts = ui(true);
    await assert.rejects(session.signIn('browser', ['s'], prompts), IdentityError);
    assert.equal(prompts.offers, 1);
    assert.deepEqual(calls.map((c) => c.flow), ['browser', 'deviceCode']);
  });

  it('does not offer another flow for a block that holds for every flow (Conditional Access)', async () => {
    const { client, calls } = fakeClient({ deviceCode: new IdentityError('CONDITIONAL_ACCESS_BLOCKED', 'blocked', false, undefined) });
    const session = new SignInSession(client, new MemoryStore());
    const prompts = ui(true);
    await assert.rejects(session.signIn('deviceCode', ['s'], prompts), /blocked/);
    assert.equal(prompts.offers, 0);
    assert.equal(calls.length, 1);
  });

  it('remembers the signed-in account as current, shared through the store', async () => {
    const store = new MemoryStore();
    const { client } = fakeClient({});
    await new SignInSession(client, store).signIn('browser', ['s'], ui(false));
    assert.equal((await new SignInSession(client, store).currentAccount())?.username, 'alice@contoso.com');
  });
});
