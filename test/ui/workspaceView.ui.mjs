// UI step of the Workspace view, run signed in on the demo scenario by accessLensView.ui.mjs after
// the Catalog steps: the view opens collapsed, its SQL and Compute groups expand, and "Can I
// create a cluster?" gets its verdict (workspace-view.png). The demo's warehouses, policies and
// pools come with the demo scenario's every-kind data (issue 16); without them the groups say
// that nothing is visible, and the step still checks the groups and the verdict.
import { join } from 'node:path';
import { ROOT } from '../../scripts/vscode-host/codeServer.mjs';

const RESULTS = join(ROOT, 'test-results');
const TIMEOUT_MS = 60_000;

/**
 * @param {import('playwright-core').Page} page
 * @param {(name: string, run: () => Promise<void>) => Promise<void>} step
 * @param {(line: string) => void} log
 */
export async function workspaceViewSteps(page, step, log) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Workspace/ }) }).last();
  const row = (label) => pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();

  await step('the Workspace view expands SQL and Compute; "Can I create a cluster?" gets its verdict', async () => {
    // The other views fold away so the Workspace view has the height of the sidebar.
    for (const name of ['Clusters', 'Jobs', 'Catalog']) {
      const header = page.locator('.pane-header.expanded', { hasText: name }).first();
      if (await header.isVisible()) await header.click();
    }
    // Clicked until it is expanded: folding the Catalog pane moves this header up the sidebar, and
    // in CI a click on it once did not take (every pane stayed folded, and the step waited a minute
    // for rows); an already expanded header is not clicked, which would fold it.
    const expanded = page.locator('.pane-header.expanded', { hasText: /^Workspace/ }).last();
    for (let attempt = 0; attempt < 3 && !(await expanded.isVisible()); attempt++) {
      await page.locator('.pane-header', { hasText: /^Workspace/ }).last().click();
      await expanded.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    await row('SQL').waitFor({ timeout: TIMEOUT_MS });
    await row('SQL').click();
    await row('Compute').click();
    const create = pane.locator('.monaco-list-row', { hasText: 'Can I create a cluster?' }).first();
    await create.waitFor({ timeout: TIMEOUT_MS });
    await pane.locator('.monaco-list-row', { hasText: 'Can I create a cluster?' }).filter({ hasText: /yes|no|unknown/ }).first().waitFor({ timeout: TIMEOUT_MS });
    await create.click();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(RESULTS, 'workspace-view.png') });
    log(`    screenshot: ${join(RESULTS, 'workspace-view.png')}`);
  });
}
