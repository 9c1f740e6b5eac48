import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import type { Scenario } from '../fakes/scenario';
import { loadScenario } from '../fakes/scenarioLoad';
import { CLI, runCli, sandboxEnv, type CliResult } from './cliRunner';

interface Check {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

/**
 * The basic scenario plus a user the workspace admins left without the
 * workspace-access entitlement: not given to her, and taken away from the
 * built-in `users` group, as admins do to control who may use a workspace.
 */
function scenarioWithPlants(): Scenario {
  const basic = loadScenario('basic');
  return {
    ...basic,
    name: 'basic-doctor',
    users: [...basic.users, { userName: 'erin@fabrikam.com', oid: '5f0c2a4e-8b1d-4c3e-9a7f-2d6b8e4c1a90', displayName: 'Erin Evans', workspaceId: '1000000000000005', entitlements: [] }],
    workspace: { ...basic.workspace, groups: [...(basic.workspace.groups ?? []), { displayName: 'users', externalId: null, entitlements: ['databricks-sql-access'] }] },
  };
}

/**
 * Runs the CLI in a D-Bus session of its own whose gnome-keyring holds a login
 * keyring that is locked, as after a reboot when the login password changed.
 * The CLI's stdout goes to a file: services D-Bus starts print on the session's.
 */
async function runCliWithLockedKeyring(args: string[], env: NodeJS.ProcessEnv, scratch: string): Promise<CliResult> {
  const script = [
    'set -e',
    'echo -n locked-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
    'echo -n v | secret-tool store --label=probe service access-lens-lock-test account probe >/dev/null',
    'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null',
    'exec "$0" "$@" >"$DOCTOR_STDOUT"',
  ].join('\n');
  const stdoutFile = path.join(scratch, 'stdout.json');
  const { DBUS_SESSION_BUS_ADDRESS: _bus, ...rest } = env;
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn('dbus-run-session', ['--', 'bash', '-c', script, process.execPath, CLI, ...args], { env: { ...rest, XDG_DATA_HOME: scratch, DOCTOR_STDOUT: stdoutFile }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? -1, stderr: err }));
  });
  const stdout = await fs.readFile(stdoutFile, 'utf8').catch(() => '');
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** Each doctor check, proven by planting the failure it must find. */
describe('access-lens doctor against the sandbox, with planted failures', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  async function doctor(extra: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<{ code: number; checks: Map<string, Check> }> {
    const result = await runCli(['doctor', '--json', ...args], { ...env, ...extra });
    const checks = result.json<{ checks: Check[] }>().checks;
    return { code: result.code, checks: new Map(checks.map((c) => [c.id, c])) };
  }

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: scenarioWithPlants(), overrides: { autoApprove: true } });
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

  it('fails the token check when the provider issues an hour-long token with less than two minutes left', async () => {
    // A freshly issued short-lived token is fine (its margins scale with its life); a one-hour token
    // that arrives nearly spent is not: here the provider's clock runs 3,500 s behind ours.
    sandbox.control.advanceClock(-3500);
    try {
      const { checks } = await doctor();
      assert.equal(checks.get('token')?.status, 'fail');
      assert.match(checks.get('token')?.message ?? '', /TOKEN_EXPIRED/);
      assert.match(checks.get('scim-user')?.message ?? '', /Not checked/);
    } finally {
      sandbox.control.advanceClock(3500);
    }
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

  it('fails the keychain check when the login keyring is locked', async function () {
    for (const tool of ['dbus-run-session', 'dbus-send', 'secret-tool', 'gnome-keyring-daemon']) if (!(await commandExists(tool))) this.skip();
    const keyringHome = await fs.mkdtemp(path.join(os.tmpdir(), 'doctor-locked-'));
    try {
      const result = await runCliWithLockedKeyring(['doctor', '--json'], env, keyringHome);
      assert.ok(result.stdout, `doctor printed nothing; stderr: ${result.stderr}`);
      const checks = new Map(result.json<{ checks: Check[] }>().checks.map((c) => [c.id, c]));
      assert.equal(checks.get('keychain')?.status, 'fail');
      assert.match(checks.get('keychain')?.message ?? '', /locked/i);
      assert.match(checks.get('keychain')?.fix ?? '', /unlock/i);
      assert.equal(checks.get('signin')?.status, 'fail');
      assert.equal(result.code, 1);
    } finally {
      await fs.rm(keyringHome, { recursive: true, force: true });
    }
  });

  it('fails scim-user when the user lacks the workspace-access entitlement (directly and through every group)', async () => {
    await runCli(['logout'], env);
    sandbox.control.setSignedInUser('erin@fabrikam.com');
    try {
      assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
      const { code, checks } = await doctor();
      assert.equal(checks.get('token')?.status, 'pass');
      assert.equal(checks.get('scim-user')?.status, 'fail');
      assert.match(checks.get('scim-user')?.message ?? '', /erin@fabrikam\.com, but without the workspace-access entitlement/);
      assert.match(checks.get('scim-user')?.fix ?? '', /workspace admin to grant workspace-access/);
      assert.equal(code, 1);
    } finally {
      await runCli(['logout'], env);
      sandbox.control.setSignedInUser('alice@fabrikam.com');
      await runCli(['login', '--device-code'], env);
    }
  });

  it('fails the network check when the workspace\'s TLS certificate is not trusted (no NODE_EXTRA_CA_CERTS)', async () => {
    const { checks } = await doctor({ NODE_EXTRA_CA_CERTS: '' });
    assert.equal(checks.get('token')?.status, 'fail');
    assert.equal(checks.get('network')?.status, 'fail');
    assert.match(checks.get('network')?.message ?? '', /Could not reach 127\.0\.0\.1:\d+ .*TLS certificate is not trusted/);
    assert.match(checks.get('network')?.fix ?? '', /NODE_EXTRA_CA_CERTS/);
  });

  it('fails the network check when the workspace cannot be reached', async () => {
    const { checks } = await doctor({ DATABRICKS_HOST: 'https://127.0.0.1:9' });
    assert.equal(checks.get('token')?.status, 'fail');
    assert.equal(checks.get('network')?.status, 'fail');
    assert.match(checks.get('network')?.message ?? '', /Could not reach 127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it('warns on host-allowlist for a host outside the Databricks domains (the sandbox\'s 127.0.0.1)', async () => {
    const { checks } = await doctor();
    assert.equal(checks.get('host-allowlist')?.status, 'warn');
    assert.match(checks.get('host-allowlist')?.message ?? '', /127\.0\.0\.1.* is not a Databricks domain/);
  });

  describe('--run-job: a run under your identity, read back from the workspace', () => {
    const runJob = (id: string) => doctor({}, ['--run-job', id]);

    it('passes on a job that runs as you: started by you, ran as you, SUCCESS', async () => {
      const since = sandbox.control.requestLog().at(-1)?.seq ?? 0;
      const { checks } = await runJob('3004');
      const check = checks.get('run-job');
      assert.equal(check?.status, 'pass', check?.message);
      assert.match(check?.message ?? '', /^Run \d+ of job "alice-smoke-test" \(3004\) was started by you \(alice@fabrikam\.com\) and ran as alice@fabrikam\.com; it finished SUCCESS/);
      const paths = sandbox.control.requestLog(since).map((r) => `${r.method} ${r.path}`);
      assert.ok(paths.includes('POST /api/2.2/jobs/run-now'));
      assert.ok(paths.includes('GET /api/2.2/jobs/runs/get'));
    });

    it('fails, and starts nothing, on a job that runs as a service principal', async () => {
      const since = sandbox.control.requestLog().at(-1)?.seq ?? 0;
      const { code, checks } = await runJob('3005');
      const check = checks.get('run-job');
      assert.equal(check?.status, 'fail');
      assert.match(check?.message ?? '', /runs as the service principal etl-sp \(9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10\), not as you \(alice@fabrikam\.com\).*No run was started/);
      assert.match(check?.fix ?? '', /"Run as" to you/);
      assert.equal(code, 1);
      assert.ok(!sandbox.control.requestLog(since).some((r) => r.path === '/api/2.2/jobs/run-now'), 'no run-now');
    });

    it('fails on a job that runs as another user', async () => {
      const { checks } = await runJob('3002');
      assert.equal(checks.get('run-job')?.status, 'fail');
      assert.match(checks.get('run-job')?.message ?? '', /runs as bob@fabrikam\.com, not as you/);
    });

    it('fails with the grant to ask for when you may view but not run the job (no CAN_MANAGE_RUN)', async () => {
      const { checks } = await runJob('3006');
      const check = checks.get('run-job');
      assert.equal(check?.status, 'fail');
      assert.match(check?.message ?? '', /You may not run job "team-dashboard-refresh" \(3006\): the workspace refused run-now .*PERMISSION_DENIED/);
      assert.match(check?.fix ?? '', /CAN_MANAGE_RUN.*access-lens why job 3006 run/);
    });

    it('is a usage error (exit 2) for an id that is not a number, or with another command', async () => {
      const bad = await runCli(['doctor', '--json', '--run-job', 'nightly'], env);
      assert.equal(bad.code, 2);
      assert.match(bad.json<{ error: { message: string } }>().error.message, /--run-job needs the numeric id of a job/);
      assert.equal((await runCli(['whoami', '--run-job', '3004'], env)).code, 2);
      assert.equal((await runCli(['doctor', '--run-job'], env)).code, 2);
    });
  });
});

function commandExists(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    child.on('close', (code) => resolve(code === 0));
    child.on('error', () => resolve(false));
  });
}
