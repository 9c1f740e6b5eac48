// Debian's Chromium driven by playwright-core (no Playwright browser download:
// there is no network for it). Headless, a fresh profile per launch, nothing
// that phones home.
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as tls from 'node:tls';
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
 * The SPKI pin (base64 SHA-256 of the public key) of the TLS server at `url`, after verifying its
 * certificate against the CA in `caPath`: what Chromium's --ignore-certificate-errors-spki-list takes,
 * so that the browser trusts exactly the sandbox's server key and still verifies everything else.
 * @returns {Promise<string>}
 */
export function serverSpki(url, caPath, timeoutMs = 10_000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: hostname, port: Number(port), ca: readFileSync(caPath), timeout: timeoutMs }, () => {
      const der = new X509Certificate(socket.getPeerCertificate().raw).publicKey.export({ type: 'spki', format: 'der' });
      socket.end();
      resolve(createHash('sha256').update(der).digest('base64'));
    });
    socket.once('timeout', () => socket.destroy(new Error(`${url} did not complete a TLS handshake within ${timeoutMs / 1000} s`)));
    socket.once('error', reject);
  });
}

/**
 * Launches Chromium; the browser is closed by `browser.close()` or, at the
 * latest, by the harness's shutdown (signals, timeouts, errors).
 * @param {{ timeoutMs?: number, trustSpki?: string[] }} [options]
 *   `trustSpki`: server keys (serverSpki) to accept although their CA is not in Chromium's store (the sandbox's).
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium({ timeoutMs = 60_000, trustSpki = [] } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install the Debian package "chromium" (scripts/prereqs.sh does), or set CHROMIUM_PATH.`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: trustSpki.length > 0 ? [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${trustSpki.join(',')}`] : CHROMIUM_ARGS,
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
