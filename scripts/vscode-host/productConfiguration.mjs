// Product configuration for one test run of the workbench, without touching
// the code-server install (shared by every checkout and by the demo).
//
// Why: an extension may read another provider's session without a prompt only
// when the user allowed it once (VS Code's "The extension wants to sign in
// using …" dialog) or when the product trusts it (product.json
// `trustedExtensionAuthAccess`, string[] or Record<providerId, string[]>;
// authenticationAccessService.ts isAccessAllowed). A workbench started for
// extension tests refuses every dialog ("DialogService: refused to show dialog
// in tests"), so the Microsoft-account test trusts the extension for its test
// provider instead. The web workbench mixes the page's `productConfiguration`
// (the data-settings of the element vscode-workbench-web-configuration) over
// its built-in product.json (web.main.ts initServices); code-server fills it
// from its own install only, so the harness adds the entry in the page.
//
// In the page, not on the wire: a response the browser did not fetch itself
// (Playwright's route.fulfill) loses its loopback address space, and
// Chromium's local-network-access checks then block the workbench's
// WebSocket to code-server (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).

/**
 * Runs in the page before its scripts: when the parser is done (readyState "interactive"), which is
 * before module scripts such as workbench.js run (HTML "the end of parsing"), it adds `extra`.
 * @param {Record<string, unknown>} extra
 */
function addToWorkbenchConfiguration(extra) {
  document.addEventListener('readystatechange', () => {
    const element = document.readyState === 'interactive' ? document.getElementById('vscode-workbench-web-configuration') : null;
    const settings = element?.getAttribute('data-settings');
    if (!element || !settings) return;
    const configuration = JSON.parse(settings);
    configuration.productConfiguration = { ...(configuration.productConfiguration ?? {}), ...extra };
    element.setAttribute('data-settings', JSON.stringify(configuration));
  });
}

/**
 * Makes the browser context's workbench pages carry `extra` in their product configuration (this run only).
 * @param {import('playwright-core').BrowserContext} context
 * @param {Record<string, unknown>} extra e.g. { trustedExtensionAuthAccess: { [providerId]: [extensionId] } }
 */
export async function addProductConfiguration(context, extra) {
  await context.addInitScript(addToWorkbenchConfiguration, extra);
}
