// npm test: compile, build, then every test phase, each in its own process
// under a time limit, then a per-phase breakdown and one closing line
// "tests: N passed, M failed" (the form CI reads).
//   unit         mocha, no VS Code, no network (out/test/unit)
//   e2e          the access-lens CLI as a separate process against the sandbox (out/test/e2e)
//   integration  the mocha suite inside code-server's real extension host (scripts/vscode-host)
//   ui           Playwright + Debian Chromium on the installed VSIX (views, both Entra sign-in flows, the Databricks sign-in), screenshots in test-results/
// --only PHASE (repeatable) runs a subset; compile and build always run first.
// Exit 0 only when every selected phase passed and ran at least one test.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureCodeServer } from './vscode-host/codeServer.mjs';

const PHASES = ['unit', 'e2e', 'integration', 'ui'];
const MINUTE = 60_000;

function parseArgs(argv) {
  const only = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only' && argv[i + 1]) only.push(...argv[++i].split(','));
    else if (argv[i].startsWith('--only=')) only.push(...argv[i].slice(7).split(','));
    else {
      console.error(`Unknown argument "${argv[i]}". Usage: node scripts/test.mjs [--only ${PHASES.join('|')}]...`);
      process.exit(2);
    }
  }
  for (const phase of only) if (!PHASES.includes(phase)) {
    console.error(`Unknown phase "${phase}". Phases: ${PHASES.join(', ')}.`);
    process.exit(2);
  }
  return only.length > 0 ? PHASES.filter((p) => only.includes(p)) : PHASES;
}

let current; // the running child, so that Ctrl-C can stop it (and it its servers and browser)
let interrupted = false;

/**
 * Runs a command in its own process group, echoing its output, and returns
 * `{ code, output }`. On timeout or interruption it gets SIGTERM (our harness
 * scripts then stop code-server, Chromium and the sandbox) and, 15 s later,
 * SIGKILL for its whole group.
 */
function run(command, args, { timeoutMs, env = {} }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    let output = '';
    const relay = (stream) => (chunk) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    let killTimer;
    const terminate = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 15_000);
    };
    child.terminate = terminate;
    const timer = setTimeout(() => {
      output += `\n${command} ${args.join(' ')} ran over ${timeoutMs / 1000} s and was stopped.\n`;
      console.error(`\n${[command, ...args].join(' ')} ran over ${timeoutMs / 1000} s: stopping it.`);
      terminate();
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      // Whatever the phase left behind in its group (a sandbox a test forgot) goes with it.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // nothing left
      }
      current = undefined;
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error('\nInterrupted: stopping the running phase (Ctrl-C again to quit at once).');
  current?.terminate?.();
});
process.on('SIGTERM', () => {
  interrupted = true;
  current?.terminate?.();
});

/** The last of mocha's spec-reporter totals ("N passing", "N failing", "N pending"). */
function mochaCounts(output) {
  const last = (word) => {
    const all = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
    return Number(all.at(-1)?.[1] ?? 0);
  };
  return { passed: last('passing'), failed: last('failing'), skipped: last('pending') };
}

/** The closing "<phase>: N passed, M failed" line our own runners print. */
function harnessCounts(output, phase) {
  const all = [...output.matchAll(new RegExp(`^${phase}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?`, 'gm'))];
  const last = all.at(-1);
  return { passed: Number(last?.[1] ?? 0), failed: Number(last?.[2] ?? 0), skipped: Number(last?.[3] ?? 0) };
}

/** A non-zero exit that the counts do not explain (a crash, a timeout) is one more failure. */
function outcome(result, counts) {
  return { ...counts, failed: counts.failed + (result.code !== 0 && counts.failed === 0 ? 1 : 0), failures: failureHeadlines(result.output) };
}

/**
 * Each failing test's name and first error line, from mocha's list of failures ("1) suite", the
 * title on the lines after it ending with ":", then the error), for the summary: a CI log keeps
 * its end, and the list itself may be far above it.
 */
function failureHeadlines(output) {
  const lines = output.split('\n');
  const found = new Set();
  for (let i = 0; i < lines.length; i++) {
    const first = /^\s*\d+\) (.+)$/.exec(lines[i])?.[1];
    if (!first) continue;
    // The spec's own "1) title" line as the test fails has no such ":" line after it.
    const parts = [first.trim()];
    let j = i + 1;
    while (j < lines.length && j <= i + 6 && !parts.at(-1).endsWith(':')) parts.push(lines[j++].trim());
    if (!parts.at(-1).endsWith(':')) continue;
    found.add(`${parts.join(' › ').slice(0, -1)}: ${(lines[j] ?? '').trim()}`.slice(0, 400));
    i = j;
  }
  return [...found];
}

const node = process.execPath;
const mocha = (glob) => [join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--reporter', 'spec', '--no-color', glob];

const PHASE_RUNNERS = {
  unit: async () => {
    const r = await run(node, mocha('out/test/unit/**/*.test.js'), { timeoutMs: 10 * MINUTE });
    return outcome(r, mochaCounts(r.output));
  },
  e2e: async () => {
    const r = await run(node, mocha('out/test/e2e/**/*.test.js'), { timeoutMs: 10 * MINUTE });
    return outcome(r, mochaCounts(r.output));
  },
  integration: async () => {
    await ensureCodeServer({ timeoutMs: 15 * MINUTE });
    const r = await run(node, [join(ROOT, 'scripts/vscode-host/runExtensionTests.mjs')], { timeoutMs: 12 * MINUTE });
    return outcome(r, harnessCounts(r.output, 'integration'));
  },
  ui: async () => {
    await ensureCodeServer({ timeoutMs: 15 * MINUTE });
    // The UI test installs what users install: the VSIX. If it cannot be built, that is a failure,
    // and the UI is still checked on the built extension folder.
    const pack = await run('npm', ['run', '--silent', 'package'], { timeoutMs: 5 * MINUTE });
    const counts = { passed: 0, failed: 0, skipped: 0 };
    // The views, tree, why and hover; then both sign-in flows as a person does them (test/ui/signInFlows.ui.mjs),
    // and the workspace's own sign-in (test/ui/databricksSignIn.ui.mjs).
    for (const file of ['test/ui/accessLensView.ui.mjs', 'test/ui/signInFlows.ui.mjs', 'test/ui/databricksSignIn.ui.mjs']) {
      const r = await run(node, [join(ROOT, file), ...(pack.code === 0 ? [] : ['--no-vsix'])], { timeoutMs: 8 * MINUTE });
      const one = outcome(r, harnessCounts(r.output, 'ui'));
      for (const key of ['passed', 'failed', 'skipped']) counts[key] += one[key];
      counts.failures = [...(counts.failures ?? []), ...one.failures];
    }
    if (pack.code !== 0) {
      console.error('ui: "npm run package" failed (see above), so the VSIX was not tested.');
      counts.failed += 1;
    }
    return counts;
  },
};

const selected = parseArgs(process.argv.slice(2));
const results = [];
const header = (title) => console.log(`\n=== ${title}`);

function summarize() {
  console.log('\n=== summary');
  for (const r of results) {
    const note = r.note ? ` ${r.note}` : '';
    console.log(`${r.phase.padEnd(12)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds} s)${note}`);
    for (const failure of (r.failures ?? []).slice(0, 10)) console.log(`  ✗ ${failure}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  if (interrupted) return 130;
  return failed === 0 && passed > 0 ? 0 : 1;
}

for (const [phase, args, timeoutMs] of [
  ['compile', [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], 5 * MINUTE],
  ['build', [join(ROOT, 'scripts/build.mjs')], 2 * MINUTE],
]) {
  header(`${phase}: ${phase === 'compile' ? 'tsc -p . (src and tests → out/)' : 'esbuild (→ dist/)'}`);
  const started = Date.now();
  const { code } = await run(node, args, { timeoutMs });
  if (code !== 0 || interrupted) {
    results.push({ phase, passed: 0, failed: 1, skipped: 0, seconds: Math.round((Date.now() - started) / 1000), note: `(exit ${code}: no tests were run)` });
    process.exit(summarize());
  }
}

for (const phase of selected) {
  if (interrupted) break;
  header(phase);
  const started = Date.now();
  let counts;
  try {
    counts = await PHASE_RUNNERS[phase]();
  } catch (error) {
    console.error(`${phase} failed: ${error instanceof Error ? error.message : String(error)}`);
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  let note = '';
  if (counts.passed === 0 && counts.failed === 0) {
    // A phase that ran nothing hides breakage: count it as a failure.
    counts.failed = 1;
    note = '(no tests ran)';
  }
  results.push({ phase, ...counts, seconds: Math.round((Date.now() - started) / 1000), note });
}
process.exit(summarize());
