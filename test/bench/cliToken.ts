/**
 * `access-lens token` as a credential helper (issue 17: warm, within 1.5× a bare `node -e 0`):
 * the medians of N runs of `node -e 0`, of `node dist/cli.js token` (the small entry and its one
 * keychain call) and of the full CLI's `token` (`dist/cliMain.js`'s runFullCli, what every call cost
 * before), all against a signed-in sandbox with a valid token, in one run. Needs the production
 * bundles (npm run bench builds them) and the private keyring (scripts/with-keyring.sh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../fakes/sandbox';
import { runCli, sandboxEnv } from '../e2e/cliRunner';
import { median } from './median';

const DIST = path.resolve(__dirname, '../../../dist');

/** Milliseconds of each run of `node args…`; fails on a non-zero exit. */
function timeRuns(args: string[], env: NodeJS.ProcessEnv, runs: number, expectOutput = true): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
    if (expectOutput && result.stdout.trim() === '') throw new Error(`node ${args.join(' ')} printed no token`);
  }
  return times;
}

export async function benchCliToken(runs = 21): Promise<void> {
  if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') {
    console.log('cli-token   skipped: needs the private keyring (bash scripts/with-keyring.sh npm run bench)');
    return;
  }
  if (!existsSync(path.join(DIST, 'cliMain.js'))) {
    console.log('cli-token   skipped: no dist/cliMain.js (node scripts/build.mjs --production)');
    return;
  }
  const sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
  const env = sandboxEnv(sandbox, { ACCESS_LENS_AUDIT_FILE: '/dev/null' });
  try {
    const login = await runCli(['login', '--device-code'], env);
    if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
    // Interleaved rounds, so a burst of load on the shared machine hits every variant alike.
    const bare: number[] = [];
    const fast: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(...timeRuns(['-e', '0'], env, 1, false));
      fast.push(...timeRuns([path.join(DIST, 'cli.js'), 'token'], env, 1));
      // cliMain.js only exports the full program (dist/cli.js loads it): run it as that entry would.
      full.push(...timeRuns(['-e', `require(${JSON.stringify(path.join(DIST, 'cliMain.js'))}).runFullCli(['token'])`], env, 1));
    }
    const [b, f, s] = [median(bare), median(fast), median(full)];
    console.log(`cli-token   warm token, medians of ${runs}: node -e 0 ${b.toFixed(0)} ms; access-lens token ${f.toFixed(0)} ms (${(f / b).toFixed(2)}× node -e 0, target ≤ 1.5×); the full CLI's token ${s.toFixed(0)} ms (${(s / b).toFixed(2)}×)`);
  } finally {
    await runCli(['logout'], env);
    await sandbox.stop();
  }
}
