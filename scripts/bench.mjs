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
const args = ['--expose-gc', join(root, 'out/test/bench/run.js'), ...process.argv.slice(2)];
// The CLI parts run the bundled CLI signed in: it keeps its tokens in a keychain, a private one.
const run = spawnSync('bash', [join(root, 'scripts/with-keyring.sh'), process.execPath, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
