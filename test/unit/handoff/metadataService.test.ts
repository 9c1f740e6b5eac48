import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AccessLensError } from '../../../src/core/errors';
import { handoffEnvironment } from '../../../src/core/handoff/handoffEnv';
import { MetadataService } from '../../../src/core/handoff/metadataService';

const HOST = 'https://adb-1.2.azuredatabricks.net';
const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function get(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (d: Buffer) => (text += d.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('metadata service (the Databricks SDKs metadata-service protocol)', () => {
  let service: MetadataService;
  let signedIn = true;
  const now = Date.parse('2026-12-01T12:00:00Z');
  const sdkHeaders = { 'X-Databricks-Metadata-Version': '1', 'X-Databricks-Host': HOST };

  beforeEach(async () => {
    signedIn = true;
    service = await MetadataService.start({
      host: HOST,
      logger: quiet,
      now: () => now,
      tokenFor: async () => {
        if (!signedIn) throw new AccessLensError('SIGN_IN_REQUIRED', 'nobody is signed in');
        return { accessToken: 'tok-1', expiresAt: new Date(now + 3600_000) };
      },
    });
  });
  afterEach(() => service.close());

  it('answers the SDK request with access_token, token_type and expires_on in epoch seconds, at most 15 s ahead', async () => {
    assert.match(service.url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    const { status, body } = await get(service.url, sdkHeaders);
    assert.equal(status, 200);
    assert.deepEqual(body, { access_token: 'tok-1', token_type: 'Bearer', expires_on: now / 1000 + 15 });
  });

  it('refuses another host with a 4xx that names the host it serves', async () => {
    const { status, body } = await get(service.url, { ...sdkHeaders, 'X-Databricks-Host': 'https://evil.cloud.databricks.com' });
    assert.equal(status, 403);
    assert.match(JSON.stringify(body), /handed out for https:\/\/adb-1\.2\.azuredatabricks\.net only/);
  });

  it('accepts the host in another spelling (case, default port)', async () => {
    assert.equal((await get(service.url, { ...sdkHeaders, 'X-Databricks-Host': 'https://ADB-1.2.azuredatabricks.net:443' })).status, 200);
  });

  it('refuses a missing version, other methods and other paths', async () => {
    assert.equal((await get(service.url, { 'X-Databricks-Host': HOST })).status, 400);
    assert.equal((await get(service.url, sdkHeaders, 'POST')).status, 405);
    assert.equal((await get(`${service.url}x`, sdkHeaders)).status, 404);
    assert.equal((await get(service.url.replace(/\/[^/]+$/, '/'), sdkHeaders)).status, 404);
  });

  it('refuses a Host header other than 127.0.0.1 (DNS rebinding)', async () => {
    assert.equal((await get(service.url, { ...sdkHeaders, Host: 'attacker.example:80' })).status, 403);
  });

  it('after sign-out answers 401 (not the 404 the SDKs skip) and says to sign in', async () => {
    signedIn = false;
    const { status, body } = await get(service.url, sdkHeaders);
    assert.equal(status, 401);
    assert.match(JSON.stringify(body), /not signed in.*access-lens login/);
  });

  it('stops answering once closed', async () => {
    const url = service.url;
    await service.close();
    await assert.rejects(get(url, sdkHeaders), /ECONNREFUSED/);
    service = await MetadataService.start({ host: HOST, logger: quiet, tokenFor: async () => ({ accessToken: 'x', expiresAt: new Date() }) });
  });
});

describe('hand-off environment', () => {
  it('removes the secrets (any case) and sets host, auth type and URL', () => {
    const env = handoffEnvironment({ PATH: '/bin', DATABRICKS_TOKEN: 'dapi1', databricks_client_secret: 's', ARM_CLIENT_SECRET: 'a', DATABRICKS_CONFIG_PROFILE: 'p', DATABRICKS_AUTH_TYPE: 'pat', DATABRICKS_HOST: 'https://other' }, HOST, 'http://127.0.0.1:1/x');
    assert.deepEqual(env, { PATH: '/bin', DATABRICKS_HOST: HOST, DATABRICKS_AUTH_TYPE: 'metadata-service', DATABRICKS_METADATA_SERVICE_URL: 'http://127.0.0.1:1/x' });
  });
});
