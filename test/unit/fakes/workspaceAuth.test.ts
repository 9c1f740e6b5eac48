// Getting into the fake workspace: RFC 8693 token exchange against the
// federation policy, Entra tokens for the Azure Databricks resource used
// directly, and each refusal in the shape Databricks gives it.
import * as assert from 'node:assert/strict';
import { SigningKey, decodeJwt } from '../../fakes/jwt';
import { AZURE_DATABRICKS_RESOURCE_ID } from '../../fakes/scenario';
import { useSandbox } from './helpers/sandboxFixture';

const EXCHANGE = { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', scope: 'all-apis' };

describe('fakes: workspace authentication', function () {
  this.timeout(10_000);
  const fx = useSandbox({ scenario: 'basic' });
  const mint = (claims: Record<string, unknown> = {}, userName = 'alice@fabrikam.com', scope?: string, lifetimeSec?: number) =>
    fx.sandbox.control.mintEntraToken({ userName, claims, scope, lifetimeSec });
  const exchange = (subject: string, extra: Record<string, string> = {}) => fx.ws('/oidc/v1/token', { body: { ...EXCHANGE, subject_token: subject, ...extra } });

  it('exchanges a policy-matching Entra token for an opaque Databricks token that works on /api', async () => {
    const res = await exchange(mint());
    assert.equal(res.status, 200);
    const body = res.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>();
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, 'all-apis');
    assert.equal(body.expires_in, 3600);
    assert.ok(!body.access_token.startsWith('dapi') && decodeJwt(body.access_token) === null, 'opaque, and not a PAT');
    const me = await fx.ws('/api/2.0/preview/scim/v2/Me', { bearer: body.access_token });
    assert.equal(me.status, 200);
    assert.equal(me.json().userName, 'alice@fabrikam.com');
  });

  it('refuses subject tokens with a foreign issuer, audience or signature, or expired', async () => {
    const cases: [string, string, RegExp][] = [
      ['issuer', mint({ iss: 'https://sts.windows.net/someone-else/' }), /issuer/],
      ['audience', mint({}, 'alice@fabrikam.com', `${AZURE_DATABRICKS_RESOURCE_ID}/.default`), /audience/],
      ['signature', forge(mint()), /signature/],
      ['expiry', mint({}, 'alice@fabrikam.com', undefined, -60), /^Token is expired$/],
    ];
    for (const [what, token, description] of cases) {
      const res = await exchange(token);
      assert.equal(res.status, 400, what);
      const body = res.json<{ error: string; error_description: string }>();
      assert.equal(body.error, 'invalid_grant', what);
      assert.match(body.error_description, description, what);
    }
    const malformed = await exchange('not-a-jwt');
    assert.equal(malformed.json().error, 'invalid_request');
    const wrongType = await exchange(mint(), { subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
    assert.equal(wrongType.json().error, 'invalid_request');
    const wrongGrant = await exchange(mint(), { grant_type: 'client_credentials' });
    assert.equal(wrongGrant.json().error, 'unsupported_grant_type');
  });

  it('expires Databricks tokens on the sandbox clock', async () => {
    const token = (await exchange(mint())).json<{ access_token: string }>().access_token;
    fx.sandbox.control.advanceClock(3601);
    try {
      const res = await fx.ws('/api/2.0/preview/scim/v2/Me', { bearer: token });
      assert.equal(res.status, 403);
      assert.deepEqual(res.json(), { error_code: 403, message: 'Invalid access token.' });
    } finally {
      fx.sandbox.control.advanceClock(-3601);
    }
  });

  it('accepts Entra tokens for the Azure Databricks resource directly, as Azure Databricks does', async () => {
    const res = await fx.ws('/api/2.0/preview/scim/v2/Me', { bearer: mint({}, 'alice@fabrikam.com', `${AZURE_DATABRICKS_RESOURCE_ID}/.default`) });
    assert.equal(res.status, 200);
    assert.equal(res.json().userName, 'alice@fabrikam.com');
  });

  it('answers each refusal in the shape Databricks uses', async () => {
    const resource = `${AZURE_DATABRICKS_RESOURCE_ID}/.default`;
    const me = '/api/2.0/preview/scim/v2/Me';

    const none = await fx.ws(me);
    assert.equal(none.status, 401);
    assert.equal(none.json().error_code, 'UNAUTHENTICATED');

    const wrongAudience = await fx.ws(me, { bearer: mint() });
    assert.equal(wrongAudience.status, 400);
    assert.match(wrongAudience.headers['content-type']!, /text\/html/);
    assert.match(wrongAudience.text, /Expected aud claim to be: 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d, but was: 675aa2e2/);

    const expiring = await fx.ws(me, { bearer: mint({}, 'alice@fabrikam.com', resource, 20) });
    assert.equal(expiring.status, 403);
    assert.match(expiring.text, /<title>Error 403 Token is expiring within 30 seconds\. \(token expired\)<\/title>/);

    const expired = await fx.ws(me, { bearer: mint({}, 'alice@fabrikam.com', resource, -5) });
    assert.deepEqual(expired.json(), { error_code: 403, message: 'Invalid access token.' });

    const forged = await fx.ws(me, { bearer: forge(mint({}, 'alice@fabrikam.com', resource)) });
    assert.deepEqual(forged.json(), { error_code: 403, message: 'Invalid access token.' });

    const pat = await fx.ws(me, { bearer: 'dapi0123456789abcdef0123456789abcdef' });
    assert.equal(pat.status, 403);

    const notProvisioned = await fx.ws(me, { bearer: mint({}, 'dave@fabrikam.com', resource) });
    assert.equal(notProvisioned.status, 403);
    assert.deepEqual(notProvisioned.json(), { error_code: 403, message: 'Invalid access to Org: 1234567890123456' });
    assert.equal(notProvisioned.headers['x-databricks-reason-phrase'], 'Invalid access to Org: 1234567890123456');

    // Federation works for any account user; the workspace API still refuses the unprovisioned one.
    const daveToken = (await exchange(mint({}, 'dave@fabrikam.com'))).json<{ access_token: string }>().access_token;
    assert.equal((await fx.ws(me, { bearer: daveToken })).json().message, 'Invalid access to Org: 1234567890123456');
  });

  it('publishes OAuth discovery documents', async () => {
    const s = fx.sandbox;
    const meta = (await fx.ws('/oidc/.well-known/oauth-authorization-server')).json<Record<string, unknown>>();
    assert.equal(meta.token_endpoint, `${s.workspaceHost}/oidc/v1/token`);
    assert.ok((meta.grant_types_supported as string[]).includes('urn:ietf:params:oauth:grant-type:token-exchange'));
    const config = (await fx.ws('/.well-known/databricks-config')).json<Record<string, unknown>>();
    assert.equal(config.workspace_id, '1234567890123456');
    assert.equal(config.oidc_endpoint, `${s.workspaceHost}/oidc`);
  });
});

/** The genuine header and claims with a signature from a key the IdP never published. */
function forge(token: string): string {
  const [header, body] = token.split('.');
  const foreignSignature = new SigningKey().sign({ forged: true }).split('.')[2];
  return `${header}.${body}.${foreignSignature}`;
}
