// Runs the mocha suite (out/test/integration) inside code-server's real
// extension host. The workbench, started with the smoke-test driver, loads the
// extension under development and the tests named in the URL's `payload`,
// forwards the extension host's console through the page function
// codeAutomationLog and reports the suite's exit code through
// codeAutomationExit: the mechanism @vscode/test-web uses.
//
//   node scripts/vscode-host/runExtensionTests.mjs [--grep TEXT] [--no-sandbox] [--scenario NAME|FILE]
//        [--suite integration|bench] [--env KEY=VALUE]... [--setting KEY=JSON]... [--timeout SECONDS] [--tests-path FILE]
//
// `--suite bench` runs the benchmarks that need the real extension host
// (out/test/integration-bench, `npm run bench -- --host`) instead of the tests;
// `npm test` never does. `--tests-path FILE` runs another suite module (e.g.
// out/test/bench/host/index.js, the activation bench).
//
// The last line is "integration: N passed, M failed"; the exit code is 0 only
// when the suite passed and ran at least one test.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser.mjs';
import { removeQuietly, startCodeServer } from './codeServer.mjs';
import { playSignInTabs } from './fakePerson.mjs';
import { addProductConfiguration } from './productConfiguration.mjs';
import { ROOT, withTimeout } from './processes.mjs';
import { sandboxAvailable, sandboxConfiguration, startSandboxProcess } from './sandboxProcess.mjs';

export const INTEGRATION_TESTS = join(ROOT, 'out', 'test', 'integration', 'index.js');
/** The extension-host benchmarks (test/integration-bench): opt-in, never part of npm test. */
export const BENCH_SUITE = join(ROOT, 'out', 'test', 'integration-bench', 'index.js');
/** The authentication provider test/integration/microsoftAccount.test.ts registers in place of VS Code's `microsoft`. */
export const TEST_MICROSOFT_PROVIDER = 'access-lens-test-microsoft';
/** Printed by test/integration/index.ts around the suite's own output. */
const BEGIN = /^integration: running \d+ test files?/;
const SUMMARY = /^integration: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/;

/**
 * @param {{ scenario?: string, sandbox?: boolean | 'auto', env?: Record<string, string>, settings?: Record<string, unknown>,
 *   extensionDevelopmentPath?: string, extensionTestsPath?: string, grep?: string, timeoutMs?: number, sandboxReadyTimeoutMs?: number,
 *   log?: (line: string) => void, logFile?: string }} [options]
 *   `sandbox`: 'auto' (default) starts it when out/test/fakes/cli.js exists and says so when it does not;
 *   `env`: extra variables for the extension host (e.g. ACCESS_LENS_*);
 *   `sandboxReadyTimeoutMs`: how long the sandbox may take to start (a generated 100,000-object workspace takes a while).
 * @returns {Promise<{ code: number, passed: number, failed: number, skipped: number, seconds: number, sandbox: boolean, lines: string[] }>}
 */
export async function runExtensionTests(options = {}) {
  const started = Date.now();
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const extensionDevelopmentPath = options.extensionDevelopmentPath ?? ROOT;
  const extensionTestsPath = options.extensionTestsPath ?? INTEGRATION_TESTS;
  if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: run "npx tsc -p ." first.`);
  const manifest = JSON.parse(readFileSync(join(extensionDevelopmentPath, 'package.json'), 'utf8'));
  if (!existsSync(join(extensionDevelopmentPath, manifest.main))) throw new Error(`${manifest.main} is missing: run "npm run build" first.`);

  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-it-'));
  const folder = join(scratch, 'folder');
  mkdirSync(folder, { recursive: true });
  const lines = [];
  const stops = [];
  try {
    let settings = { ...(options.settings ?? {}) };
    const env = { ...(options.env ?? {}) };
    const wantSandbox = options.sandbox ?? 'auto';
    let withSandbox = false;
    let sandboxInfo;
    if (wantSandbox === true || (wantSandbox === 'auto' && sandboxAvailable())) {
      const stateDir = join(scratch, 'sandbox');
      // With the OpenID Connect provider too, for the tests that sign in through it (sandbox.json names it).
      const sandbox = await startSandboxProcess({ scenario: options.scenario ?? 'basic', stateDir, autoApprove: true, oidc: true, readyTimeoutMs: options.sandboxReadyTimeoutMs });
      stops.push(sandbox.stop);
      const config = sandboxConfiguration(sandbox.info, { stateDir });
      settings = { ...config.settings, ...settings };
      Object.assign(env, config.env, options.env ?? {});
      // The same configuration through the environment, which the extension honours like settings
      // (docs/cli.md): in some runs the remote user settings had not reached the test extension host,
      // and the suite is about the extension, not about that race of the workbench.
      Object.assign(env, {
        ACCESS_LENS_AUTHORITY: sandbox.info.authority,
        ACCESS_LENS_TENANT: sandbox.info.tenantId,
        ACCESS_LENS_CLIENT_ID: sandbox.info.clientId,
        ACCESS_LENS_SIGN_IN_FLOW: 'deviceCode',
        DATABRICKS_HOST: sandbox.info.workspaceHost,
      }, options.env ?? {});
      withSandbox = true;
      sandboxInfo = sandbox.info;
      log(`sandbox (${options.scenario ?? 'basic'}): Entra ${sandbox.info.authority}, workspace ${sandbox.info.workspaceHost}`);
    } else {
      log(wantSandbox === 'auto'
        ? 'sandbox: out/test/fakes/cli.js is not built, so the integration tests run without it (the ones that need it skip themselves).'
        : 'sandbox: not started (--no-sandbox); the tests that need it skip themselves.');
    }
    if (options.grep) env.ACCESS_LENS_TEST_GREP = options.grep;
    // The extension mirrors its (redacted) log here, so a failing run shows what the extension saw.
    const extensionLog = join(ROOT, 'test-results', 'extension.log');
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    rmSync(extensionLog, { force: true });
    env.ACCESS_LENS_LOG_FILE = extensionLog;
    // Every telemetry event, as it would leave the machine: the suite checks it for personal data.
    const telemetryCapture = join(ROOT, 'test-results', 'telemetry.jsonl');
    rmSync(telemetryCapture, { force: true });
    env.ACCESS_LENS_TELEMETRY_CAPTURE = telemetryCapture;
    // The Microsoft-account source asks this provider instead of `microsoft` (ExtensionMode.Test only).
    env.ACCESS_LENS_TEST_MICROSOFT_PROVIDER ??= TEST_MICROSOFT_PROVIDER;

    // The extension host inherits code-server's environment (NODE_EXTRA_CA_CERTS must be there when it
    // starts) and, through the payload, gets the same variables again as its extension environment.
    const server = await startCodeServer({ scratch: join(scratch, 'vscode'), settings, env, smokeTestDriver: true, log: process.env.ACCESS_LENS_DEBUG ? (l) => log(`  [code-server] ${l}`) : undefined });
    stops.push(server.stop);
    const browser = await launchChromium();
    stops.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The product trusts the extension with the test provider's sessions, as product.json trusts
    // vscode.git with GitHub's: no access dialog, which a test workbench refuses (productConfiguration.mjs).
    const extensionId = `${manifest.publisher}.${manifest.name}`.toLowerCase();
    await addProductConfiguration(context, { trustedExtensionAuthAccess: { [env.ACCESS_LENS_TEST_MICROSOFT_PROVIDER]: [extensionId] } });
    // A browser sign-in (the workspace's own has no device code) opens a tab; the fake person completes it.
    if (sandboxInfo) playSignInTabs(context, sandboxInfo, (line) => log(`  [browser] ${line}`));
    let inSuite = false;
    const record = (text) => {
      for (const line of text.split('\n')) {
        lines.push(line);
        if (BEGIN.test(line.trim())) inSuite = true;
        // The workbench logs through the same channel (sockets, gallery, …), unindented; mocha's spec
        // reporter indents everything it prints. Echo only the suite (everything with ACCESS_LENS_DEBUG).
        const fromSuite = inSuite && (/^\s/.test(line) || BEGIN.test(line.trim()) || SUMMARY.test(line.trim()));
        if (fromSuite || process.env.ACCESS_LENS_DEBUG) log(`  ${line}`);
        if (SUMMARY.test(line.trim())) inSuite = false;
      }
    };
    const exit = new Promise((resolve) => {
      void context.exposeFunction('codeAutomationLog', (_type, args) => record(format(...(Array.isArray(args) ? args : [args]))));
      void context.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => lines.push(`[page error] ${error.message}`));
    const crashed = new Promise((_, reject) => page.once('crash', () => reject(new Error('The workbench page crashed.'))));
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)],
      ['extensionTestsPath', server.remoteUri(extensionTestsPath)],
      ['extensionEnvironment', JSON.stringify(env)],
    ];
    await page.goto(server.workbenchUrl({ folder, payload }), { timeout: 60_000 });
    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    const code = await withTimeout(Promise.race([exit, crashed]), timeoutMs, 'The integration suite in the extension host');

    const summary = [...lines].reverse().map((l) => SUMMARY.exec(l.trim())).find(Boolean);
    // Mocha's own report already shows failed tests; dump the host's log only when mocha could not say why.
    if (!summary || (code !== 0 && Number(summary[2]) === 0)) {
      log(`The extension host reported exit code ${code}${summary ? '' : ' and no summary line'}; the last lines of its log:`);
      for (const line of lines.slice(-40)) log(`  | ${line}`);
    }
    if (code !== 0 && existsSync(extensionLog)) {
      log(`The extension's own log (${extensionLog}), last lines:`);
      for (const line of readFileSync(extensionLog, 'utf8').trim().split('\n').slice(-30)) log(`  > ${line}`);
    }
    return {
      code,
      passed: Number(summary?.[1] ?? 0),
      failed: Number(summary?.[2] ?? 0),
      skipped: Number(summary?.[3] ?? 0),
      seconds: Math.round((Date.now() - started) / 1000),
      sandbox: withSandbox,
      lines,
    };
  } finally {
    if (options.logFile) {
      mkdirSync(join(options.logFile, '..'), { recursive: true });
      writeFileSync(options.logFile, `${lines.join('\n')}\n`);
    }
    // The browser, code-server, then the sandbox; a failing stop must not keep the others running.
    for (const stop of stops.reverse()) await withTimeout(stop(), 15_000, 'A cleanup').catch((error) => log(`cleanup: ${error.message}`));
    removeQuietly(scratch);
  }
}

function parseArgs(argv) {
  const options = { logFile: join(ROOT, 'test-results', 'integration-host.log') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grep') options.grep = argv[++i];
    else if (arg === '--scenario') options.scenario = argv[++i];
    else if (arg === '--no-sandbox') options.sandbox = false;
    else if (arg === '--timeout') options.timeoutMs = Number(argv[++i]) * 1000;
    else if (arg === '--suite' && argv[i + 1] === 'bench') {
      i++;
      options.extensionTestsPath = BENCH_SUITE;
      options.sandboxReadyTimeoutMs = 180_000;
      options.logFile = join(ROOT, 'test-results', 'bench-host.log');
    } else if (arg === '--suite' && argv[i + 1] === 'integration') i++;
    else if (arg === '--env' && /^[A-Z_][A-Z0-9_]*=/.test(argv[i + 1] ?? '')) {
      const [key, ...value] = argv[++i].split('=');
      options.env = { ...options.env, [key]: value.join('=') };
    } else if (arg === '--setting' && /^[\w.]+=/.test(argv[i + 1] ?? '')) {
      // A VS Code user setting for the run, its value as JSON (remote.autoForwardPorts=false).
      const [key, ...value] = argv[++i].split('=');
      options.settings = { ...options.settings, [key]: JSON.parse(value.join('=')) };
    } else if (arg === '--tests-path') options.extensionTestsPath = resolve(argv[++i]);
    else throw new Error(`Unknown argument "${arg}". Usage: runExtensionTests.mjs [--grep TEXT] [--scenario NAME|FILE] [--no-sandbox] [--suite integration|bench] [--env KEY=VALUE]... [--setting KEY=JSON]... [--timeout SECONDS] [--tests-path FILE]`);
  }
  return options;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  let result = { code: 1, passed: 0, failed: 0, skipped: 0 };
  try {
    result = await runExtensionTests(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`integration: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A failure outside mocha (no summary, or a crash) still counts as one failed test.
  const failed = result.failed + (result.code !== 0 && result.failed === 0 ? 1 : 0);
  console.log(`integration (real VS Code extension host, code-server) took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`integration: ${result.passed} passed, ${failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''}`);
  process.exit(result.code === 0 && failed === 0 && result.passed > 0 ? 0 : 1);
}
