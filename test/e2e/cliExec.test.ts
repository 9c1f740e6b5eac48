// `access-lens exec` with a client no one here wrote: the real @databricks/sdk-experimental
// WorkspaceClient, configured by nothing but the environment exec hands it (metadata-service auth).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { sdkClientScript, type SdkListing } from '../fakes/sdkClientScript';
import { CLI, runCli, sandboxEnv } from './cliRunner';

const SDK = path.resolve(__dirname, '../../../node_modules/@databricks/sdk-experimental');


describe('access-lens exec hands the sign-in to the real Databricks SDK (metadata-service)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let script: string;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-exec-'));
    // A profile that exists (access-lens itself reads DATABRICKS_CONFIG_PROFILE) and holds a token, which
    // neither access-lens nor CMD may see: exec removes the profile from CMD's environment.
    const cfg = path.join(dir, 'databrickscfg');
    fs.writeFileSync(cfg, `[sandbox]\nhost = ${sandbox.workspaceHost}\ntoken = dapi0123456789abcdef0123456789abcdef\n`);
    env = sandboxEnv(sandbox, { DATABRICKS_TOKEN: 'dapi0123456789abcdef0123456789abcdef', ARM_CLIENT_SECRET: 'arm-secret', DATABRICKS_CONFIG_PROFILE: 'sandbox', DATABRICKS_CONFIG_FILE: cfg });
    script = path.join(dir, 'sdk.js');
    fs.writeFileSync(script, sdkClientScript(SDK));
  });
  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to run CMD when nobody is signed in (exit 3, says to log in)', async () => {
    const result = await runCli(['exec', '--', process.execPath, '-e', 'process.exit(0)'], env);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /not signed in.*access-lens login/);
  });

  it('passes the exit code through, removes the secrets and sets the hand-off variables', async () => {
    assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
    const show = `const e = process.env; console.log(JSON.stringify({ host: e.DATABRICKS_HOST, type: e.DATABRICKS_AUTH_TYPE, url: e.DATABRICKS_METADATA_SERVICE_URL, token: e.DATABRICKS_TOKEN ?? null, arm: e.ARM_CLIENT_SECRET ?? null, profile: e.DATABRICKS_CONFIG_PROFILE ?? null })); process.exit(7);`;
    const result = await runCli(['exec', '--', process.execPath, '-e', show], env);
    assert.equal(result.code, 7, result.stderr);
    const seen = JSON.parse(result.stdout) as Record<string, string | null>;
    assert.equal(seen.host, sandbox.workspaceHost);
    assert.equal(seen.type, 'metadata-service');
    assert.match(seen.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    assert.deepEqual([seen.token, seen.arm, seen.profile], [null, null, null]);
  });

  it('says clearly when CMD does not exist (exit 127)', async () => {
    const result = await runCli(['exec', '--', 'no-such-command-access-lens'], env);
    assert.equal(result.code, 127);
    assert.match(result.stderr, /"no-such-command-access-lens" was not found on PATH/);
  });

  it('forwards a SIGINT to CMD and reports its death by signal as 128+n', async () => {
    const child = spawn(process.execPath, [CLI, 'exec', '--', process.execPath, '-e', 'console.log("ready"); setInterval(() => {}, 1000);'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    assert.match(first.toString(), /ready/);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 130);
  });

  it('the SDK lists clusters, keeps working across a token refresh, and fails cleanly after logout', async () => {
    // Tokens of 8 s: the broker renews them after about 2 s, the sandbox refuses them after 8 s.
    sandbox.control.setTokenLifetimes({ databricks: 8 });
    assert.equal((await runCli(['logout'], env)).code, 0);
    assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
    const child = spawn(process.execPath, [CLI, 'exec', '--', process.execPath, script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const answers = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const ask = async (): Promise<SdkListing> => {
      child.stdin.write('list\n');
      const next = await answers.next();
      assert.ok(!next.done, `the script ended early: ${stderr}`);
      return JSON.parse(next.value) as SdkListing;
    };
    const exchanges = (): number => sandbox.requestLog.filter((r) => r.path === '/oidc/v1/token').length;
    try {
      const first = await ask();
      assert.ok(first.ok, `first list: ${first.error}`);
      assert.ok((first.names ?? []).length > 0);
      const before = exchanges();
      await new Promise((r) => setTimeout(r, 9_000));
      const second = await ask();
      assert.ok(second.ok, `after the first token expired: ${second.error} ${stderr}`);
      assert.deepEqual(second.names, first.names);
      assert.ok(exchanges() > before, 'a new Databricks token was minted');

      assert.equal((await runCli(['logout'], env)).code, 0);
      const third = await ask();
      assert.equal(third.ok, false, 'no token after logout');
      // The JS SDK reports any non-404 refusal as its own configuration error (Go prints our body).
      assert.match(third.error ?? '', /token parse: invalid token.*auth_type=metadata-service/);
      child.stdin.end();
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0, stderr);
    } finally {
      sandbox.control.setTokenLifetimes({ databricks: 3600 });
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
