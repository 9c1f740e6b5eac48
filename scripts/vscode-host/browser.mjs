// Debian's Chromium driven by playwright-core (no Playwright browser download:
// there is no network for it). Headless, a fresh profile per launch, nothing
// that phones home.
import { existsSync } from 'node:fs';
import { registerCleanup, withTimeout } from './processes.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--password-store=basic',
];

/**
 * Launches Chromium; the browser is closed by `browser.close()` or, at the
 * latest, by the harness's shutdown (signals, timeouts, errors).
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium({ timeoutMs = 60_000 } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install the Debian package "chromium" (scripts/prereqs.sh does), or set CHROMIUM_PATH.`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: timeoutMs,
    // Chromium needs no D-Bus (the keyring is the extension host's business): under the tests' private
    // session it would start an accessibility bus and the session daemon would log about it.
    env: { ...process.env, NO_AT_BRIDGE: '1', DBUS_SESSION_BUS_ADDRESS: 'disabled:' },
    // Our own shutdown closes it: Playwright's handlers would exit the process before the other cleanups ran.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const unregister = registerCleanup('Chromium', () => browser.close());
  browser.once('disconnected', unregister);
  return browser;
}

/**
 * Opens `url` in a new 1280x800 page and waits for the VS Code workbench to render.
 * @returns {Promise<import('playwright-core').Page>}
 */
export async function openWorkbench(browser, url, { timeoutMs = 60_000, viewport = { width: 1280, height: 800 }, ignoreHTTPSErrors = false } = {}) {
  // ignoreHTTPSErrors: for pages the sandbox serves with its test CA (the fake sign-in pages), never for real hosts.
  const page = await browser.newPage({ viewport, ignoreHTTPSErrors });
  await page.goto(url, { timeout: timeoutMs });
  await withTimeout(page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs }), timeoutMs + 1000, 'The VS Code workbench');
  return page;
}
