// UI steps of the Catalog view, run signed in on the demo scenario by accessLensView.ui.mjs: the
// view opens collapsed, expands main → ml → Tables with a verdict per item (catalog-view.png), and
// "Not listed here? Ask Why Can't I… by full name" asks for main.features.churn (a schema Unity
// Catalog does not list to alice) and opens its why with the privilege chain (why-table.png).
import { join } from 'node:path';
import { ROOT } from '../../scripts/vscode-host/codeServer.mjs';

const RESULTS = join(ROOT, 'test-results');
const TIMEOUT_MS = 60_000;

/**
 * @param {import('playwright-core').Page} page
 * @param {(name: string, run: () => Promise<void>) => Promise<void>} step
 * @param {(line: string) => void} log
 */
export async function catalogSteps(page, step, log) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Catalog' }) }).first();
  const row = (label) => pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();

  await step('the Catalog view lists catalogs, schemas and tables with a verdict each (main.ml.training_set: readable, but filtered)', async () => {
    // The other views fold away so the Catalog view has the height of the sidebar.
    for (const name of ['Clusters', 'Jobs']) {
      const header = page.locator('.pane-header.expanded', { hasText: name }).first();
      if (await header.isVisible()) await header.click();
    }
    await page.locator('.pane-header', { hasText: 'Catalog' }).first().click();
    await row('main').waitFor({ timeout: TIMEOUT_MS });
    await pane.locator('.monaco-list-row', { hasText: 'not bound to this workspace' }).first().waitFor({ timeout: TIMEOUT_MS });
    await row('main').click();
    await row('ml').waitFor({ timeout: TIMEOUT_MS });
    await row('ml').click();
    await row('Tables').waitFor({ timeout: TIMEOUT_MS });
    await row('Tables').click();
    await pane.locator('.monaco-list-row', { hasText: 'training_set' }).filter({ hasText: 'filtered' }).first().waitFor({ timeout: TIMEOUT_MS });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS, 'catalog-view.png') });
    log(`    screenshot: ${join(RESULTS, 'catalog-view.png')}`);
  });

  await step('"Why can\'t I…?" by full name opens the why of main.features.churn with its privilege chain', async () => {
    await pane.locator('.monaco-list-row', { hasText: 'Not listed here?' }).first().click();
    // Under Tables of main.ml: the question starts at a table named main.ml.…
    const quickInput = page.locator('.quick-input-widget');
    const input = quickInput.locator('input').first();
    await input.waitFor({ timeout: TIMEOUT_MS });
    await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value === 'main.ml.', undefined, { timeout: TIMEOUT_MS });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('main.features.churn');
    await page.keyboard.press('Enter');
    await quickInput.locator('.monaco-list-row', { hasText: 'modify' }).first().waitFor({ timeout: TIMEOUT_MS });
    await page.keyboard.type('select');
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'Why: main.features.churn (select)' }).first().waitFor({ timeout: TIMEOUT_MS });
    await page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('table.chain').waitFor({ timeout: TIMEOUT_MS });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS, 'why-table.png') });
    log(`    screenshot: ${join(RESULTS, 'why-table.png')}`);
  });
}
