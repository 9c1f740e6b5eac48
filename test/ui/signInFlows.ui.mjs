// UI test: a person signs in both ways in a real VS Code (code-server) in
// Debian Chromium, against the sandbox with approvals left to the person:
//  1. the browser (authorization code + PKCE): Sign In, VS Code's "open the
//     external website?" dialog, the fake Entra consent page in a new tab,
//     Accept, the loopback redirect, the signed-in status bar;
//  2. the device code: Sign In, the code in the progress notification, its
//     "Copy & Open" link, the fake Entra device login page in a new tab, the
//     code pasted from the clipboard, Continue, the signed-in status bar, and
//     no notification left showing the code;
//  3. Cancel on the device-code notification: it closes, nothing else appears.
// The sandbox listens on 127.0.0.2 (BROWSER_SAFE_HOST): code-server rewrites
// links to localhost/127.0.0.1 into its own /proxy/<port>/ path, where the
// HTTPS sign-in pages would never load. Chromium trusts exactly the sandbox's
// server key (an SPKI pin), so TLS is still verified for everything else.
// Screenshots: test-results/sign-in-browser.png, sign-in-device-code-prompt.png,
// sign-in-device-code.png (ui-failure-signin-<n>.png on failure).
//
//   node test/ui/signInFlows.ui.mjs [--no-vsix]     last line: "ui: N passed, M failed"
// scripts/demo.mjs --check runs the same steps on the demo's own sandbox and code-server.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, openWorkbench, serverSpki } from '../../scripts/vscode-host/browser.mjs';
import { ROOT } from '../../scripts/vscode-host/codeServer.mjs';
import { countUncounted, forgetSandboxSignIns, runPaletteCommand, uiSteps } from './uiSteps.mjs';
import { BROWSER_SAFE_HOST, sandboxConfiguration } from '../../scripts/vscode-host/sandboxProcess.mjs';
import { onSandboxWorkbench } from './uiWorkbench.mjs';

const RESULTS = join(ROOT, 'test-results');
const VSIX = join(ROOT, 'dist', 'databricks-access-lens.vsix');
const STEP_TIMEOUT_MS = 60_000;

export const seconds = (ms) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);

/** One line with the time each flow took (Sign In to status bar, and after the approval), for logs and the issue. */
export function timingLine(timings) {
  return `sign-in times against the sandbox: browser ${seconds(timings.browserMs)} (${seconds(timings.browserAfterApprovalMs)} after Accept), device code ${seconds(timings.deviceCodeMs)} (${seconds(timings.deviceCodeAfterApprovalMs)} after Continue)`;
}

/**
 * Signs in by browser, signs out, signs in by device code, in a workbench on `server` (code-server with
 * the extension installed and ACCESS_LENS_LOG_FILE = `extensionLog`), against a sandbox that approves nothing by itself.
 * @param {{ server: { workbenchUrl: Function }, sandbox: { info: Record<string, any> },
 *   folder: string, extensionLog: string, log?: (line: string) => void }} options
 * @returns {Promise<{ passed: number, failed: number, timings: { browserMs?: number, browserAfterApprovalMs?: number,
 *   deviceCodeMs?: number, deviceCodeAfterApprovalMs?: number } }>}
 */
export async function signInBothWays({ server, sandbox, folder, extensionLog, log = (l) => console.log(l) }) {
  mkdirSync(RESULTS, { recursive: true });
  const counts = { passed: 0, failed: 0, timings: {} };
  const user = sandbox.info.signedInUser;
  const pins = await Promise.all([sandbox.info.authority, sandbox.info.workspaceHost].map((url) => serverSpki(url, sandbox.info.caPath)));
  const browser = await launchChromium({ trustSpki: [...new Set(pins)] });
  let page;
  const step = uiSteps({ counts, log, timeoutMs: STEP_TIMEOUT_MS * 2, page: () => page, extensionLog, screenshotPrefix: 'ui-failure-signin', logLines: 10 });
  const statusBar = (text) => page.locator('.statusbar-item', { hasText: text }).first();
  const signInButton = () => page.locator('.welcome-view-content a.monaco-button', { hasText: 'Sign In' }).first();
  /** VS Code asks before it opens a site that is not a trusted domain; a person clicks "Open". */
  const confirmOpen = async () => {
    const open = page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: /^Open$/ }).first();
    await open.click({ timeout: STEP_TIMEOUT_MS });
  };
  /** Once the person approved in `tab`: the page confirms, the status bar shows the user, the tab closes; records the times. */
  const signedIn = async (flow, tab, confirmation, started) => {
    const approved = Date.now();
    await tab.getByText(confirmation).waitFor({ timeout: STEP_TIMEOUT_MS });
    await statusBar(user).waitFor({ timeout: STEP_TIMEOUT_MS });
    counts.timings[`${flow}Ms`] = Date.now() - started;
    counts.timings[`${flow}AfterApprovalMs`] = Date.now() - approved;
    await tab.close();
  };
  const runCommand = (title) => runPaletteCommand(page, title, STEP_TIMEOUT_MS);
  /**
   * Picks the sign-in flow in the Settings editor, as a person does (it applies without a reload), and waits until
   * the extension saw it. (Writing settings.json behind code-server's back is not seen: it does not watch that file.)
   */
  const useFlow = async (flow) => {
    await runCommand('Preferences: Open User Settings');
    await page.locator('.settings-editor').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.keyboard.type('accessLens.signInFlow');
    const select = page.locator('.setting-item-contents', { hasText: 'Sign In Flow' }).first().locator('select');
    // Under load the drop-down can close (or not yet be drawn) before the click on its row lands: open it again, up to 3 times.
    const row = page.locator('.monaco-select-box-dropdown-container .monaco-list-row', { hasText: new RegExp(`^${flow}`) }).first();
    for (let attempt = 1; ; attempt++) {
      try {
        await select.click({ timeout: STEP_TIMEOUT_MS / 3 });
        await row.click({ timeout: STEP_TIMEOUT_MS / 6 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        // Escape closes an open drop-down; with none open it would close the Settings editor itself.
        if (await page.locator('.monaco-select-box-dropdown-container').isVisible()) await page.keyboard.press('Escape');
        await page.waitForTimeout(500);
      }
    }
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (!(existsSync(extensionLog) && readFileSync(extensionLog, 'utf8').trim().split('\n').filter((l) => l.includes('Configuration:')).at(-1)?.includes(`sign-in flow ${flow}`))) {
      if (Date.now() > deadline) throw new Error(`the extension did not pick up accessLens.signInFlow = ${flow} within ${STEP_TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Escape closes the Settings editor (shown as a modal in VS Code 1.139).
    for (let i = 0; i < 3 && (await page.locator('.settings-editor').count()) > 0; i++) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
    await page.locator('.settings-editor').first().waitFor({ state: 'detached', timeout: 5_000 });
  };

  try {
    await step('the workbench opens and Access Lens shows "signed out" in the status bar', async () => {
      page = await openWorkbench(browser, server.workbenchUrl({ folder }), { timeoutMs: STEP_TIMEOUT_MS });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await page.locator('.activitybar .action-item a[aria-label^="Access Lens"]').first().click({ timeout: STEP_TIMEOUT_MS });
      await statusBar('Access Lens: signed out').waitFor({ timeout: STEP_TIMEOUT_MS });
    });

    await step(`browser sign-in: consent page in a new tab, Accept, back in VS Code signed in as ${user}`, async () => {
      await useFlow('browser');
      const started = Date.now();
      const popup = page.context().waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
      await signInButton().click();
      await confirmOpen();
      const consent = await popup;
      await consent.locator('#accept').click({ timeout: STEP_TIMEOUT_MS });
      await signedIn('browser', consent, 'Access Lens has your sign-in', started);
      await page.screenshot({ path: join(RESULTS, 'sign-in-browser.png') });
      log(`    ${seconds(counts.timings.browserMs)} from Sign In to the status bar, ${seconds(counts.timings.browserAfterApprovalMs)} of it after Accept; screenshot: ${join(RESULTS, 'sign-in-browser.png')}`);
    });

    await step('Sign Out from the command palette shows "signed out" again', async () => {
      await runCommand('Access Lens: Sign Out');
      await statusBar('Access Lens: signed out').waitFor({ timeout: STEP_TIMEOUT_MS });
    });

    await step(`device-code sign-in: the code and "Copy & Open" in the progress notification, the code pasted on the device login page, signed in as ${user}, and the notification gone`, async () => {
      await useFlow('deviceCode');
      await runCommand('Notifications: Clear All Notifications');
      const started = Date.now();
      await signInButton().click();
      const prompt = page.locator('.notification-list-item', { hasText: 'enter the code' }).first();
      await prompt.waitFor({ timeout: STEP_TIMEOUT_MS });
      const code = /enter the code (\S+) at/.exec(await prompt.innerText())?.[1];
      if (!code) throw new Error(`no code in the notification: ${await prompt.innerText()}`);
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(RESULTS, 'sign-in-device-code-prompt.png') });
      const popup = page.context().waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
      await prompt.locator('a', { hasText: 'Copy & Open' }).click();
      await confirmOpen();
      const login = await popup;
      const field = login.locator('#otc');
      await field.click({ timeout: STEP_TIMEOUT_MS });
      await login.keyboard.press('Control+V');
      const pasted = await field.inputValue();
      if (pasted !== code) throw new Error(`"Copy & Open" should have put the code ${code} on the clipboard; pasting gave "${pasted}"`);
      await login.locator('#continue').click();
      await signedIn('deviceCode', login, 'You have signed in', started);
      // The progress notification ends with the sign-in; nothing may keep showing the code.
      await page.locator('.notification-list-item', { hasText: code }).first().waitFor({ state: 'detached', timeout: 10_000 });
      await runCommand('Notifications: Show Notifications');
      await page.waitForTimeout(500);
      const lingering = await page.locator('.notification-list-item', { hasText: code }).count();
      if (lingering > 0) throw new Error(`${lingering} notification(s) still show the device code ${code} after the sign-in`);
      await page.keyboard.press('Escape');
      await page.screenshot({ path: join(RESULTS, 'sign-in-device-code.png') });
      log(`    ${seconds(counts.timings.deviceCodeMs)} from Sign In to the status bar, ${seconds(counts.timings.deviceCodeAfterApprovalMs)} of it after Continue (MSAL polls every 5 s, the interval Entra gives); screenshot: ${join(RESULTS, 'sign-in-device-code.png')}`);
    });

    await step('Cancel on the device-code notification closes it and leaves you signed out', async () => {
      await runCommand('Access Lens: Sign Out');
      await statusBar('Access Lens: signed out').waitFor({ timeout: STEP_TIMEOUT_MS });
      await runCommand('Notifications: Clear All Notifications');
      await signInButton().click();
      const prompt = page.locator('.notification-list-item', { hasText: 'enter the code' }).first();
      await prompt.waitFor({ timeout: STEP_TIMEOUT_MS });
      await prompt.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await prompt.waitFor({ state: 'detached', timeout: 10_000 });
      // Cancelling is not an error: no message about it, and still signed out.
      await page.waitForTimeout(6_000);
      const messages = await page.locator('.notification-list-item-message').allInnerTexts();
      if (messages.length > 0) throw new Error(`after Cancel, notifications remain: ${messages.join(' | ')}`);
      await statusBar('Access Lens: signed out').waitFor({ timeout: 1_000 });
    });
  } catch (error) {
    countUncounted(counts, log, error);
  } finally {
    await browser.close().catch(() => undefined);
  }
  return counts;
}

/** Standalone: its own sandbox (127.0.0.2, no auto-approval), code-server with the VSIX (or the built folder), then signInBothWays. */
export async function runSignInFlowsUi({ log = (l) => console.log(l), vsix = existsSync(VSIX) ? VSIX : null } = {}) {
  const outcome = await onSandboxWorkbench({
    name: 'signin',
    log,
    vsix,
    sandbox: { scenario: 'demo', host: BROWSER_SAFE_HOST },
    // A person signing in for the first time: nothing of this tenant in the keychain (the views test
    // before this one signs in to the same tenant), and nothing left behind afterwards.
    prepare: async (sandbox, stateDir) => ({ ...sandboxConfiguration(sandbox.info, { stateDir }), forget: () => forgetSandboxSignIns(sandbox.info) }),
    run: (workbench) => signInBothWays({ ...workbench, log }),
  });
  return { timings: {}, ...outcome };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const outcome = await runSignInFlowsUi({ vsix: process.argv.includes('--no-vsix') ? null : undefined });
  console.log(timingLine(outcome.timings));
  console.log(`ui (sign-in flows, Playwright + Chromium on code-server) took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`ui: ${outcome.passed} passed, ${outcome.failed} failed`);
  process.exit(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1);
}
