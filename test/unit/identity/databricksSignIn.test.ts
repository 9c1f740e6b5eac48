import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as net from 'node:net';
import { resolveConfig } from '../../../src/core/config';
import { AccessLensError } from '../../../src/core/errors';
import { accountEndpoints, authorizeUrl, newPkce, oauthErrorOf, parseAuthorizationServer, parseTokenAnswer } from '../../../src/core/identity/databricksOAuth';
import { IdentityError } from '../../../src/core/identity/identityError';
import { resolveIdpGroups } from '../../../src/core/identity/idpGroups';
import { findPortHolder, portTakenMessage } from '../../../src/core/identity/portHolder';
import { TokenBroker } from '../../../src/core/tokens/broker';
import { identityScopes, resolveTokenMode, storeNamespace } from '../../../src/core/config/derived';
import { MemoryStore, silentLogger } from '../helpers/memoryStore';

const HOST = 'https://dbc-1.cloud.databricks.com';
const OTHER = 'https://dbc-2.cloud.databricks.com';
const NOW = 1_800_000_000_000;

function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
}

function databricksConfig(values: Record<string, unknown> = {}) {
  return resolveConfig([{ source: 'flag', values: { host: HOST, identityProvider: 'databricks', ...values } }], { workspaceTrusted: true });
}

describe('--idp databricks: the workspace OAuth (pure parts)', () => {
  it('takes the two endpoints of the discovery document only on the workspace origin', () => {
    const server = parseAuthorizationServer(HOST, { authorization_endpoint: `${HOST}/oidc/v1/authorize`, token_endpoint: `${HOST}/oidc/v1/token` });
    assert.deepEqual(server, { authorizationEndpoint: `${HOST}/oidc/v1/authorize`, tokenEndpoint: `${HOST}/oidc/v1/token` });
    assert.throws(() => parseAuthorizationServer(HOST, { authorization_endpoint: `${HOST}/oidc/v1/authorize`, token_endpoint: 'https://evil.example/token' }), (e: IdentityError) => /token_endpoint "https:\/\/evil.example\/token", which is not on the workspace/.test(e.message));
    assert.throws(() => parseAuthorizationServer(HOST, {}), IdentityError);
  });

  it('builds the account console endpoints without discovery', () => {
    assert.deepEqual(accountEndpoints('https://accounts.cloud.databricks.com', 'abc-123'), {
      authorizationEndpoint: 'https://accounts.cloud.databricks.com/oidc/accounts/abc-123/v1/authorize',
      tokenEndpoint: 'https://accounts.cloud.databricks.com/oidc/accounts/abc-123/v1/token',
    });
  });

  it('asks with PKCE S256, state, the client and the scopes', () => {
    const pkce = newPkce();
    assert.equal(pkce.challenge, createHash('sha256').update(pkce.verifier).digest('base64url'));
    assert.equal(Buffer.from(pkce.verifier, 'base64url').length, 64);
    const url = new URL(authorizeUrl({ authorizationEndpoint: `${HOST}/oidc/v1/authorize`, tokenEndpoint: '' }, { clientId: 'databricks-cli', redirectUri: 'http://localhost:8020', scopes: ['all-apis', 'offline_access'], pkce }));
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      response_type: 'code',
      client_id: 'databricks-cli',
      redirect_uri: 'http://localhost:8020',
      scope: 'all-apis offline_access',
      state: pkce.state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
  });

  it('checks the token answer: lifetime, bearer type, a JWT issuer of the workspace, and keeps the redeemed refresh token when none comes back', () => {
    const opaque = parseTokenAnswer(HOST, { access_token: 'abc', token_type: 'Bearer', expires_in: 3600, refresh_token: 'r2' }, NOW, 'r1');
    assert.equal(opaque.expiresAt.getTime(), NOW + 3600_000);
    assert.equal(opaque.refreshToken, 'r2');
    assert.equal(parseTokenAnswer(HOST, { access_token: 'abc', expires_in: 60 }, NOW, 'r1').refreshToken, 'r1');
    const own = jwt({ iss: `${HOST}/oidc`, exp: NOW / 1000 + 600 });
    assert.equal(parseTokenAnswer(HOST, { access_token: own, expires_in: 3600 }, NOW).expiresAt.getTime(), NOW + 600_000, "the JWT's exp counts");
    assert.throws(() => parseTokenAnswer(HOST, { access_token: jwt({ iss: `${OTHER}/oidc`, exp: NOW / 1000 + 600 }), expires_in: 3600 }, NOW), /issued by "https:\/\/dbc-2\.cloud\.databricks\.com\/oidc" instead of https:\/\/dbc-1/);
    assert.throws(() => parseTokenAnswer(HOST, { access_token: 'abc' }, NOW), /without a lifetime/);
    assert.throws(() => parseTokenAnswer(HOST, { access_token: 'abc', expires_in: 60, token_type: 'mac' }, NOW), /type mac instead of Bearer/);
    assert.throws(() => parseTokenAnswer(HOST, { access_token: jwt({ iss: `${HOST}/oidc`, exp: NOW / 1000 - 1 }), expires_in: 60 }, NOW), /already expired/);
  });

  it('turns a refused refresh token into "sign in again", interaction required', () => {
    const error = oauthErrorOf(HOST, 400, { error: 'invalid_grant', error_description: 'Refresh token is invalid' });
    assert.equal(error.code, 'SIGN_IN_REQUIRED');
    assert.equal(error.interactionRequired, true);
    assert.match(error.message, /Sign in again: access-lens login --idp databricks/);
  });

  it('resolves the configuration: databricks-cli by default, token mode databricks, per-host keychain namespace, a redirect port', () => {
    const { config, problems } = databricksConfig({ tokenMode: 'federation', redirectPort: '8123' });
    assert.equal(resolveTokenMode(config, HOST), 'databricks');
    assert.deepEqual(identityScopes(config, 'databricks'), ['all-apis', 'offline_access']);
    assert.deepEqual(storeNamespace(config), { tenant: HOST, clientId: 'databricks-cli' });
    assert.equal(config.redirectPort, 8123);
    assert.match(problems.map((p) => p.message).join('\n'), /"federation" is ignored with --idp databricks/);
    assert.equal(storeNamespace(databricksConfig({ clientId: 'my-app' }).config).clientId, 'my-app', 'a non-GUID client id is accepted');
    assert.match(databricksConfig({ redirectPort: '80' }).problems[0]?.message ?? '', /port from 1024 to 65535/);
  });

  it('sends the workspace token to the workspace that issued it only', async () => {
    const { config } = databricksConfig();
    const identity = { acquireSilent: async () => ({ accessToken: 'opaque-token', expiresOn: new Date(NOW + 3600_000), account: { tenantId: HOST } }) };
    const broker = new TokenBroker({ config: { ...config, trustedHosts: [] }, identity, store: new MemoryStore(), http: async () => ({ status: 500, headers: {}, body: '' }), logger: silentLogger, now: () => NOW });
    const token = await broker.getDatabricksToken(HOST, 'acc');
    assert.equal(token.token.reveal(), 'opaque-token');
    assert.equal(token.mode, 'databricks');
    await assert.rejects(broker.getDatabricksToken(OTHER, 'acc'), (e: AccessLensError) => e.code === 'HOST_NOT_ALLOWED' && /never sent to https:\/\/dbc-2/.test(e.message) && /login --idp databricks --host https:\/\/dbc-2/.test(e.message));
  });

  it('says the identity provider groups are unknown, and how to see them, instead of an empty list', async () => {
    const groups = await resolveIdpGroups({ provider: 'databricks', groupsClaim: 'groups', accessToken: 'opaque' });
    assert.equal(groups.state, 'unknown');
    assert.match(groups.state === 'unknown' ? groups.reason : '', /cannot see your identity provider's groups/);
    assert.match(groups.state === 'unknown' ? groups.howToEnable : '', /--idp entra .* --idp oidc/);
  });

  it('names the process holding a taken port (Linux /proc) and what to do', async function () {
    if (process.platform !== 'linux') this.skip();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const holder = findPortHolder(port);
      assert.equal(holder?.pid, process.pid);
      assert.match(portTakenMessage(port, holder), new RegExp(`needs port ${port} .*process ${process.pid} \\(.*node`));
    } finally {
      server.close();
    }
    assert.match(portTakenMessage(8020, undefined, 'darwin'), /lsof -nP -iTCP:8020 -sTCP:LISTEN/);
  });
});
