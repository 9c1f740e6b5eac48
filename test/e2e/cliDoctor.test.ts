import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { runCli, sandboxEnv } from './cliRunner';

interface Check {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

/** Each doctor check, proven by planting the failure it must find. */
describe('access-lens doctor against the sandbox, with planted failures', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  async function doctor(extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; checks: Map<string, Check> }> {
    const result = await runCli(['doctor', '--json'], { ...env, ...extra });
    const checks = result.json<{ checks: Check[] }>().checks;
    return { code: result.code, checks: new Map(checks.map((c) => [c.id, c])) };
  }

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'doctor-'));
    env = sandboxEnv(sandbox, { DATABRICKS_CONFIG_FILE: path.join(dir, 'none.cfg'), ACCESS_LENS_AUDIT_FILE: path.join(dir, 'audit.jsonl') });
    const login = await runCli(['login', '--device-code'], env);
    assert.equal(login.code, 0, login.stderr);
  });
  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    sandbox.control.clearFaults();
    sandbox.control.setTokenLifetimes({ entra: 3600, databricks: 3600 });
  });

  it('reports every CONTRACT id, passes what is whole and names the partial SCIM sync of the basic scenario (exit 1)', async () => {
    const { code, checks } = await doctor();
    for (const id of ['signin', 'token', 'scim-user', 'group-sync', 'static-secrets']) assert.ok(checks.has(id), `check ${id}`);
    assert.equal(checks.get('signin')?.status, 'pass');
    assert.equal(checks.get('token')?.status, 'pass');
    assert.match(checks.get('token')?.message ?? '', /accepted the token exchange/);
    assert.equal(checks.get('scim-user')?.status, 'pass');
    assert.equal(checks.get('group-sync')?.status, 'fail');
    assert.match(checks.get('group-sync')?.message ?? '', /Partial SCIM sync: .*"engineers"/);
    assert.equal(code, 1);
    const audit = await fs.readFile(path.join(dir, 'audit.jsonl'), 'utf8');
    assert.match(audit, /"event":"doctor","source":"cli","outcome":"error".*"upn":"alice@fabrikam\.com"/);
  });

  it('finds a personal access token in .databrickscfg and in the environment, masked', async () => {
    const cfg = path.join(dir, 'databrickscfg');
    await fs.writeFile(cfg, `[DEFAULT]\nhost = https://adb-1.2.azuredatabricks.net\ntoken = dapi${'0123456789abcdef'.repeat(2)}\n`);
    const { checks } = await doctor({ DATABRICKS_CONFIG_FILE: cfg, DATABRICKS_CLIENT_SECRET: 'dose-secret-value-1234' });
    const check = checks.get('static-secrets');
    assert.equal(check?.status, 'warn');
    assert.match(check?.message ?? '', /personal access token dapi…cdef in .*databrickscfg \[DEFAULT\] line 3/);
    assert.match(check?.message ?? '', /client secret dose…1234 in environment variable DATABRICKS_CLIENT_SECRET/);
    assert.ok(!(check?.message ?? '').includes('0123456789abcdef0123'), 'never the whole token');
  });

  it('fails the token check when the provider token is about to expire', async () => {
    await runCli(['logout'], env);
    sandbox.control.setTokenLifetimes({ entra: 90, databricks: 90 });
    await runCli(['login', '--device-code'], env);
    const { checks } = await doctor();
    assert.equal(checks.get('token')?.status, 'fail');
    assert.match(checks.get('token')?.message ?? '', /TOKEN_EXPIRED/);
    assert.match(checks.get('scim-user')?.message ?? '', /Not checked/);
    sandbox.control.setTokenLifetimes({ entra: 3600, databricks: 3600 });
    await runCli(['logout'], env);
    await runCli(['login', '--device-code'], env);
  });

  it('fails the token check when the token is for the wrong audience (the exchange is refused)', async () => {
    const { checks } = await doctor({ ACCESS_LENS_SCOPE: 'api://not-databricks/.default' });
    assert.equal(checks.get('token')?.status, 'fail');
    assert.match(checks.get('token')?.message ?? '', /TOKEN_EXCHANGE_FAILED|WRONG_AUDIENCE/);
  });

  it('fails scim-user when the workspace does not know the user', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.0/preview/scim/v2/Me', status: 403, style: 'json-numeric', message: `Invalid access to Org: 1234567890`, times: 'always' });
    const { checks } = await doctor();
    assert.equal(checks.get('scim-user')?.status, 'fail');
    assert.match(checks.get('scim-user')?.message ?? '', /NOT_PROVISIONED|PERMISSION_DENIED/);
  });

  it('fails the keychain check, and says nothing is signed in, when no keychain is reachable', async () => {
    const { code, checks } = await doctor({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    assert.equal(checks.get('keychain')?.status, 'fail');
    assert.equal(checks.get('signin')?.status, 'fail');
    assert.equal(code, 1);
  });
});
