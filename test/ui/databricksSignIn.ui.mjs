// UI test: a person signs in with the workspace's own sign-in (identity
// provider `databricks`, OAuth U2M with the databricks-cli client) in a real
// VS Code (code-server) in Debian Chromium, against the sandbox with approvals
// left to the person: Sign In, VS Code's "open the external website?" dialog,
// the workspace's consent page in a new tab, Accept, the redirect to the
// extension's loopback http://localhost:<port> (a plain navigation in the tab,
// which code-server does not touch), the signed-in status bar, the verdicts in
// the Clusters view, and Sign Out. Nothing of Entra is set or asked.
// The redirect port is a free one, not 8020 (ACCESS_LENS_REDIRECT_PORT, which
// the sandbox registers through its control API), so parallel runs and a
// person's own `databricks auth login` do not fight over it.
// Screenshots: test-results/sign-in-databricks-consent.png, sign-in-databricks.png
// (ui-failure-databricks-<n>.png on failure).
//
//   node test/ui/databricksSignIn.ui.mjs [--no-vsix]     last line: "ui: N passed, M failed"
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { launchChromium, openWorkbench, serverSpki } from '../../scripts/vscode-host/browser.mjs';
import { ROOT } from '../../scripts/vscode-host/codeServer.mjs';
import { countUncounted, forgetSandboxSignIns, runPaletteCommand, uiSteps } from './uiSteps.mjs';
import { BROWSER_SAFE_HOST, sandboxConfiguration } from '../../scripts/vscode-host/sandboxProcess.mjs';
import { onSandboxWorkbench } from './uiWorkbench.mjs';

const RESULTS = join(ROOT, 'test-results');
const VSIX = join(ROOT, 'dist', 'databricks-access-lens.vsix');
const STEP_TIMEOUT_MS = 60_000;

/** A loopback port nothing listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** POSTs JSON to the sandbox's control API (HTTPS with the sandbox CA). */
function postControl(base, route, body, caPath) {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/${route}`, { method: 'POST', ca: readFileSync(caPath), headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`POST ${route}: ${res.statusCode} ${text}`))));
    });
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * Signs in with the workspace's own OAuth by browser and signs out, in a workbench on `server` (code-server with the
 * extension configured for identity provider `databricks` and ACCESS_LENS_LOG_FILE = `extensionLog`).
 * @param {{ server: { workbenchUrl: Function }, sandbox: { info: Record<string, any> }, folder: string,
 *   extensionLog: string, log?: (line: string) => void }} options
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function signInWithDatabricks({ server, sandbox, folder, extensionLog, log = (l) => console.log(l) }) {
  mkdirSync(RESULTS, { recursive: true });
  const counts = { passed: 0, failed: 0 };
  const user = sandbox.info.signedInUser;
  const browser = await launchChromium({ trustSpki: [await serverSpki(sandbox.info.workspaceHost, sandbox.info.caPath)] });
  let page;
  const step = uiSteps({ counts, log, timeoutMs: STEP_TIMEOUT_MS * 2, page: () => page, extensionLog, screenshotPrefix: 'ui-failure-databricks', logLines: 10 });
  const statusBar = (text) => page.locator('.statusbar-item', { hasText: text }).first();
  const row = (text) => page.locator('.monaco-list-row', { hasText: text }).first();
  try {
    await step('the workbench opens and Access Lens shows "signed out" in the status bar', async () => {
      page = await openWorkbench(browser, server.workbenchUrl({ folder }), { timeoutMs: STEP_TIMEOUT_MS });
      await page.locator('.activitybar .action-item a[aria-label^="Access Lens"]').first().click({ timeout: STEP_TIMEOUT_MS });
      await statusBar('Access Lens: signed out').waitFor({ timeout: STEP_TIMEOUT_MS });
    });

    await step(`Sign In opens the workspace's consent page for the Databricks CLI app; Accept returns to VS Code signed in as ${user}`, async () => {
      const popup = page.context().waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
      await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Sign In' }).first().click({ timeout: STEP_TIMEOUT_MS });
      // VS Code asks before it opens a site that is not a trusted domain; a person clicks "Open".
      await page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: /^Open$/ }).first().click({ timeout: STEP_TIMEOUT_MS });
      const consent = await popup;
      const opened = new URL(consent.url());
      if (opened.origin !== new URL(sandbox.info.workspaceHost).origin || opened.pathname !== '/oidc/v1/authorize') throw new Error(`the sign-in opened ${opened.origin}${opened.pathname}, not the workspace's /oidc/v1/authorize`);
      if (opened.searchParams.get('client_id') !== 'databricks-cli') throw new Error(`the sign-in asked for client ${opened.searchParams.get('client_id')}, not databricks-cli`);
      await consent.getByText('Databricks CLI').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      // The workspace's page, not Entra's: a person signing in here never sees Microsoft's sign-in.
      if ((await consent.getByText('Microsoft Entra ID').count()) > 0) throw new Error("the workspace's consent page claims to be Microsoft Entra ID's");
      await consent.screenshot({ path: join(RESULTS, 'sign-in-databricks-consent.png') });
      await consent.locator('#accept').click({ timeout: STEP_TIMEOUT_MS });
      await consent.getByText('Access Lens has your sign-in').waitFor({ timeout: STEP_TIMEOUT_MS });
      const redirected = new URL(consent.url());
      if (redirected.host !== `localhost:${sandbox.redirectPort}`) throw new Error(`the browser came back to ${redirected.host}, not localhost:${sandbox.redirectPort}`);
      await statusBar(user).waitFor({ timeout: STEP_TIMEOUT_MS });
      await consent.close();
    });

    await step('the Clusters view shows the verdicts from the workspace groups (gpu-train: CAN_RESTART via ml-engineers)', async () => {
      await row('Sandbox').waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.locator('.monaco-list-row', { hasText: 'gpu-train' }).filter({ hasText: 'CAN_RESTART · via ml-engineers' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.screenshot({ path: join(RESULTS, 'sign-in-databricks.png') });
      log(`    screenshots: ${join(RESULTS, 'sign-in-databricks-consent.png')}, ${join(RESULTS, 'sign-in-databricks.png')}`);
    });

    await step('Sign Out from the command palette shows "signed out" again', async () => {
      await runPaletteCommand(page, 'Access Lens: Sign Out', STEP_TIMEOUT_MS);
      await statusBar('Access Lens: signed out').waitFor({ timeout: STEP_TIMEOUT_MS });
    });
  } catch (error) {
    countUncounted(counts, log, error);
  } finally {
    await browser.close().catch(() => undefined);
  }
  return counts;
}

/**
 * The user settings and environment for the workspace's own sign-in: the workspace and the provider, no Entra settings
 * (the Entra client id would otherwise replace databricks-cli), the free redirect port.
 */
function databricksConfiguration(info, { stateDir, redirectPort }) {
  const { env } = sandboxConfiguration(info, { stateDir });
  return {
    settings: { 'accessLens.workspaces': [{ host: info.workspaceHost, name: 'Sandbox' }], 'accessLens.identityProvider': 'databricks' },
    env: { ...env, ACCESS_LENS_REDIRECT_PORT: String(redirectPort) },
  };
}

/** Standalone: its own sandbox (127.0.0.2, no auto-approval), code-server with the VSIX (or the built folder), then signInWithDatabricks. */
export function runDatabricksSignInUi({ log = (l) => console.log(l), vsix = existsSync(VSIX) ? VSIX : null } = {}) {
  return onSandboxWorkbench({
    name: 'databricks',
    log,
    vsix,
    sandbox: { scenario: 'demo', host: BROWSER_SAFE_HOST },
    prepare: async (sandbox, stateDir) => {
      sandbox.redirectPort = await freePort();
      await postControl(sandbox.info.controlApi.workspace, 'u2m/redirect-ports', { port: sandbox.redirectPort }, sandbox.info.caPath);
      // Starts signed out and leaves nothing of this workspace's sign-in in the keychain.
      const forget = () => forgetSandboxSignIns(sandbox.info, { ACCESS_LENS_IDP: 'databricks', ACCESS_LENS_CLIENT_ID: '', ACCESS_LENS_AUTHORITY: '', ACCESS_LENS_TENANT: '' });
      return { ...databricksConfiguration(sandbox.info, { stateDir, redirectPort: sandbox.redirectPort }), forget };
    },
    run: (workbench) => signInWithDatabricks({ ...workbench, log }),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const outcome = await runDatabricksSignInUi({ vsix: process.argv.includes('--no-vsix') ? null : undefined });
  console.log(`ui (Databricks sign-in, Playwright + Chromium on code-server) took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`ui: ${outcome.passed} passed, ${outcome.failed} failed`);
  process.exit(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1);
}
