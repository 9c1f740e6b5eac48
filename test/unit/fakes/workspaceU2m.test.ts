// The workspace's own sign-in pages (workspace/u2m.ts) as a browser sees them:
// another redirect port registered through the control API (what the UI and
// extension-host tests do for ACCESS_LENS_REDIRECT_PORT), and pages that say
// they are the workspace's, not Entra's.
import * as assert from 'node:assert/strict';
import { pkcePair } from './helpers/entraFlows';
import { useSandbox } from './helpers/sandboxFixture';

describe("fakes: the workspace's sign-in for users (U2M)", function () {
  this.timeout(10_000);
  const fx = useSandbox({ scenario: 'basic', overrides: { autoApprove: false } });
  const authorize = (port: number) => {
    const url = new URL('/oidc/v1/authorize', fx.sandbox.workspaceHost);
    const { challenge } = pkcePair();
    const params = { client_id: 'databricks-cli', redirect_uri: `http://localhost:${port}`, response_type: 'code', state: 'state-1', code_challenge: challenge, code_challenge_method: 'S256', scope: 'all-apis offline_access' };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return fx.ws(url.toString());
  };

  it('accepts a redirect port registered through POST /__sandbox/u2m/redirect-ports, and only then', async () => {
    const before = await authorize(47_123);
    assert.equal(before.status, 400);
    assert.match(before.text, /redirect_uri &#39;http:\/\/localhost:47123&#39; is not registered for databricks-cli/);
    const registered = await fx.ws('/__sandbox/u2m/redirect-ports', { method: 'POST', asJson: { port: 47_123 } });
    assert.equal(registered.status, 200);
    assert.deepEqual(registered.json(), { port: 47_123 });
    const after = await authorize(47_123);
    assert.equal(after.status, 200, 'the consent page (approval left to the person)');
    assert.match(after.text, /id="accept"/);
    assert.equal((await authorize(47_124)).status, 400, 'other ports stay unregistered');
  });

  it('refuses a port that is not a number from 1024 to 65535, saying so', async () => {
    for (const port of [80, 70_000, '8020', null]) {
      const res = await fx.ws('/__sandbox/u2m/redirect-ports', { method: 'POST', asJson: { port } });
      assert.equal(res.status, 400, String(port));
      assert.match(String(res.json().error), /port must be a number from 1024 to 65535/);
    }
  });

  it("its consent and error pages are the Databricks workspace's, not Microsoft Entra ID's", async () => {
    const consent = await authorize(8020);
    assert.match(consent.text, /Databricks workspace \(Access Lens test sandbox\)/);
    assert.doesNotMatch(consent.text, /Microsoft Entra ID/);
    const error = await authorize(9);
    assert.match(error.text, /Databricks workspace \(Access Lens test sandbox\)/);
    assert.doesNotMatch(error.text, /Microsoft Entra ID/);
  });
});
