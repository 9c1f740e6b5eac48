// npm run bench: compiles, then runs the benchmarks of test/bench (see its header).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compile = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
// The CLI and activation benches time the shipped (production) bundles.
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
// --quick skips the 2.5-minute scale run (2,000 clusters + 10,000 jobs at 100 reads/s) and the
// 2-minute huge run (12,000 and 100,000 objects against a fast server).
const run = spawnSync(process.execPath, ['--expose-gc', join(root, 'out/test/bench/run.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
