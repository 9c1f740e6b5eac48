import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { AccessLensError } from '../../../src/core/errors';
import { HttpRequest, HttpResponse } from '../../../src/core/net/httpsClient';
import { FORCED_REFRESH_COOLDOWN_MS, SilentTokenSource, TokenBroker } from '../../../src/core/tokens/broker';
import { audiencesFor, resolveTokenMode } from '../../../src/core/config/derived';
import { authorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { MemoryStore, silentLogger } from '../helpers/memoryStore';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const AZURE_HOST = 'https://adb-1.2.azuredatabricks.net';
const AWS_HOST = 'https://dbc-1.cloud.databricks.com';
const T0 = 1_800_000_000_000;

function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
}

class FakeIdentity implements SilentTokenSource {
  calls = 0;
  aud = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';
  lifetime = 3600;
  /** Whether the token carries `iat`, and how many seconds ago it was issued (a token MSAL kept in its cache). */
  withIat = false;
  age = 0;
  constructor(private readonly now: () => number) {}
  async acquireSilent(_account: string, scopes: readonly string[]) {
    this.calls++;
    await new Promise((r) => setTimeout(r, 5));
    const aud = scopes[0]?.startsWith(CLIENT) ? CLIENT : this.aud;
    const iat = Math.floor(this.now() / 1000) - this.age;
    const exp = iat + this.lifetime;
    return { accessToken: jwt({ aud, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, exp, ...(this.withIat ? { iat } : {}) }), expiresOn: new Date(exp * 1000), account: { tenantId: TENANT } };
  }
}

function setup(settings: Record<string, unknown> = {}, exchangeLifetime = 3600) {
  let now = T0;
  const clock = () => now;
  const { config } = resolveConfig([{ source: 'user', values: { tenant: TENANT, clientId: CLIENT, ...settings } }], { workspaceTrusted: true });
  const identity = new FakeIdentity(clock);
  const store = new MemoryStore();
  const exchanges: HttpRequest[] = [];
  const http = async (request: HttpRequest): Promise<HttpResponse> => {
    exchanges.push(request);
    return { status: 200, headers: {}, body: JSON.stringify({ access_token: `dbx-${exchanges.length}`, token_type: 'Bearer', expires_in: exchangeLifetime }) };
  };
  const broker = new TokenBroker({ config, identity, store, http, logger: silentLogger, now: clock });
  const another = () => new TokenBroker({ config, identity, store, http, logger: silentLogger, now: clock });
  return { broker, identity, store, exchanges, another, advance: (ms: number) => (now += ms) };
}

describe('TokenBroker', () => {
  it('picks entra on Azure hosts and federation elsewhere in auto mode', () => {
    const { config } = resolveConfig([], { workspaceTrusted: true });
    assert.equal(resolveTokenMode(config, AZURE_HOST), 'entra');
    assert.equal(resolveTokenMode(config, AWS_HOST), 'federation');
  });

  it('derives the accepted audiences from the scope', () => {
    assert.deepEqual(audiencesFor(`${CLIENT}/.default`), [CLIENT, `api://${CLIENT}`]);
    assert.deepEqual(audiencesFor('api://databricks-federation/.default'), ['api://databricks-federation', 'databricks-federation']);
    assert.deepEqual(audiencesFor('api://x'), ['api://x', 'x']);
  });

  it('makes one request for 20 concurrent callers and serves the cache until the refresh margin', async () => {
    const { broker, identity, advance } = setup();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => broker.getDatabricksToken(AZURE_HOST, 'acct')));
    assert.equal(identity.calls, 1);
    assert.equal(new Set(tokens.map((t) => t.token.reveal())).size, 1);
    assert.equal(tokens[0]?.mode, 'entra');
    advance(3600_000 - 301_000);
    await broker.getDatabricksToken(AZURE_HOST, 'acct');
    assert.equal(identity.calls, 1, 'still 301 s left: cached');
    advance(2_000);
    await broker.getDatabricksToken(AZURE_HOST, 'acct');
    assert.equal(identity.calls, 2, 'inside the 300 s margin: refreshed ahead of expiry');
  });

  it('exchanges the Entra token at <host>/oidc/v1/token in federation mode, per RFC 8693', async () => {
    const { broker, exchanges } = setup();
    const token = await broker.getDatabricksToken(AWS_HOST, 'acct');
    assert.equal(token.mode, 'federation');
    assert.equal(token.token.reveal(), 'dbx-1');
    assert.equal(exchanges[0]?.url, `${AWS_HOST}/oidc/v1/token`);
    const form = new URLSearchParams(exchanges[0]?.body);
    assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:token-exchange');
    assert.equal(form.get('subject_token_type'), 'urn:ietf:params:oauth:token-type:jwt');
    assert.equal(form.get('scope'), 'all-apis');
  });

  it('refuses to send a token to a host that is neither Databricks nor user-configured', async () => {
    const { broker, identity } = setup();
    await assert.rejects(broker.getDatabricksToken('https://evil.example', 'acct'), (e: unknown) => e instanceof AccessLensError && e.code === 'HOST_NOT_ALLOWED');
    assert.equal(identity.calls, 0);
  });

  it('refuses an Entra token with the wrong audience before it is sent anywhere', async () => {
    const { broker, identity, exchanges } = setup({ tokenMode: 'entra' });
    identity.aud = 'api://something-else';
    await assert.rejects(broker.getDatabricksToken(AWS_HOST, 'acct'), (e: unknown) => e instanceof AccessLensError && e.code === 'WRONG_AUDIENCE');
    assert.equal(exchanges.length, 0);
  });

  it('refuses a provider token with less than two minutes left', async () => {
    const { broker, identity } = setup();
    identity.lifetime = 90;
    await assert.rejects(broker.getDatabricksToken(AZURE_HOST, 'acct'), (e: unknown) => e instanceof AccessLensError && e.code === 'TOKEN_EXPIRED');
  });

  it('refuses a long-lived provider token (1 h) that has less than two minutes left', async () => {
    const { broker, identity } = setup();
    identity.withIat = true;
    identity.age = 3600 - 90;
    await assert.rejects(broker.getDatabricksToken(AZURE_HOST, 'acct'), (e: unknown) => e instanceof AccessLensError && e.code === 'TOKEN_EXPIRED');
  });

  it('accepts a freshly issued 45 s token and renews it inside its scaled margin (33 s), not on every call', async () => {
    const { broker, identity, advance } = setup();
    identity.withIat = true;
    identity.lifetime = 45;
    const first = await broker.getDatabricksToken(AZURE_HOST, 'acct');
    assert.equal(first.expiresAt.getTime() - T0, 45_000);
    advance(11_000);
    await broker.getDatabricksToken(AZURE_HOST, 'acct');
    assert.equal(identity.calls, 1, '34 s left: cached');
    advance(2_000);
    await broker.getDatabricksToken(AZURE_HOST, 'acct');
    assert.equal(identity.calls, 2, '32 s left: renewed');
  });

  it('keeps a short-lived exchanged token in the keychain with its lifetime, so another process reuses it', async () => {
    const { broker, another, exchanges, advance } = setup({}, 60);
    await broker.getDatabricksToken(AWS_HOST, 'acct');
    advance(15_000);
    assert.equal((await another().getDatabricksToken(AWS_HOST, 'acct')).token.reveal(), 'dbx-1', '45 s of 60 left: above the 40 s margin');
    advance(10_000);
    assert.equal((await another().getDatabricksToken(AWS_HOST, 'acct')).token.reveal(), 'dbx-2', '35 s left: renewed');
    assert.equal(exchanges.length, 2);
  });

  it('keeps the token in the store, never in plaintext logs, and reuses it from there', async () => {
    const first = setup();
    const token = await first.broker.getDatabricksToken(AZURE_HOST, 'acct');
    assert.equal(String(token.token), '«redacted»');
    assert.equal(JSON.stringify(token).includes(token.token.reveal()), false);
    const [key] = await first.store.keys('');
    assert.match(key ?? '', /^11111111-2222-3333-4444-555555555555\|aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\|databricks\|https:\/\/adb-1\.2\.azuredatabricks\.net\|acct$/);
  });

  describe('after a rejected token (issue 12: a run of 401s is not a run of refreshes)', () => {
    /** The workspace refuses every token; `/oidc/v1/token` still exchanges. */
    function refusingWorkspace() {
      const parts = setup();
      const calls: string[] = [];
      const http = async (request: HttpRequest): Promise<HttpResponse> => {
        const auth = String(request.headers?.authorization ?? '');
        calls.push(auth.replace('Bearer ', ''));
        return { status: 401, headers: {}, body: '{"error_code":"401","message":"Invalid access token."}' };
      };
      return { ...parts, calls, call: authorizedHttp(http, parts.broker, AWS_HOST, 'acct') };
    }

    it('forces one refresh and retries once; a second 401 within 30 s returns the server answer without refreshing', async () => {
      const { call, calls, identity, exchanges, advance } = refusingWorkspace();
      assert.equal((await call({ method: 'GET', path: '/api/2.0/clusters/list' })).status, 401);
      assert.deepEqual(calls, ['dbx-1', 'dbx-2'], 'one retry with a freshly minted token');
      assert.equal(identity.calls, 2, 'one forced identity refresh');
      advance(10_000);
      for (let i = 0; i < 5; i++) assert.equal((await call({ method: 'GET', path: '/api/2.0/clusters/list' })).status, 401);
      assert.equal(identity.calls, 2, 'no further identity refresh inside the cooldown');
      assert.equal(exchanges.length, 2, 'no further exchange either');
      assert.deepEqual(calls.slice(2), ['dbx-2', 'dbx-2', 'dbx-2', 'dbx-2', 'dbx-2'], 'each request sent once, not retried');
      advance(FORCED_REFRESH_COOLDOWN_MS);
      await call({ method: 'GET', path: '/api/2.0/clusters/list' });
      assert.equal(identity.calls, 3, 'after the cooldown a 401 may force a refresh again');
    });

    it('retries with the token another caller refreshed meanwhile, without refreshing again', async () => {
      const { broker, identity } = setup();
      const stale = await broker.getDatabricksToken(AWS_HOST, 'acct');
      const renewed = await broker.tokenAfterRejection(AWS_HOST, 'acct', stale);
      assert.equal(renewed?.token.reveal(), 'dbx-2');
      // Requests that went out with the old token come back 401 afterwards: they get the new one, no refresh.
      const again = await broker.tokenAfterRejection(AWS_HOST, 'acct', stale);
      assert.equal(again?.token.reveal(), 'dbx-2');
      assert.equal(identity.calls, 2);
    });

    it('requests refused together while the forced refresh is under way all retry with its token (ls reads overlap)', async () => {
      const { broker, identity } = setup();
      const stale = await broker.getDatabricksToken(AWS_HOST, 'acct');
      // Our copy of the stale token still looks fresh to us (the workspace's clock moved on): only the forced refresh knows better.
      const renewed = await Promise.all([1, 2, 3].map(() => broker.tokenAfterRejection(AWS_HOST, 'acct', stale)));
      assert.deepEqual(renewed.map((t) => t?.token.reveal()), ['dbx-2', 'dbx-2', 'dbx-2']);
      assert.equal(identity.calls, 2, 'one forced refresh for all three');
    });
  });
});
