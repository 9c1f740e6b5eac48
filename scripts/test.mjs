// npm test: every phase, each under a timeout, then one closing line
// "tests: N passed, M failed" (with a per-phase breakdown above it).
//   unit         mocha, no VS Code, no network (out/test/unit)
//   e2e          the access-lens CLI as a separate process against the sandbox (out/test/e2e)
//   integration  the mocha suite inside code-server's real extension host
//   ui           Playwright + Debian Chromium on the installed VSIX, screenshots in test-results/
// --only PHASE (repeatable) runs a subset; compile and build always run first.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, codeServerInstalled } from './vscode-host/codeServer.mjs';

const PHASES = ['unit', 'e2e', 'integration', 'ui'];
const argv = process.argv.slice(2);
const only = argv.flatMap((a, i) => (a === '--only' ? [argv[i + 1]] : []));
for (const phase of only) if (!PHASES.includes(phase)) {
  console.error(`Unknown phase "${phase}". Phases: ${PHASES.join(', ')}.`);
  process.exit(2);
}
const selected = only.length > 0 ? PHASES.filter((p) => only.includes(p)) : PHASES;

function run(command, args, { timeoutMs, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'], env: process.env });
    let output = '';
    if (capture) {
      const relay = (stream) => (chunk) => {
        output += chunk.toString();
        stream.write(chunk);
      };
      child.stdout.on('data', relay(process.stdout));
      child.stderr.on('data', relay(process.stderr));
    }
    const timer = setTimeout(() => {
      console.error(`\n${command} ${args.join(' ')} ran over ${timeoutMs / 1000} s and was stopped.`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** Counts from mocha's spec reporter: "N passing", "N failing", "N pending". */
function mochaCounts(output) {
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(output)?.[1] ?? 0);
  return { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
}

async function mochaPhase(glob, timeoutMs) {
  const result = await run(process.execPath, [join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--reporter', 'spec', '--color', 'false', glob], { timeoutMs, capture: true });
  const counts = mochaCounts(result.output);
  return { ...counts, failed: counts.failed + (result.code !== 0 && counts.failed === 0 ? 1 : 0) };
}

const results = [];
function header(title) {
  console.log(`\n=== ${title}`);
}

header('compile (tsc) and build (esbuild)');
for (const [command, args, timeoutMs] of [
  [process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], 300_000],
  [process.execPath, [join(ROOT, 'scripts/build.mjs')], 120_000],
]) {
  const { code } = await run(command, args, { timeoutMs });
  if (code !== 0) {
    console.log('\ntests: 0 passed, 1 failed');
    process.exit(1);
  }
}

for (const phase of selected) {
  const started = Date.now();
  header(phase);
  let outcome;
  try {
    if (phase === 'unit') outcome = await mochaPhase('out/test/unit/**/*.test.js', 600_000);
    else if (phase === 'e2e') outcome = await mochaPhase('out/test/e2e/**/*.test.js', 600_000);
    else {
      if (!codeServerInstalled()) {
        const install = await run('bash', [join(ROOT, 'scripts/install-code-server.sh')], { timeoutMs: 900_000 });
        if (install.code !== 0) throw new Error('code-server could not be installed (see above).');
      }
      if (phase === 'integration') {
        const { runExtensionTests } = await import('./vscode-host/runExtensionTests.mjs');
        const r = await runExtensionTests({ timeoutMs: 600_000 });
        outcome = { passed: r.passed, failed: r.failed + (r.code !== 0 && r.failed === 0 ? 1 : 0), skipped: 0 };
        console.log(`integration tests in the real VS Code extension host (code-server): ${r.passed} passed, ${r.failed} failed`);
      } else {
        const pack = await run('npm', ['run', '--silent', 'package'], { timeoutMs: 300_000, capture: true });
        if (pack.code !== 0) throw new Error('The VSIX could not be built (see above).');
        const { runUiTests } = await import('../test/ui/accessLensView.ui.mjs');
        const r = await runUiTests();
        outcome = { ...r, skipped: 0 };
      }
    }
  } catch (error) {
    console.error(`${phase} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    outcome = { passed: outcome?.passed ?? 0, failed: (outcome?.failed ?? 0) + 1, skipped: 0 };
  }
  results.push({ phase, ...outcome, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.phase.padEnd(12)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds} s)`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0) + results.filter((r) => r.passed === 0 && r.failed === 0).length;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
