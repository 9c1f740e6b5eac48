// npm run bench: compiles, then runs the benchmarks of test/bench (see its header).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compile = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
// The CLI, token and activation benches time the shipped (production) bundles.
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
// --quick skips the 2.5-minute scale run (2,000 clusters + 10,000 jobs at 100 reads/s), the 2-minute
// CLI run and the 2-minute huge run (12,000 and 100,000 objects against a fast server).
const host = process.argv.includes('--host');
const args = ['--expose-gc', join(root, 'out/test/bench/run.js'), ...process.argv.slice(2)];
// The CLI parts run the bundled CLI signed in: it keeps its tokens in a keychain, a private one.
const run = spawnSync('bash', [join(root, 'scripts/with-keyring.sh'), process.execPath, ...args], { stdio: 'inherit' });
if (!host || run.status !== 0) process.exit(run.status ?? 1);
// --host (opt-in: it needs code-server, scripts/install-code-server.sh) runs only the extension-host benches:
// run.js the fill stall (hostFill.ts), then activation (test/bench/host/index.ts run as the extension tests
// of code-server's extension host).
const { runExtensionTests } = await import('./vscode-host/runExtensionTests.mjs');
const result = await runExtensionTests({ extensionTestsPath: join(root, 'out/test/bench/host/index.js'), sandbox: false, log: () => undefined, timeoutMs: 5 * 60_000 });
for (const line of result.lines) if (line.includes('activation-host')) console.log(line.trim());
process.exit(result.code);
