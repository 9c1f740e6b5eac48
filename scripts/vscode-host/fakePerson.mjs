// The person at the browser during the extension-host tests: when the
// workbench opens a page for a sign-in at the sandbox (the extension's
// vscode.env.openExternal, a new tab in Chromium), the sandbox's fake browser
// (test/fakes/browser.ts) completes it as a person would in their own browser:
// the authorize page, Accept on a consent page, then the redirect to the
// extension's loopback http://localhost:<port>. The tab itself is closed: the
// test CA is not Chromium's, and code-server turns links to 127.0.0.1 into its
// /proxy/<port>/ path, which cannot reach an HTTPS server.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './processes.mjs';

const require = createRequire(import.meta.url);

/**
 * The sandbox URL a tab was opened for, if it is a sign-in (an authorize endpoint) at the sandbox's workspace or Entra,
 * directly or through code-server's /proxy/<port>/ rewrite; else undefined.
 * @param {string} opened the URL Chromium navigates the new tab to
 * @param {{ authority: string, workspaceHost: string }} info
 */
export function sandboxSignInUrl(opened, info) {
  let url;
  try {
    url = new URL(opened);
  } catch {
    return undefined;
  }
  for (const base of [info.workspaceHost, info.authority].map((u) => new URL(u))) {
    let target;
    if (url.origin === base.origin) target = new URL(url.href);
    const proxied = /^\/proxy\/(\d+)(\/.*)$/.exec(url.pathname);
    if (proxied && proxied[1] === base.port) target = new URL(`${base.origin}${proxied[2]}${url.search}`);
    if (target && /\/authorize$/.test(target.pathname)) return target.toString();
  }
  return undefined;
}

/**
 * Plays every sign-in tab the workbench opens in `context` (a Playwright BrowserContext).
 * @param {import('playwright-core').BrowserContext} context
 * @param {{ authority: string, workspaceHost: string, caPath: string }} info the sandbox's
 * @param {(line: string) => void} log
 */
export function playSignInTabs(context, info, log) {
  const { completeSignInInBrowser } = require(join(ROOT, 'out', 'test', 'fakes', 'browser.js'));
  // A popup's first request comes before its frame: the tab is closed when it appears (at its first URL).
  context.on('page', (tab) => {
    if (sandboxSignInUrl(tab.url(), info)) void tab.close().catch(() => undefined);
  });
  context.on('request', (request) => {
    if (!request.isNavigationRequest()) return;
    const url = sandboxSignInUrl(request.url(), info);
    if (!url) return;
    completeSignInInBrowser(url, { caPath: info.caPath }).then(
      (outcome) => log(`fake person: signed in at ${url.split('?')[0]} (the tab opened ${request.url().split('?')[0]}), the browser went back to ${outcome.deliveredTo} (HTTP ${outcome.status})`),
      (error) => log(`fake person: the sign-in at ${url.split('?')[0]} did not complete: ${error.message}`),
    );
  });
}
