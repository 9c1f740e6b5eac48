// The fake Entra's protocol surface, request by request: discovery, the
// token response shape MSAL depends on, device code states, authorization
// code with PKCE, refresh token rotation and expiry, and the browser pages.
import * as assert from 'node:assert/strict';
import { decodeJwt, verifySignature, type Jwk } from '../../fakes/jwt';
import { DATABRICKS_SCOPE, authorizeUrl, deviceCode, pkcePair, signIn, tokenRequest } from './helpers/entraFlows';
import { useSandbox } from './helpers/sandboxFixture';

describe('fakes: Entra ID protocol', function () {
  this.timeout(10_000);
  const fx = useSandbox({ scenario: 'basic' });
  beforeEach(() => fx.sandbox.control.setKnobs({ autoApprove: true, refreshTokenRotation: 'keep-old' }));

  it('serves OpenID discovery for the tenant id and for organizations, with the tenant id as issuer', async () => {
    const s = fx.sandbox;
    for (const segment of [s.tenantId, 'organizations', 'common', 'fabrikam.com']) {
      const doc = (await fx.entra(`/${segment}/v2.0/.well-known/openid-configuration`)).json<Record<string, string>>();
      assert.equal(doc.issuer, s.entraIssuer);
      assert.equal(doc.token_endpoint, `${s.authority}/${segment}/oauth2/v2.0/token`);
      assert.equal(doc.device_authorization_endpoint, `${s.authority}/${segment}/oauth2/v2.0/devicecode`);
    }
    const unknown = await fx.entra('/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json().error_codes, [90002]);
  });

  it('issues RS256 tokens verifiable with the published JWKS, in the shape MSAL needs', async () => {
    const s = fx.sandbox;
    const body = await signIn(fx);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, DATABRICKS_SCOPE, 'scope echoes the requested .default scope, without the OIDC scopes');
    assert.equal(typeof body.expires_in, 'number');
    assert.equal(typeof body.ext_expires_in, 'number');
    assert.ok(body.refresh_token?.startsWith('1.'));
    assert.deepEqual(JSON.parse(Buffer.from(body.client_info!, 'base64url').toString()), { uid: '48c135b9-ea38-4909-a1dd-0e32cd4846d8', utid: s.tenantId });
    const { keys } = (await fx.entra(`/${s.tenantId}/discovery/v2.0/keys`)).json<{ keys: Jwk[] }>();
    const at = decodeJwt(body.access_token!)!;
    assert.ok(verifySignature(at, keys).ok);
    assert.equal(at.header.kid, keys[0]!.kid);
    const c = at.payload;
    assert.equal(c.aud, '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d');
    assert.equal(c.iss, s.entraIssuer);
    assert.equal(c.tid, s.tenantId);
    assert.equal(c.upn, 'alice@fabrikam.com');
    assert.equal(c.preferred_username, 'alice@fabrikam.com');
    assert.equal(c.ver, '2.0');
    assert.equal(c.appid, s.clientId);
    assert.equal(c.azp, s.clientId);
    assert.equal(c.scp, 'user_impersonation');
    assert.equal((c.exp as number) - (c.iat as number), body.expires_in as unknown as number);
    const id = decodeJwt(body.id_token!)!.payload;
    assert.equal(id.aud, s.clientId);
    assert.equal(id.oid, '48c135b9-ea38-4909-a1dd-0e32cd4846d8');
  });

  it('derives the audience from the scope: client id, api:// URI', async () => {
    const s = fx.sandbox;
    const own = await signIn(fx, `openid offline_access ${s.clientId}/.default`);
    assert.equal(decodeJwt(own.access_token!)!.payload.aud, s.clientId);
    assert.equal(own.scope, `${s.clientId}/.default`);
    const api = await signIn(fx, 'openid api://access-lens-tests/.default');
    assert.equal(decodeJwt(api.access_token!)!.payload.aud, 'api://access-lens-tests');
    assert.equal(api.refresh_token, undefined, 'no offline_access, no refresh token');
    const two = await fx.entra(`/${s.tenantId}/oauth2/v2.0/devicecode`, { body: { client_id: s.clientId, scope: `${DATABRICKS_SCOPE} api://x/.default` } });
    assert.equal(two.status, 400);
    assert.equal(two.json().error, 'invalid_scope');
  });

  it('walks a device code through authorization_pending, access_denied and expired_token', async () => {
    fx.sandbox.control.setKnobs({ autoApprove: false });
    const poll = async (code: string): Promise<Record<string, unknown>> => (await tokenRequest(fx, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: code, scope: DATABRICKS_SCOPE })).json();

    const pending = await deviceCode(fx);
    assert.match(pending.user_code, /^[A-Z0-9]{9}$/);
    assert.match(pending.verification_uri, /\/devicelogin$/);
    assert.equal(pending.interval, 1);
    const first = await poll(pending.device_code);
    assert.equal(first.error, 'authorization_pending');
    assert.deepEqual(first.error_codes, [70016]);

    const denied = await deviceCode(fx);
    fx.sandbox.control.denyDeviceCode({ userCode: denied.user_code });
    assert.equal((await poll(denied.device_code)).error, 'access_denied');

    const late = await deviceCode(fx);
    fx.sandbox.control.advanceClock(pending.expires_in + 1);
    try {
      assert.equal((await poll(late.device_code)).error, 'expired_token');
      assert.throws(() => fx.sandbox.control.approveDeviceCode({ userCode: late.user_code }), /not waiting for approval/);
    } finally {
      fx.sandbox.control.advanceClock(-(pending.expires_in + 1));
    }
  });

  it('approves a device code through the /devicelogin page', async () => {
    fx.sandbox.control.setKnobs({ autoApprove: false });
    const dc = await deviceCode(fx);
    const page = await fx.entra(dc.verification_uri);
    assert.match(page.text, /id="otc"/);
    const wrong = await fx.entra('/devicelogin', { body: { otc: 'NOPE12345', user: 'bob@fabrikam.com', decision: 'approve' } });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /didn&#39;t work/);
    const ok = await fx.entra('/devicelogin', { body: { otc: dc.user_code.toLowerCase(), user: 'bob@fabrikam.com', decision: 'approve' } });
    assert.equal(ok.status, 200);
    const body = (await tokenRequest(fx, { grant_type: 'device_code', device_code: dc.device_code, scope: DATABRICKS_SCOPE })).json<Record<string, string>>();
    assert.equal(decodeJwt(body.access_token!)!.payload.upn, 'bob@fabrikam.com');
  });

  it('redeems an authorization code once, only with the right PKCE verifier', async () => {
    const pkce = pkcePair();
    const res = await fx.entra(authorizeUrl(fx, { code_challenge: pkce.challenge, code_challenge_method: 'S256', nonce: 'abc' }));
    assert.equal(res.status, 302);
    const code = new URL(res.headers.location!).searchParams.get('code')!;
    const redeem = (verifier: string, redirect = 'http://127.0.0.1:8400/') =>
      tokenRequest(fx, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirect, scope: DATABRICKS_SCOPE });
    assert.deepEqual((await redeem('wrong-verifier')).json().error_codes, [501481]);
    assert.deepEqual((await redeem(pkce.verifier, 'http://127.0.0.1:9999/')).json().error_codes, [500112]);
    const ok = await redeem(pkce.verifier);
    assert.equal(ok.status, 200);
    assert.equal(decodeJwt(ok.json<Record<string, string>>().id_token!)!.payload.nonce, 'abc');
    const again = (await redeem(pkce.verifier)).json();
    assert.equal(again.error, 'invalid_grant');
    assert.deepEqual(again.error_codes, [54005]);
  });

  it('guards the authorize endpoint: loopback redirects only, PKCE S256 required, consent page, form_post', async () => {
    const pkce = pkcePair();
    const foreign = await fx.entra(authorizeUrl(fx, { redirect_uri: 'https://evil.example/cb', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    assert.equal(foreign.status, 400);
    assert.match(foreign.text, /AADSTS50011/);
    const plain = await fx.entra(authorizeUrl(fx, { code_challenge: pkce.verifier, code_challenge_method: 'plain' }));
    const error = new URL(plain.headers.location!).searchParams;
    assert.equal(error.get('error'), 'invalid_request');
    assert.match(error.get('error_description')!, /AADSTS9002325/);
    assert.equal(error.get('state'), 'xyz');

    fx.sandbox.control.setKnobs({ autoApprove: false });
    const consent = await fx.entra(authorizeUrl(fx, { code_challenge: pkce.challenge, code_challenge_method: 'S256', response_mode: 'form_post' }));
    assert.equal(consent.status, 200);
    assert.match(consent.text, /id="accept"/);
    const requestId = /name="request_id" value="([^"]+)"/.exec(consent.text)![1]!;
    const posted = await fx.entra(`/${fx.sandbox.tenantId}/oauth2/v2.0/authorize`, { body: { request_id: requestId, user: 'bob@fabrikam.com', decision: 'accept' } });
    assert.match(posted.text, /<form method="post" action="http:\/\/127\.0\.0\.1:8400\/" id="form_post">/);
    assert.match(posted.text, /name="code" value="1\./);
    assert.match(posted.text, /name="state" value="xyz"/);
  });

  it('rotates refresh tokens and expires them after inactivity (AADSTS700082)', async () => {
    const first = await signIn(fx);
    const next = (await tokenRequest(fx, { grant_type: 'refresh_token', refresh_token: first.refresh_token!, scope: `openid offline_access ${DATABRICKS_SCOPE}` })).json<Record<string, string>>();
    assert.ok(next.refresh_token && next.refresh_token !== first.refresh_token, 'a new refresh token each time');
    fx.sandbox.control.setKnobs({ refreshTokenRotation: 'revoke-old' });
    const third = (await tokenRequest(fx, { grant_type: 'refresh_token', refresh_token: next.refresh_token, scope: DATABRICKS_SCOPE })).json<Record<string, string>>();
    assert.ok(third.access_token);
    assert.equal((await tokenRequest(fx, { grant_type: 'refresh_token', refresh_token: next.refresh_token, scope: DATABRICKS_SCOPE })).json().error, 'invalid_grant');

    const days91 = 91 * 24 * 3600;
    fx.sandbox.control.advanceClock(days91);
    try {
      const expired = (await tokenRequest(fx, { grant_type: 'refresh_token', refresh_token: first.refresh_token!, scope: DATABRICKS_SCOPE })).json();
      assert.deepEqual(expired.error_codes, [700082]);
      assert.equal(expired.suberror, 'bad_token');
    } finally {
      fx.sandbox.control.advanceClock(-days91);
    }
  });
});
