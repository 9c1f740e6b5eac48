import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { inferAzureTenant, tenantFromLoginRedirect, withInferredTenant } from '../../../src/core/identity/azureTenant';
import type { HttpResponse, HttpsClient } from '../../../src/core/net/httpsClient';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const HOST = 'https://adb-123.4.azuredatabricks.net';

function answering(response: HttpResponse, seen: string[] = []): HttpsClient {
  return async (request) => {
    seen.push(`${request.method} ${request.url}`);
    return response;
  };
}

describe('Azure tenant inference (GET <host>/aad/auth, as the Databricks SDKs)', () => {
  describe('tenantFromLoginRedirect', () => {
    it('reads the tenant id from the authorize URL of every cloud', () => {
      assert.equal(tenantFromLoginRedirect(`https://login.microsoftonline.com/${TENANT}/oauth2/authorize?client_id=x`), TENANT);
      assert.equal(tenantFromLoginRedirect(`https://login.microsoftonline.us/${TENANT.toUpperCase()}/oauth2/authorize`), TENANT);
      assert.equal(tenantFromLoginRedirect('https://login.chinacloudapi.cn/contoso.onmicrosoft.com/oauth2/authorize'), 'contoso.onmicrosoft.com');
    });

    it('names no tenant for the multi-tenant endpoints, a relative or non-https URL, or a path that is no tenant', () => {
      for (const location of [
        'https://login.microsoftonline.com/common/oauth2/authorize',
        'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize',
        'https://login.microsoftonline.com/',
        '/login.html',
        `http://login.microsoftonline.com/${TENANT}/oauth2/authorize`,
        'https://login.microsoftonline.com/oauth2/authorize',
      ]) {
        assert.equal(tenantFromLoginRedirect(location), undefined, location);
      }
    });
  });

  it('asks GET <host>/aad/auth and reads the redirect', async () => {
    const seen: string[] = [];
    const result = await inferAzureTenant(answering({ status: 302, headers: { location: `https://login.microsoftonline.com/${TENANT}/oauth2/authorize` }, body: '' }, seen), HOST);
    assert.deepEqual(result, { tenant: TENANT });
    assert.deepEqual(seen, [`GET ${HOST}/aad/auth`]);
  });

  it('answers unknown with the reason for a non-redirect, a missing Location and a network failure', async () => {
    const ok = await inferAzureTenant(answering({ status: 200, headers: {}, body: '<html>' }), HOST);
    assert.match('unknown' in ok ? ok.unknown : '', /answered 200/);
    const bare = await inferAzureTenant(answering({ status: 302, headers: {}, body: '' }), HOST);
    assert.match('unknown' in bare ? bare.unknown : '', /without a Location/);
    const down = await inferAzureTenant(async () => { throw new Error('ECONNREFUSED'); }, HOST);
    assert.match('unknown' in down ? down.unknown : '', /ECONNREFUSED/);
  });

  describe('withInferredTenant', () => {
    const redirect = answering({ status: 302, headers: { location: `https://login.microsoftonline.com/${TENANT}/oauth2/authorize` }, body: '' });
    const configOf = (values: Record<string, unknown>) => resolveConfig([{ source: 'user', values: { workspaces: [{ host: HOST }], ...values } }], { workspaceTrusted: true }).config;

    it('uses the workspace tenant when no tenant is set and the host takes Entra tokens', async () => {
      const { config, note } = await withInferredTenant(configOf({}), redirect, () => true);
      assert.equal(config.tenant, TENANT);
      assert.match(note ?? '', /aad\/auth/);
    });

    it('keeps a tenant the user set, even "organizations", and asks nothing', async () => {
      const seen: string[] = [];
      const { config } = await withInferredTenant(configOf({ tenant: 'organizations' }), answering({ status: 302, headers: {}, body: '' }, seen), () => true);
      assert.equal(config.tenant, 'organizations');
      assert.deepEqual(seen, []);
    });

    it('asks nothing for a host that does not take Entra tokens (federation)', async () => {
      const seen: string[] = [];
      await withInferredTenant(configOf({}), answering({ status: 302, headers: {}, body: '' }, seen), () => false);
      assert.deepEqual(seen, []);
    });

    it('keeps the default and says how to set the tenant when the workspace does not say', async () => {
      const { config, note } = await withInferredTenant(configOf({}), answering({ status: 404, headers: {}, body: '' }), () => true);
      assert.equal(config.tenant, 'organizations');
      assert.match(note ?? '', /accessLens\.tenant/);
    });
  });
});
