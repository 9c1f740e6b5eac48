import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { runCli, sandboxEnv, type CliResult } from './cliRunner';

const PAT = `dapi${'5e'.repeat(16)}`;
const CLIENT_SECRET = 'dose-profile-secret-0123456789';

/** The secret values appear nowhere in what the program printed. */
function assertNoSecret(result: CliResult): void {
  for (const secret of [PAT, CLIENT_SECRET, PAT.slice(4, 20), CLIENT_SECRET.slice(5, 20)]) {
    assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), `a secret was printed:\n${result.stdout}\n${result.stderr}`);
  }
}

describe('access-lens profiles and --profile, with a Databricks configuration file (real HTTPS, real keychain)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let scratch: string;
  let cfgFile: string;
  /** The sandbox environment without DATABRICKS_HOST or a tenant: the profile gives both. */
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'access-lens-profiles-'));
    cfgFile = path.join(scratch, 'databrickscfg');
    await fs.writeFile(
      cfgFile,
      [
        '; written by the test',
        '[DEFAULT]',
        'host = https://adb-1111111111111111.1.azuredatabricks.net',
        '',
        '[sandbox]',
        `host = ${sandbox.workspaceHost}`,
        `azure_tenant_id = ${sandbox.tenantId}`,
        `token = ${PAT}`,
        '',
        '[ci-sp]',
        'host = https://dbc-12345678-9abc.cloud.databricks.com',
        'client_id = 0b5e7d4c-0000-4000-8000-000000000001',
        `client_secret = ${CLIENT_SECRET}`,
        'account_id = 6f1e0c3a-0000-4000-8000-000000000002',
        '',
      ].join('\r\n'),
    );
    const { DATABRICKS_HOST: _host, ACCESS_LENS_TENANT: _tenant, ...rest } = sandboxEnv(sandbox);
    env = { ...rest, DATABRICKS_CONFIG_FILE: cfgFile, DATABRICKS_CONFIG_PROFILE: '' };
  });
  after(async () => {
    if (env) await runCli(['logout', '--profile', 'sandbox'], env);
    await sandbox?.stop();
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  it('profiles --json lists every profile with its host and auth type, flags the secrets and never prints them', async () => {
    const result = await runCli(['profiles', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assertNoSecret(result);
    const doc = result.json<{ file: string; profiles: { name: string; host: string | null; authType: string | null; hasSecret: boolean; accountId: string | null }[] }>();
    assert.equal(doc.file, cfgFile);
    assert.deepEqual(
      doc.profiles.map((p) => [p.name, p.host, p.authType, p.hasSecret]),
      [
        ['DEFAULT', 'https://adb-1111111111111111.1.azuredatabricks.net', null, false],
        ['sandbox', sandbox.workspaceHost, 'pat', true],
        ['ci-sp', 'https://dbc-12345678-9abc.cloud.databricks.com', 'oauth-m2m', true],
      ],
    );
    assert.equal(doc.profiles[2]?.accountId, '6f1e0c3a-0000-4000-8000-000000000002');
  });

  it('profiles in text marks the profiles that keep a secret and says what to do, without the value', async () => {
    const result = await runCli(['profiles'], env);
    assert.equal(result.code, 0, result.stderr);
    assertNoSecret(result);
    assert.match(result.stdout, /^! sandbox/m);
    assert.match(result.stdout, /never uses it/);
    assert.match(result.stdout, /revoke the token/);
  });

  it('--profile gives the host and tenant: login and whoami sign in to the profile\'s workspace, never with its token', async () => {
    const login = await runCli(['login', '--device-code', '--json', '--profile', 'sandbox'], env);
    assert.equal(login.code, 0, login.stderr);
    assertNoSecret(login);
    assert.equal(login.json<{ databricks: { host: string }; account: { tenantId: string } }>().databricks.host, sandbox.workspaceHost);
    const whoami = await runCli(['whoami', '--json'], { ...env, DATABRICKS_CONFIG_PROFILE: 'sandbox' });
    assert.equal(whoami.code, 0, whoami.stderr);
    assertNoSecret(whoami);
    assert.equal(whoami.json<{ databricks: { host: string } }>().databricks.host, sandbox.workspaceHost);
  });

  it('a flag or DATABRICKS_HOST still wins over the profile', async () => {
    const result = await runCli(['whoami', '--json', '--profile', 'ci-sp', '--host', sandbox.workspaceHost, '--tenant', sandbox.tenantId], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<{ databricks: { host: string } }>().databricks.host, sandbox.workspaceHost);
  });

  it('a profile that is not there is a usage error (exit 2) naming the profiles there are', async () => {
    const result = await runCli(['whoami', '--json', '--profile', 'Sandbox'], env);
    assert.equal(result.code, 2);
    const error = result.json<{ error: { code: string; message: string } }>().error;
    assert.equal(error.code, 'CONFIG');
    assert.match(error.message, /has no profile "Sandbox"\. Its profiles: DEFAULT, sandbox, ci-sp\./);
    const noFile = await runCli(['whoami', '--profile', 'sandbox'], { ...env, DATABRICKS_CONFIG_FILE: path.join(scratch, 'absent') });
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /absent does not exist/);
  });
});
