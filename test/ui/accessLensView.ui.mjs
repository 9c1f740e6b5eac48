// UI test: a person's view of the extension. Installs it into a real VS Code
// (code-server, normal mode, not the test driver) the way a user would (the
// packaged VSIX when there is one, else the built extension folder), opens it
// in Debian Chromium at 1280x800, opens the Access Lens container, checks the
// Clusters view and its "Sign In" welcome button, then signs in against the
// sandbox with the device code and checks the tree, the why view, and a
// diagnostic with its hover on a cluster id in a Python file, then the Catalog
// view and the why of a table (catalogView.ui.mjs). Screenshots go to
// test-results/ (access-lens-view.png, access-lens-hover.png, catalog-view.png, why-table.png, workspace-view.png, …;
// ui-failure-<step>.png on failure).
//
//   node test/ui/accessLensView.ui.mjs      last line: "ui: N passed, M failed"
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openWorkbench } from '../../scripts/vscode-host/browser.mjs';
import { ROOT, installExtension, removeQuietly, startCodeServer } from '../../scripts/vscode-host/codeServer.mjs';
import { withTimeout } from '../../scripts/vscode-host/processes.mjs';
import { catalogSteps } from './catalogView.ui.mjs';
import { workspaceViewSteps } from './workspaceView.ui.mjs';
import { forgetSandboxSignIns, uiSteps } from './uiSteps.mjs';
import { sandboxAvailable, sandboxConfiguration, startSandboxProcess } from '../../scripts/vscode-host/sandboxProcess.mjs';

const RESULTS = join(ROOT, 'test-results');
const VSIX = join(ROOT, 'dist', 'databricks-access-lens.vsix');
const STEP_TIMEOUT_MS = 60_000;

/**
 * @param {{ log?: (line: string) => void, vsix?: string | null, signIn?: boolean }} [options]
 *   `vsix`: path to install (default dist/databricks-access-lens.vsix when it exists; null: copy the built folder)
 * @returns {Promise<{ passed: number, failed: number, skipped: number }>}
 */
export async function runUiTests({ log = (l) => console.log(l), vsix = existsSync(VSIX) ? VSIX : null, signIn = true } = {}) {
  mkdirSync(RESULTS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-ui-'));
  const folder = join(scratch, 'project');
  mkdirSync(folder, { recursive: true });
  // A file that names a cluster the demo user cannot attach to: the editor marks it once signed in.
  writeFileSync(join(folder, 'train.py'), ['from databricks.connect import DatabricksSession', '', '# Train on the big GPU cluster', 'spark = DatabricksSession.builder.remote(cluster_id="0414-080910-a100zz91").getOrCreate()', 'df = spark.table("main.ml.features")', ''].join('\n'));
  const stops = [];
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let page;
  /** Workbench errors (an extension failing to activate shows up here), printed when a step fails. */
  const consoleErrors = [];
  /** Runs one named check under a time limit; a failure is screenshotted and ends the run. */
  const step = uiSteps({
    counts,
    log,
    timeoutMs: STEP_TIMEOUT_MS * 2,
    page: () => page,
    extensionLog: join(RESULTS, 'ui-extension.log'),
    screenshotPrefix: 'ui-failure',
    extraLines: () => consoleErrors.slice(-10).map((line) => `[browser console] ${line}`),
  });
  try {
    let settings = {};
    let env = {};
    let sandbox;
    if (sandboxAvailable()) {
      const stateDir = join(scratch, 'sandbox');
      sandbox = await startSandboxProcess({ scenario: 'demo', stateDir, autoApprove: true });
      stops.push(sandbox.stop);
      // Starts signed out and leaves nothing of the sandbox's tenant in the keychain for the next test.
      await forgetSandboxSignIns(sandbox.info);
      const info = sandbox.info;
      stops.push(() => forgetSandboxSignIns(info));
      ({ settings, env } = sandboxConfiguration(sandbox.info, { stateDir }));
    } else {
      log('  (out/test/fakes/cli.js is not built: no sandbox, so the sign-in step is skipped)');
    }
    const extensionsDir = join(scratch, 'extensions');
    await step(vsix ? 'the VSIX installs into code-server' : 'the built extension is installed into code-server', async () => {
      log(`    ${await installExtension({ extensionsDir, vsix })}`);
    });
    // The extension mirrors its redacted log here; a failing step prints its tail.
    const extensionLog = join(RESULTS, 'ui-extension.log');
    rmSync(extensionLog, { force: true });
    env = { ...env, ACCESS_LENS_LOG_FILE: extensionLog };
    const server = await startCodeServer({ scratch: join(scratch, 'vscode'), extensionsDir, settings, env });
    stops.push(server.stop);
    const browser = await launchChromium();
    stops.push(() => browser.close());

    await step('the workbench opens on a folder', async () => {
      page = await openWorkbench(browser, server.workbenchUrl({ folder }), { timeoutMs: STEP_TIMEOUT_MS });
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text().split('\n')[0].slice(0, 300));
      });
    });
    const container = page.locator('.activitybar .action-item a[aria-label^="Access Lens"]').first();
    await step('the Access Lens item is in the activity bar', async () => {
      await container.waitFor({ timeout: STEP_TIMEOUT_MS });
    });
    const signInButton = page.locator('.welcome-view-content a.monaco-button', { hasText: 'Sign In' }).first();
    await step('opening it shows the Clusters and Jobs views and a "Sign In" welcome button', async () => {
      await container.click();
      await page.locator('.pane-header', { hasText: 'Clusters' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.locator('.pane-header', { hasText: 'Jobs' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await signInButton.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      if (!(await signInButton.isVisible())) throw new Error('the Sign In button is not visible');
      await page.screenshot({ path: join(RESULTS, 'access-lens-view.png') });
      log(`    screenshot: ${join(RESULTS, 'access-lens-view.png')}`);
    });

    if (!signIn || !sandbox) {
      counts.skipped += 1;
      log('  - signing in with the device code (skipped: no sandbox)');
    } else {
      const user = sandbox.info.signedInUser;
      await step(`signing in with the device code shows the sandbox workspace and ${user}`, async () => {
        // The status bar item appears once the extension is active: clicking earlier races its activation.
        await page.locator('.statusbar-item', { hasText: 'Access Lens' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
        await signInButton.click();
        await page.locator('.monaco-list-row', { hasText: 'Sandbox' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
        await page.locator('.monaco-list-row', { hasText: user }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
        await page.locator('.statusbar-item', { hasText: user }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      });
      if (sandbox.info.scenario === 'demo') {
        await step('each cluster shows its verdict, level and group (gpu-train: CAN_RESTART via ml-engineers; gpu-a100-large: no access)', async () => {
          await page.locator('.monaco-list-row', { hasText: 'gpu-train' }).filter({ hasText: 'CAN_RESTART · via ml-engineers' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
          await page.locator('.monaco-list-row', { hasText: 'gpu-a100-large' }).filter({ hasText: 'no access' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
          await page.locator('.monaco-list-row', { hasText: 'etl-prod-ingest' }).filter({ hasText: 'unknown' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
          await page.screenshot({ path: join(RESULTS, 'access-lens-signed-in.png') });
        });
        await step('"Why can\'t I…?" on gpu-a100-large opens the explanation beside the tree', async () => {
          await page.locator('.monaco-list-row', { hasText: 'gpu-a100-large' }).first().click();
          const attach = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'attach' }).first();
          await attach.waitFor({ timeout: STEP_TIMEOUT_MS });
          await attach.click();
          await page.locator('.tab', { hasText: 'Why: gpu-a100-large (attach)' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
          await page.waitForTimeout(1500);
          await page.screenshot({ path: join(RESULTS, 'access-lens-why.png') });
        });
        await step('a cluster id I cannot attach to is marked in the editor, and its hover explains why', async () => {
          await page.keyboard.press('Control+P');
          await page.keyboard.type('train.py');
          await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'train.py' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
          await page.keyboard.press('Enter');
          await page.locator('.tab', { hasText: 'train.py' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
          // The squiggle is the diagnostic; hovering the id shows its why.
          await page.locator('.view-overlays .squiggly-error, .view-overlays [class*="squiggly-error"]').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
          const id = page.locator('.view-lines span', { hasText: '0414-080910-a100zz91' }).last();
          await id.hover();
          const hover = page.locator('.monaco-hover', { hasText: 'can you attach to cluster gpu-a100-large?' }).first();
          await hover.waitFor({ timeout: STEP_TIMEOUT_MS });
          await page.waitForTimeout(500);
          await page.screenshot({ path: join(RESULTS, 'access-lens-hover.png') });
          log(`    screenshot: ${join(RESULTS, 'access-lens-hover.png')}`);
        });
        await catalogSteps(page, step, log);
        await workspaceViewSteps(page, step, log);
      } else {
        await page.screenshot({ path: join(RESULTS, 'access-lens-signed-in.png') });
      }
    }
  } catch (error) {
    // A failed step is counted already; anything else (code-server, Chromium, the sandbox) fails the run here.
    if (!error?.counted) {
      counts.failed += 1;
      log(`  ✗ ${String(error?.message ?? error).split('\n')[0]}`);
    }
  } finally {
    for (const stop of stops.reverse()) await withTimeout(stop(), 15_000, 'A cleanup').catch((error) => log(`cleanup: ${error.message}`));
    removeQuietly(scratch);
  }
  return counts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const outcome = await runUiTests({ vsix: process.argv.includes('--no-vsix') ? null : undefined });
  console.log(`ui (Playwright + Chromium on code-server) took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`ui: ${outcome.passed} passed, ${outcome.failed} failed`);
  process.exit(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1);
}
