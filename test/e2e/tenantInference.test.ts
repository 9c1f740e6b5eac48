import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inferAzureTenant } from '../../src/core/identity/azureTenant';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { runCli, sandboxEnv } from './cliRunner';

/** Keychain accounts (keys) the CLI stored under a tenant's namespace, as secret-tool sees them. */
function keychainAccounts(tenant: string): string[] {
  const result = spawnSync('secret-tool', ['search', '--all', 'service', 'access-lens'], { encoding: 'utf8', timeout: 15_000 });
  return [...`${result.stdout}\n${result.stderr}`.matchAll(/attribute\.account = (.*)/g)].map((m) => m[1] ?? '').filter((a) => a.startsWith(`${tenant.toLowerCase()}|`));
}

describe('tenant inference against the sandbox workspace (GET <host>/aad/auth, real HTTPS)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
    // No tenant anywhere: the workspace must name it. Entra tokens as the bearer, as on Azure Databricks.
    env = sandboxEnv(sandbox, { ACCESS_LENS_TOKEN_MODE: 'entra' });
    delete env.ACCESS_LENS_TENANT;
  });
  after(async () => {
    if (env && process.env.ACCESS_LENS_PRIVATE_KEYRING === '1') await runCli(['logout'], env);
    await sandbox?.stop();
  });

  it("reads the workspace's tenant from the redirect of /aad/auth", async () => {
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.caPath, 'utf8')], env: {} });
    assert.deepEqual(await inferAzureTenant(http, sandbox.workspaceHost), { tenant: sandbox.tenantId.toLowerCase() });
  });

  it('login without a tenant signs in to the workspace tenant, not "organizations"', async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    const result = await runCli(['login', '--device-code', '--json', '--verbose'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<{ account: { tenantId: string } }>().account.tenantId, sandbox.tenantId);
    assert.ok(sandbox.requestLog.some((r) => r.path === '/aad/auth'), 'asked the workspace for its tenant');
    assert.match(result.stderr, /signs in with tenant/);
    // The MSAL authority and the keychain namespace are the tenant's, as if --tenant had named it.
    assert.ok(sandbox.requestLog.some((r) => r.server === 'entra' && r.path.startsWith(`/${sandbox.tenantId}/`)), 'signed in at <authority>/<tenant>');
    assert.ok(keychainAccounts(sandbox.tenantId).length > 0, 'keychain items under the tenant');
    assert.deepEqual(keychainAccounts('organizations'), []);
  });
});
