import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { AccessLensError, CancelledError } from '../../../src/core/errors';
import { IdentityError } from '../../../src/core/identity/identityError';
import { fetchOverHttps } from '../../../src/core/identity/oidcFetch';
import { toOidcIdentityError } from '../../../src/core/identity/oidcErrors';
import { OidcRecord, parseRecord, recordFrom } from '../../../src/core/identity/oidcTokens';
import { claimValues } from '../../../src/core/identity/provider';
import { HttpRequest } from '../../../src/core/net/httpsClient';
import { NetworkError } from '../../../src/core/net/httpsClient';
import { identityScopes, storeNamespace } from '../../../src/core/config/derived';

const ISSUER = 'https://contoso.okta.com/oauth2/default';
const NOW = 1_800_000_000_000;

function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
}

const context = { issuer: ISSUER, groupsClaim: 'groups', requestedScopes: ['openid', 'offline_access'], nowMs: NOW };
const idToken = jwt({ iss: ISSUER, sub: '00u1', aud: 'client', preferred_username: 'alice@contoso.com', name: 'Alice', exp: NOW / 1000 + 3600 });

describe('OIDC: token responses', () => {
  it('uses a JWT access token of the issuer as the subject token, with its groups and expiry', () => {
    const access = jwt({ iss: `${ISSUER}/`, sub: '00u1', aud: 'api://default', groups: ['ml-engineers', 'gpu-users'], exp: NOW / 1000 + 1800 });
    const record = recordFrom({ access_token: access, id_token: idToken, refresh_token: 'rt', scope: 'openid offline_access' }, undefined, context);
    assert.equal(record.subjectKind, 'access_token');
    assert.equal(record.subjectToken, access);
    assert.equal(record.expiresAt, new Date(NOW + 1_800_000).toISOString());
    assert.deepEqual(record.groups, ['ml-engineers', 'gpu-users']);
    assert.deepEqual(record.account, { username: 'alice@contoso.com', objectId: '00u1', tenantId: ISSUER, homeAccountId: '00u1', name: 'Alice' });
    assert.equal(record.refreshToken, 'rt');
  });

  it('falls back to the ID token when the access token is opaque, and reads the configured claim there', () => {
    const withRoles = jwt({ iss: ISSUER, sub: '00u1', aud: 'client', email: 'alice@contoso.com', roles: 'admins', exp: NOW / 1000 + 600 });
    const record = recordFrom({ access_token: 'opaque', id_token: withRoles }, undefined, { ...context, groupsClaim: 'roles' });
    assert.equal(record.subjectKind, 'id_token');
    assert.equal(record.account.username, 'alice@contoso.com');
    assert.deepEqual(record.groups, ['admins']);
    assert.deepEqual(record.scopes, ['openid', 'offline_access'], 'the requested scopes when the answer names none');
  });

  it('keeps the account, groups and refresh token of the previous record when a refresh answer omits them', () => {
    const first = recordFrom({ access_token: jwt({ iss: ISSUER, sub: '00u1', groups: ['a'], exp: NOW / 1000 + 60 }), id_token: idToken, refresh_token: 'rt-1' }, undefined, context);
    const renewed = recordFrom({ access_token: jwt({ iss: ISSUER, sub: '00u1', exp: NOW / 1000 + 3600 }) }, first, context);
    assert.equal(renewed.refreshToken, 'rt-1');
    assert.deepEqual(renewed.groups, ['a']);
    assert.equal(renewed.account.username, 'alice@contoso.com');
    const rotated = recordFrom({ access_token: jwt({ iss: ISSUER, sub: '00u1', groups: [], exp: NOW / 1000 + 3600 }), refresh_token: 'rt-2' }, renewed, context);
    assert.equal(rotated.refreshToken, 'rt-2');
    assert.deepEqual(rotated.groups, [], 'an empty claim is an answer, not a gap');
  });

  it('refuses an answer with nothing Databricks federation could accept, saying what to check', () => {
    assert.throws(() => recordFrom({ access_token: 'opaque' }, undefined, context), (e: unknown) => e instanceof IdentityError && /neither a JWT access token nor an ID token.*openid scope/.test(e.message));
    const foreign = jwt({ iss: 'https://elsewhere.example', sub: 'x', exp: NOW / 1000 + 60 });
    assert.equal(recordFrom({ access_token: foreign, id_token: idToken }, undefined, context).subjectKind, 'id_token', "another issuer's JWT is not ours to send");
  });

  it('round-trips a record through the keychain text, and drops unreadable ones', () => {
    const record: OidcRecord = recordFrom({ access_token: 'opaque', id_token: idToken, refresh_token: 'rt' }, undefined, context);
    assert.deepEqual(parseRecord(JSON.stringify(record)), record);
    assert.equal(parseRecord('{not json'), undefined);
    assert.equal(parseRecord(JSON.stringify({ ...record, v: 2 })), undefined);
    assert.equal(parseRecord(undefined), undefined);
  });

  it('reads a claim given as a list or as one string', () => {
    assert.deepEqual(claimValues({ groups: ['a', 1, 'b'] }, 'groups'), ['a', 'b']);
    assert.deepEqual(claimValues({ groups: 'a' }, 'groups'), ['a']);
    assert.deepEqual(claimValues({}, 'groups'), []);
  });
});

describe('OIDC: errors in plain words', () => {
  const what = `the identity provider ${ISSUER}`;
  const oauth = (error: string, description?: string) => Object.assign(new Error('server responded with an error in the response body'), { code: 'OAUTH_RESPONSE_BODY_ERROR', error, error_description: description, status: 400 });

  it('maps the standard OAuth error codes onto sign-in codes and next steps', () => {
    const cases: [string, string, boolean, RegExp][] = [
      ['invalid_grant', 'SIGN_IN_REQUIRED', true, /refresh token expired or was revoked\. Sign in again/],
      ['access_denied', 'SIGN_IN_CANCELLED', true, /declined/],
      ['expired_token', 'SIGN_IN_TIMEOUT', true, /device code expired/],
      ['unauthorized_client', 'SIGN_IN_FAILED', false, /Device Authorization and Refresh Token/],
      ['invalid_client', 'SIGN_IN_FAILED', false, /public client/],
      ['invalid_scope', 'SIGN_IN_FAILED', false, /offline_access/],
      ['temporarily_unavailable', 'SIGN_IN_FAILED', false, /temporarily_unavailable: busy/],
    ];
    for (const [error, code, interactive, message] of cases) {
      const mapped = toOidcIdentityError(oauth(error, 'busy'), what);
      assert.ok(mapped instanceof IdentityError, error);
      assert.equal(mapped.code, code, error);
      assert.equal(mapped.interactionRequired, interactive, error);
      assert.match(mapped.message, message, error);
    }
  });

  it('keeps cancellations, network failures and configuration problems as they are', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    assert.ok(toOidcIdentityError(abort, what) instanceof CancelledError);
    const network = new NetworkError('down');
    assert.equal(toOidcIdentityError(network, what), network);
    const config = new AccessLensError('CONFIG', 'bad issuer');
    assert.equal(toOidcIdentityError(config, what), config);
  });

  it('never repeats a token in a message', () => {
    const mapped = toOidcIdentityError(new Error(`unexpected ${jwt({ sub: 'x' })}`), what);
    assert.doesNotMatch(mapped.message, /eyJ/);
  });
});

describe('OIDC: configuration', () => {
  const oidc = (values: Record<string, unknown>) => resolveConfig([{ source: 'flag', values: { identityProvider: 'oidc', issuer: ISSUER, ...values } }], { workspaceTrusted: true });

  it("takes an Okta client id as it is, and still wants a GUID from Entra", () => {
    assert.equal(oidc({ clientId: '0oa8f5j3ecb5w3dF35d7' }).config.clientId, '0oa8f5j3ecb5w3dF35d7');
    const entra = resolveConfig([{ source: 'flag', values: { clientId: '0oa8f5j3ecb5w3dF35d7' } }], { workspaceTrusted: true });
    assert.match(entra.problems[0]?.message ?? '', /--client-id: "0oa8f5j3ecb5w3dF35d7" is not an application \(client\) id/);
    assert.match(oidc({ clientId: 'has space' }).problems[0]?.message ?? '', /is not an OpenID Connect client id.*Okta: General/);
  });

  it('reads the group claim from flag, environment or settings, default groups', () => {
    assert.equal(oidc({}).config.groupsClaim, 'groups');
    assert.equal(oidc({ groupsClaim: 'roles' }).config.groupsClaim, 'roles');
    const env = resolveConfig([{ source: 'env', values: { groupsClaim: 'bad claim' } }], { workspaceTrusted: true });
    assert.match(env.problems[0]?.message ?? '', /ACCESS_LENS_GROUPS_CLAIM: "bad claim" is not a claim name/);
  });

  it("asks the provider for OpenID scopes and a refresh token, keeps the keychain per issuer, and federates", () => {
    const { config } = oidc({ clientId: '0oa1', scope: 'groups' });
    assert.deepEqual(identityScopes(config, 'federation'), ['openid', 'profile', 'email', 'offline_access', 'groups']);
    assert.deepEqual(storeNamespace(config), { tenant: ISSUER, clientId: '0oa1' });
    assert.equal(config.tokenMode, 'auto');
  });
});

describe('OIDC: requests through our HTTPS client', () => {
  it('hands method, headers, form body and abort signal over, and builds a Fetch Response', async () => {
    const seen: HttpRequest[] = [];
    const fetch = fetchOverHttps(async (request) => {
      seen.push(request);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    });
    const signal = new AbortController().signal;
    const response = await fetch('https://idp.example/token', { method: 'post', headers: { accept: 'application/json' }, body: new URLSearchParams({ grant_type: 'refresh_token' }), redirect: 'manual', signal });
    assert.deepEqual(await response.json(), { ok: true });
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.deepEqual({ ...seen[0], signal: undefined }, { method: 'POST', url: 'https://idp.example/token', headers: { accept: 'application/json' }, body: 'grant_type=refresh_token', signal: undefined });
    assert.equal(seen[0]?.signal, signal);
  });

  it('answers a 204 without a body (a Fetch Response refuses one)', async () => {
    const fetch = fetchOverHttps(async () => ({ status: 204, headers: {}, body: '' }));
    const response = await fetch('https://idp.example/revoke', { method: 'POST', headers: {}, body: 'token=x', redirect: 'manual' });
    assert.equal(response.status, 204);
  });
});
