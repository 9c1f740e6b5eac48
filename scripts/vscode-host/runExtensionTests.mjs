// Runs the mocha suite (out/test/integration) inside code-server's real
// extension host. The workbench, started with the smoke-test driver, loads the
// extension under development and the tests from the `payload` of the URL, and
// reports the suite's exit code through the page function codeAutomationExit
// (the mechanism @vscode/test-web uses).
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { ROOT, launchChromium, removeQuietly, startCodeServer } from './codeServer.mjs';
import { sandboxConfiguration, startSandboxProcess } from './sandboxProcess.mjs';

/**
 * @param {{ scenario?: string, timeoutMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ code: number, passed: number, failed: number, lines: string[] }>}
 */
export async function runExtensionTests(options = {}) {
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-it-'));
  const folder = join(scratch, 'folder');
  mkdirSync(folder, { recursive: true });
  const cleanups = [];
  try {
    const sandbox = await startSandboxProcess({ scenario: options.scenario ?? 'basic', stateDir: join(scratch, 'sandbox'), autoApprove: true });
    cleanups.push(sandbox.stop);
    const { settings, env } = sandboxConfiguration(sandbox.info);
    const extensionEnv = {
      ...env,
      ACCESS_LENS_SANDBOX_CONTROL: sandbox.info.controlApi.workspace,
      ACCESS_LENS_SANDBOX_ENTRA_CONTROL: sandbox.info.controlApi.entra,
      ACCESS_LENS_SANDBOX_FILE: join(scratch, 'sandbox', 'sandbox.json'),
    };
    // The extension host inherits code-server's environment: the CA, the private keyring's D-Bus.
    const server = await startCodeServer({ scratch: join(scratch, 'vscode'), settings, env: extensionEnv, smokeTestDriver: true, log: process.env.ACCESS_LENS_DEBUG ? log : undefined });
    cleanups.push(server.stop);
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const lines = [];
    const exit = new Promise((resolve) => {
      void context.exposeFunction('codeAutomationLog', (type, args) => {
        const line = format(...(Array.isArray(args) ? args : [args]));
        for (const l of line.split('\n')) {
          lines.push(l);
          // The workbench logs here too ([AgentHost] …, chat telemetry): echo only the suite's own lines.
          if (type !== 'error' && (/^\s*\[/.test(l) || l.includes('event='))) continue;
          log(`  ${l}`);
        }
      });
      void context.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => log(`  [page error] ${error.message}`));
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'integration', 'index.js'))],
      ['extensionEnvironment', JSON.stringify(extensionEnv)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { timeout: 60_000 });
    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    const code = await Promise.race([exit, new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs))]);
    if (code === 'timeout') throw new Error(`The integration suite did not finish within ${timeoutMs / 1000} s.`);
    const summary = [...lines].reverse().find((l) => /^integration: \d+ passed, \d+ failed/.test(l.trim()));
    const [, passed = '0', failed = '0'] = /integration: (\d+) passed, (\d+) failed/.exec(summary ?? '') ?? [];
    return { code: Number(code), passed: Number(passed), failed: Number(failed), lines };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // keep cleaning up
      }
    }
    removeQuietly(scratch);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runExtensionTests();
  console.log(`integration (code-server): ${result.passed} passed, ${result.failed} failed, exit ${result.code}`);
  process.exit(result.code === 0 && result.passed > 0 ? 0 : 1);
}
