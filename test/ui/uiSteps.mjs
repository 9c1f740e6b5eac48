// Named steps for the UI tests: each runs under a time limit and is counted
// and logged with ✔/✗. A failing step logs what the workbench showed (its
// notifications, `extraLines()`, the tail of the extension's own log), saves a
// screenshot to test-results/<screenshotPrefix>-<n>.png, and ends the run: the
// error it rethrows is marked `counted`, so the caller does not count it again.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/vscode-host/codeServer.mjs';
import { withTimeout } from '../../scripts/vscode-host/processes.mjs';

/**
 * @param {{ counts: { passed: number, failed: number }, log: (line: string) => void, timeoutMs: number,
 *   page: () => import('playwright-core').Page | undefined, extensionLog: string, screenshotPrefix: string,
 *   logLines?: number, extraLines?: () => string[] }} options
 * @returns {(name: string, fn: () => Promise<unknown>) => Promise<void>}
 */
export function uiSteps({ counts, log, timeoutMs, page, extensionLog, screenshotPrefix, logLines = 15, extraLines = () => [] }) {
  let stepNo = 0;
  return async (name, fn) => {
    stepNo += 1;
    try {
      await withTimeout(fn(), timeoutMs, `The step "${name}"`);
      counts.passed += 1;
      log(`  ✔ ${name}`);
    } catch (error) {
      counts.failed += 1;
      log(`  ✗ ${name}: ${String(error?.message ?? error).split('\n')[0]}`);
      const current = page();
      if (current) {
        for (const line of extraLines()) log(`    ${line}`);
        for (const text of await current.locator('.notification-list-item-message').allInnerTexts().catch(() => [])) log(`    [notification] ${text}`);
        if (existsSync(extensionLog)) {
          for (const line of readFileSync(extensionLog, 'utf8').trim().split('\n').slice(-logLines)) log(`    [extension] ${line}`);
        }
        const shot = join(ROOT, 'test-results', `${screenshotPrefix}-${stepNo}.png`);
        await current.screenshot({ path: shot, timeout: 10_000 }).then(() => log(`    screenshot: ${shot}`), () => undefined);
      }
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { counted: true });
    }
  };
}

/**
 * Runs a command from the palette, as a person types it, and picks the row with exactly that title.
 * @param {import('playwright-core').Page} page
 */
export async function runPaletteCommand(page, title, timeoutMs) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.click({ timeout: timeoutMs });
}

/** Counts an error that ended a run of steps, unless its step counted it already (uiSteps marks those). */
export function countUncounted(counts, log, error) {
  if (error?.counted) return;
  counts.failed += 1;
  log(`  ✗ ${String(error?.message ?? error).split('\n')[0]}`);
}

/**
 * Signs the sandbox's tenant out of the keychain with the product's own `access-lens logout`
 * (it removes only that tenant's items): each UI test starts signed out, whatever an earlier
 * test in the same keyring left behind, and leaves nothing behind itself.
 * @param {{ authority: string, tenantId: string, clientId: string, workspaceHost: string, caPath: string }} info
 * @param {Record<string, string>} [extraEnv] another sign-in to forget (ACCESS_LENS_IDP=databricks: the workspace's own)
 */
export function forgetSandboxSignIns(info, extraEnv = {}) {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) return Promise.resolve();
  const env = {
    ...process.env,
    ACCESS_LENS_AUTHORITY: info.authority,
    ACCESS_LENS_TENANT: info.tenantId,
    ACCESS_LENS_CLIENT_ID: info.clientId,
    DATABRICKS_HOST: info.workspaceHost,
    NODE_EXTRA_CA_CERTS: info.caPath,
    ...extraEnv,
  };
  return new Promise((resolve) => execFile(process.execPath, [cli, 'logout'], { env, timeout: 30_000 }, () => resolve()));
}
