// The setup several CLI e2e files share: a sandbox, one device-code sign-in
// through the real CLI before the tests, and a sign-out and stop after them.
import * as assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import type { Scenario } from '../fakes/scenario';
import { runCli, sandboxEnv } from './cliRunner';

/**
 * Registers mocha's before/after hooks in the calling describe: starts the sandbox with `scenario`,
 * signs in (`login --device-code`; the sandbox approves it) and hands the sandbox and the CLI's
 * environment to `ready`. Skips the describe without the private keyring (scripts/with-keyring.sh),
 * since the CLI keeps its tokens in the OS keychain. The audit trail goes to /dev/null.
 */
export function signedInSandbox(scenario: string | Scenario, ready: (sandbox: Sandbox, env: NodeJS.ProcessEnv) => void): void {
  let sandbox: Sandbox | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario, overrides: { autoApprove: true } });
    env = sandboxEnv(sandbox, { ACCESS_LENS_AUDIT_FILE: '/dev/null' });
    ready(sandbox, env);
    const login = await runCli(['login', '--device-code'], env);
    assert.equal(login.code, 0, login.stderr);
  });
  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
  });
}
