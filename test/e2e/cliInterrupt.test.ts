import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { CLI, runCli, sandboxEnv } from './cliRunner';

interface Interrupted {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** From the SIGINT to the process's end. */
  readonly afterSigintMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the CLI, sends one SIGINT after `delayMs` (the command is then waiting on the slow sandbox), and waits for the end. */
function interruptCli(args: string[], env: NodeJS.ProcessEnv, delayMs: number): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('');
    const sigint = setTimeout(() => {
      sentAt = Date.now();
      child.kill('SIGINT');
    }, delayMs);
    // Past this the first Ctrl-C was ignored: end it so that the test fails instead of hanging.
    const guard = setTimeout(() => child.kill('SIGKILL'), delayMs + 8_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(sigint);
      clearTimeout(guard);
      resolve({ code, signal, afterSigintMs: sentAt ? Date.now() - sentAt : -1, stdout, stderr });
    });
  });
}

function assertEndedByFirstCtrlC(result: Interrupted): void {
  assert.ok(result.afterSigintMs >= 0, `the command ended before the SIGINT was sent (exit ${result.code}): ${result.stderr}`);
  assert.equal(result.code, 130, `exit ${result.code} (signal ${result.signal}) ${result.afterSigintMs} ms after the SIGINT; stderr: ${result.stderr}`);
  assert.ok(result.afterSigintMs < 2_000, `ended ${result.afterSigintMs} ms after the SIGINT`);
  assert.match(result.stderr, /Interrupted \(Ctrl-C\)/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

/** Issue 12: the first Ctrl-C ends ls, why and token while they wait on the network. */
describe('access-lens ends at the first Ctrl-C', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    // Tokens that live less than the 2 minutes `token` guarantees: `token` then always goes to the identity provider.
    sandbox = await startSandbox({ scenario: 'demo', overrides: { autoApprove: true, tokenLifetimeSec: { entra: 100, databricks: 100 } } });
    env = sandboxEnv(sandbox, { ACCESS_LENS_AUDIT_FILE: '/dev/null' });
    const login = await runCli(['login', '--device-code'], env);
    assert.equal(login.code, 0, login.stderr);
    // Every request of both servers now takes 15 s: whatever the command does after start-up is in flight.
    sandbox.control.setKnobs({ latencyMs: 15_000 });
  });
  after(async () => {
    sandbox?.control.setKnobs({ latencyMs: 0 });
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
  });

  it('ls clusters exits 130 within 2 s of one SIGINT', async () => {
    assertEndedByFirstCtrlC(await interruptCli(['ls', 'clusters'], env, 2_000));
  });

  it('why exits 130 within 2 s of one SIGINT, with --json an error document', async () => {
    const result = await interruptCli(['why', 'cluster', '0412-093011-gpu7x4k2', 'attach', '--json'], env, 2_000);
    assertEndedByFirstCtrlC(result);
    assert.equal((JSON.parse(result.stdout) as { error: { code: string } }).error.code, 'INTERRUPTED');
  });

  it('token exits 130 within 2 s of one SIGINT while the token endpoint is slow', async () => {
    const result = await interruptCli(['token'], env, 2_000);
    assertEndedByFirstCtrlC(result);
    assert.equal(result.stdout, '', 'no token printed');
  });
});
