// The reopen bench in the real extension host (issue 17, "Reopen after a restart": with 12,000
// cached objects the tree shows verdicts within 1 s). Generates the "reopen-host" workspace (the
// reopen bench's 2,000 clusters + 10,000 jobs, test/bench/reopen.ts), runs the integration suite
// test/integration/verdictCacheScale.test.ts against it, and prints its "reopen-host" line.
// Needs `npx tsc -p .`, `node scripts/build.mjs` and the private keyring:
//
//   bash scripts/with-keyring.sh node scripts/vscode-host/benchReopenHost.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes.mjs';
import { runExtensionTests } from './runExtensionTests.mjs';

const require = createRequire(import.meta.url);
/** The scenario name the suite waits for (verdictCacheScale.test.ts, REOPEN_HOST_SCENARIO): elsewhere it skips. */
const REOPEN_HOST_SCENARIO = 'reopen-host';

/** Runs the host bench; resolves with its figure line, or rejects with what went wrong. */
export async function benchReopenHost(log = () => undefined) {
  const { largeScenario } = require(join(ROOT, 'out', 'test', 'fakes', 'sandboxClient.js'));
  const dir = mkdtempSync(join(tmpdir(), 'reopen-host-'));
  try {
    const scenario = join(dir, `${REOPEN_HOST_SCENARIO}.json`);
    writeFileSync(scenario, JSON.stringify(largeScenario(REOPEN_HOST_SCENARIO, { clusters: 2000, jobs: 10000, groups: 50 })));
    const result = await runExtensionTests({ scenario, sandbox: true, grep: 'Reopen with 12,000 cached objects', timeoutMs: 20 * 60_000, log });
    const line = result.lines.map((l) => l.trim()).find((l) => l.startsWith('reopen-host'));
    if (result.code !== 0 || !line) throw new Error(`the host reopen bench failed (${result.passed} passed, ${result.failed} failed)${line ? `: ${line}` : ''}`);
    return line;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(await benchReopenHost(process.env.ACCESS_LENS_DEBUG ? (l) => console.log(l) : undefined));
  } catch (error) {
    console.error(`reopen-host: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
