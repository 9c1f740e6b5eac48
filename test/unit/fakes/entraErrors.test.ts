// AADSTS errors on demand: every catalogued fault answers with Entra's
// `error`, `suberror`, claims challenge, status and description format, and
// fault targeting (grant type, user, count, endpoint) works as documented.
import * as assert from 'node:assert/strict';
import { DATABRICKS_SCOPE, authorizeUrl, deviceCode, pkcePair, signIn, tokenRequest } from './helpers/entraFlows';
import { useSandbox } from './helpers/sandboxFixture';

interface Expected {
  aadsts: number;
  status: number;
  error: string;
  suberror?: string;
  claims?: boolean;
  text: RegExp;
}

const FAULTS: Expected[] = [
  { aadsts: 50076, status: 400, error: 'interaction_required', claims: true, text: /multi-factor authentication to access '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d'/ },
  { aadsts: 53003, status: 400, error: 'invalid_grant', suberror: 'message_only', claims: true, text: /blocked by Conditional Access/ },
  { aadsts: 700082, status: 400, error: 'invalid_grant', suberror: 'bad_token', text: /expired due to inactivity/ },
  { aadsts: 7000218, status: 401, error: 'invalid_client', text: /'client_assertion' or 'client_secret'/ },
  { aadsts: 65001, status: 400, error: 'invalid_grant', suberror: 'consent_required', text: /has not consented to use the application with ID '675aa2e2/ },
  { aadsts: 50105, status: 400, error: 'invalid_grant', text: /The signed in user 'alice@fabrikam.com' is blocked/ },
  { aadsts: 70043, status: 400, error: 'invalid_grant', suberror: 'bad_token', text: /sign-in frequency/ },
  { aadsts: 50173, status: 400, error: 'invalid_grant', suberror: 'bad_token', text: /revoked/ },
];

describe('fakes: Entra ID errors on demand', function () {
  this.timeout(10_000);
  const fx = useSandbox({ scenario: 'basic' });
  let refreshToken = '';
  const refresh = (headers: Record<string, string> = {}) => tokenRequest(fx, { grant_type: 'refresh_token', refresh_token: refreshToken, scope: DATABRICKS_SCOPE }, headers);

  beforeEach(async () => {
    fx.sandbox.control.clearFaults();
    fx.sandbox.control.setKnobs({ autoApprove: true });
    refreshToken = (await signIn(fx)).refresh_token!;
  });

  for (const expected of FAULTS) {
    it(`AADSTS${expected.aadsts}: ${expected.error}${expected.suberror ? `/${expected.suberror}` : ''}`, async () => {
      fx.sandbox.control.injectFault({ target: 'entra', aadsts: expected.aadsts });
      const res = await refresh({ 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' });
      assert.equal(res.status, expected.status);
      const body = res.json<Record<string, unknown>>();
      assert.equal(body.error, expected.error);
      assert.deepEqual(body.error_codes, [expected.aadsts]);
      assert.equal(body.suberror, expected.suberror);
      assert.equal(typeof body.claims === 'string', expected.claims === true);
      const description = String(body.error_description);
      assert.match(description, new RegExp(`^AADSTS${expected.aadsts}: `));
      assert.match(description, expected.text);
      assert.match(description, /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: c0ffee00-0000-4000-8000-000000000001\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
      assert.equal(body.correlation_id, 'c0ffee00-0000-4000-8000-000000000001');
      assert.match(String(body.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
      assert.match(String(body.trace_id), /^[0-9a-f-]{36}$/);
    });
  }

  it('a fault fires the given number of times, then requests succeed again (unless it revokes the grant)', async () => {
    fx.sandbox.control.injectFault({ target: 'entra', aadsts: 50076, times: 2 });
    assert.equal((await refresh()).status, 400);
    assert.equal((await refresh()).status, 400);
    assert.equal((await refresh()).status, 200);
    fx.sandbox.control.injectFault({ target: 'entra', aadsts: 700082 });
    assert.equal((await refresh()).status, 400);
    assert.deepEqual((await refresh()).json().error_codes, [700082], 'an expired refresh token stays expired');
  });

  it('targets faults by grant type and by user', async () => {
    fx.sandbox.control.injectFault({ target: 'entra', aadsts: 53003, grantType: 'authorization_code' });
    fx.sandbox.control.injectFault({ target: 'entra', aadsts: 50105, user: 'bob@fabrikam.com' });
    assert.equal((await refresh()).status, 200, "neither fault applies to alice's refresh");
    assert.equal(fx.sandbox.control.listFaults().length, 2);
    fx.sandbox.control.setSignedInUser('bob@fabrikam.com');
    try {
      const body = (await tokenRequest(fx, { grant_type: 'device_code', device_code: (await deviceCode(fx)).device_code, scope: DATABRICKS_SCOPE })).json();
      assert.deepEqual(body.error_codes, [50105]);
      assert.match(String(body.error_description), /'bob@fabrikam\.com' is blocked/);
    } finally {
      fx.sandbox.control.setSignedInUser('alice@fabrikam.com');
    }
  });

  it('answers device code polls still pending without consuming a fault', async () => {
    fx.sandbox.control.setKnobs({ autoApprove: false });
    fx.sandbox.control.injectFault({ target: 'entra', aadsts: 50076, grantType: 'device_code' });
    const dc = await deviceCode(fx);
    const poll = () => tokenRequest(fx, { grant_type: 'device_code', device_code: dc.device_code, scope: DATABRICKS_SCOPE });
    assert.equal((await poll()).json().error, 'authorization_pending');
    fx.sandbox.control.approveDeviceCode();
    assert.equal((await poll()).json().error, 'interaction_required');
    assert.equal((await poll()).status, 200);
  });

  it('redirects authorize faults to the app, as Entra does', async () => {
    fx.sandbox.control.injectFault({ target: 'entra', aadsts: 50105, endpoint: 'authorize' });
    const pkce = pkcePair();
    const res = await fx.entra(authorizeUrl(fx, { code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    const params = new URL(res.headers.location!).searchParams;
    assert.equal(params.get('error'), 'invalid_grant');
    assert.match(params.get('error_description')!, /^AADSTS50105: /);
    assert.equal(params.get('state'), 'xyz');
  });

  it('answers AADSTS700016 for an unknown client id, on every endpoint', async () => {
    const s = fx.sandbox;
    const stranger = '11111111-2222-4333-8444-555555555555';
    const token = await fx.entra(`/${s.tenantId}/oauth2/v2.0/token`, { body: { client_id: stranger, grant_type: 'refresh_token', refresh_token: refreshToken, scope: DATABRICKS_SCOPE } });
    assert.equal(token.json().error, 'unauthorized_client');
    assert.deepEqual(token.json().error_codes, [700016]);
    const dc = await fx.entra(`/${s.tenantId}/oauth2/v2.0/devicecode`, { body: { client_id: stranger, scope: DATABRICKS_SCOPE } });
    assert.deepEqual(dc.json().error_codes, [700016]);
    const page = await fx.entra(authorizeUrl(fx, { client_id: stranger }));
    assert.match(page.text, /AADSTS700016/);
  });

  it('refuses runtime faults the catalogue does not know, naming the known codes', () => {
    assert.throws(() => fx.sandbox.control.injectFault({ target: 'entra', aadsts: 12345 }), /AADSTS12345 is not in the catalogue; known: .*50076/);
  });
});
