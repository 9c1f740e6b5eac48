// npm run bench: compiles, then runs the benchmarks of test/bench (see its header).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compile = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
// --quick skips the 2.5-minute scale run (2,000 clusters + 10,000 jobs at 100 reads/s) and the 2-minute CLI run.
const args = ['--expose-gc', join(root, 'out/test/bench/run.js'), ...process.argv.slice(2)];
// The CLI part (not with --quick) runs the bundled CLI, signed in: it keeps its tokens in a keychain, a private one.
const quick = process.argv.includes('--quick');
if (!quick) {
  const bundle = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (bundle.status !== 0) process.exit(bundle.status ?? 1);
}
const run = quick ? spawnSync(process.execPath, args, { stdio: 'inherit' }) : spawnSync('bash', [join(root, 'scripts/with-keyring.sh'), process.execPath, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
