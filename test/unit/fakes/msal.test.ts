// msal-node 7 against the fake Entra ID: device code, authorization code
// with PKCE, and refresh, with discovery fed from config and MSAL's network
// traffic on node:https with the sandbox CA. Also proves nothing leaves
// 127.0.0.1 while MSAL runs.
import * as assert from 'node:assert/strict';
import { CryptoProvider, InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-node';
import { completeSignInInBrowser } from '../../fakes/browser';
import { decodeJwt } from '../../fakes/jwt';
import { AZURE_DATABRICKS_RESOURCE_ID } from '../../fakes/scenario';
import { request } from './helpers/https';
import { RecordingNetworkClient } from './helpers/msalNetworkClient';
import { armNetGuard, type NetGuard } from './helpers/netGuard';
import { useSandbox } from './helpers/sandboxFixture';

describe('fakes: msal-node against the fake Entra ID', function () {
  this.timeout(15_000);
  const fx = useSandbox({ scenario: 'basic', overrides: { autoApprove: false, deviceCode: { intervalSec: 1 } } });
  const scopes = [`${AZURE_DATABRICKS_RESOURCE_ID}/.default`];
  let network: RecordingNetworkClient;
  let guard: NetGuard;
  let logStart: number;

  function newClient(): PublicClientApplication {
    const s = fx.sandbox;
    network = new RecordingNetworkClient(s.caPath);
    const metadata = s.msalMetadata();
    return new PublicClientApplication({
      auth: {
        clientId: s.clientId,
        authority: `${s.authority}/${s.tenantId}`,
        knownAuthorities: [s.entraKnownAuthority],
        authorityMetadata: metadata.authorityMetadata,
        cloudDiscoveryMetadata: metadata.cloudDiscoveryMetadata,
      },
      system: { networkClient: network },
    });
  }

  beforeEach(() => {
    fx.sandbox.control.setKnobs({ autoApprove: false });
    fx.sandbox.control.setSignedInUser('alice@fabrikam.com');
    logStart = fx.sandbox.requestLog.length;
    guard = armNetGuard();
  });

  afterEach(() => {
    guard.restore();
    // Every connection this process opened went to 127.0.0.1, and no name was resolved.
    assert.ok(guard.hosts.length > 0, 'the guard saw no connection at all');
    assert.deepEqual([...new Set(guard.hosts)], ['127.0.0.1']);
    assert.deepEqual(guard.lookups, []);
    // Every call MSAL made reached the sandbox, which logged it from 127.0.0.1.
    for (const call of network.calls) assert.equal(new URL(call.url).host, fx.sandbox.entraKnownAuthority, call.url);
    const seen = fx.sandbox.requestLog.slice(logStart).filter((e) => e.server === 'entra' && !e.path.startsWith('/__sandbox'));
    assert.equal(seen.length, network.calls.length + extraEntraRequests);
    for (const entry of seen) assert.equal(entry.remoteAddress.replace(/^::ffff:/, ''), '127.0.0.1');
    extraEntraRequests = 0;
  });
  let extraEntraRequests = 0;

  it('completes the device code flow after the user approves, polling through authorization_pending', async () => {
    const pca = newClient();
    let message = '';
    const result = await pca.acquireTokenByDeviceCode({
      scopes,
      deviceCodeCallback: (response) => {
        message = response.message;
        assert.match(response.verificationUri, /^https:\/\/127\.0\.0\.1:\d+\/devicelogin$/);
        // Approve a little later, so the first poll sees authorization_pending.
        setTimeout(() => fx.sandbox.control.approveDeviceCode({ userCode: response.userCode, userName: 'alice@fabrikam.com' }), 150);
      },
    });
    assert.ok(result);
    assert.match(message, /enter the code [A-Z0-9]{9}/);
    assert.equal(result.account?.username, 'alice@fabrikam.com');
    assert.equal(result.account?.tenantId, fx.sandbox.tenantId);
    assert.equal(result.account?.homeAccountId, `48c135b9-ea38-4909-a1dd-0e32cd4846d8.${fx.sandbox.tenantId}`);
    const claims = decodeJwt(result.accessToken)!.payload;
    assert.equal(claims.aud, AZURE_DATABRICKS_RESOURCE_ID);
    assert.equal(claims.iss, fx.sandbox.entraIssuer);
    assert.deepEqual(result.scopes, scopes);
    const polls = network.calls.filter((c) => new URL(c.url).pathname.endsWith('/oauth2/v2.0/token'));
    assert.ok(polls.length >= 2, `expected a pending poll before success, saw ${polls.length} token calls`);
  });

  it('completes the authorization code flow with PKCE (query response), then refreshes silently', async () => {
    fx.sandbox.control.setKnobs({ autoApprove: true });
    const pca = newClient();
    const crypto = new CryptoProvider();
    const pkce = await crypto.generatePkceCodes();
    const redirectUri = 'http://localhost:53111/callback';
    const authUrl = await pca.getAuthCodeUrl({ scopes, redirectUri, codeChallenge: pkce.challenge, codeChallengeMethod: 'S256', state: 'st-123', nonce: 'n-456' });

    // The "browser": one request, auto-approved, answered with a redirect to the loopback URI.
    const page = await request(fx.sandbox.caPath, authUrl);
    extraEntraRequests++;
    assert.equal(page.status, 302);
    const location = new URL(page.headers.location!);
    assert.equal(`${location.origin}${location.pathname}`, redirectUri);
    assert.equal(location.searchParams.get('state'), 'st-123');
    const code = location.searchParams.get('code')!;

    const result = await pca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: pkce.verifier, state: 'st-123', nonce: 'n-456' }, { code, state: 'st-123' });
    assert.equal(result.account?.username, 'alice@fabrikam.com');
    assert.equal((result.idTokenClaims as { nonce?: string }).nonce, 'n-456');
    assert.deepEqual(decodeJwt(result.accessToken)!.payload.groups, ['f7775f72-e335-4620-a7b9-25ab3886786d', '76f0f0ca-1299-470a-88c3-a10a74f1462d']);

    const cached = await pca.acquireTokenSilent({ account: result.account as AccountInfo, scopes });
    assert.equal(cached.accessToken, result.accessToken, 'a silent call within the lifetime hits the cache');
    const tokenCallsBefore = network.calls.filter((c) => c.method === 'POST').length;
    const refreshed = await pca.acquireTokenSilent({ account: result.account as AccountInfo, scopes, forceRefresh: true });
    assert.notEqual(refreshed.accessToken, result.accessToken);
    assert.equal(network.calls.filter((c) => c.method === 'POST').length, tokenCallsBefore + 1);
    assert.equal(decodeJwt(refreshed.accessToken)!.payload.oid, '48c135b9-ea38-4909-a1dd-0e32cd4846d8');
  });

  it('completes acquireTokenInteractive (form_post to MSAL\'s loopback server) through the consent page', async () => {
    const pca = newClient();
    const result = await pca.acquireTokenInteractive({
      scopes,
      openBrowser: async (url) => {
        const outcome = await completeSignInInBrowser(url, { caPath: fx.sandbox.caPath, userName: 'bob@fabrikam.com' });
        extraEntraRequests += 2; // the authorize page and the consent form post
        assert.match(outcome.deliveredTo, /^http:\/\/localhost:\d+\/?$/);
        assert.equal(outcome.status, 200);
      },
    });
    assert.equal(result.account?.username, 'bob@fabrikam.com');
    assert.equal(decodeJwt(result.accessToken)!.payload.aud, AZURE_DATABRICKS_RESOURCE_ID);
  });

  it('reports an MFA fault on refresh as InteractionRequiredAuthError carrying the claims challenge', async () => {
    fx.sandbox.control.setKnobs({ autoApprove: true });
    const pca = newClient();
    const first = await pca.acquireTokenByDeviceCode({ scopes, deviceCodeCallback: () => undefined });
    fx.sandbox.control.injectFault({ target: 'entra', aadsts: 50076, grantType: 'refresh_token' });
    await assert.rejects(pca.acquireTokenSilent({ account: first!.account!, scopes, forceRefresh: true }), (err: unknown) => {
      assert.ok(err instanceof InteractionRequiredAuthError, String(err));
      assert.equal(err.errorCode, 'interaction_required');
      assert.match(err.errorMessage, /AADSTS50076/);
      assert.match(err.claims, /capolids/);
      return true;
    });
  });

  it('reports a revoked refresh token as bad_token (AADSTS700082)', async () => {
    fx.sandbox.control.setKnobs({ autoApprove: true });
    const pca = newClient();
    const first = await pca.acquireTokenByDeviceCode({ scopes, deviceCodeCallback: () => undefined });
    assert.equal(fx.sandbox.control.revokeRefreshTokens({ userName: 'alice@fabrikam.com' }) > 0, true);
    await assert.rejects(pca.acquireTokenSilent({ account: first!.account!, scopes, forceRefresh: true }), (err: unknown) => {
      assert.ok(err instanceof InteractionRequiredAuthError, String(err));
      assert.equal(err.errorCode, 'invalid_grant');
      assert.equal(err.subError, 'bad_token');
      assert.match(err.errorMessage, /AADSTS700082/);
      return true;
    });
  });
});
