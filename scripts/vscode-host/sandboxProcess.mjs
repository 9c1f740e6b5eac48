// Starts the sandbox (fake Entra ID + fake Databricks workspace, helper code in
// test/fakes) as its own process, for code-server's extension host and the
// browser to talk to over HTTPS with the sandbox's own CA.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, registerCleanup, spawnGroup } from './processes.mjs';

export const SANDBOX_CLI = join(ROOT, 'out', 'test', 'fakes', 'cli.js');

/**
 * A loopback address code-server leaves alone: it rewrites links to localhost, 127.0.0.1 and 0.0.0.0
 * into its port-forwarding path /proxy/<port>/ (plain HTTP through code-server), so the fake sign-in
 * pages must live elsewhere to open in its browser, as login.microsoftonline.com would. Linux routes
 * all of 127.0.0.0/8 to the loopback interface; macOS only 127.0.0.1 unless aliased.
 */
export const BROWSER_SAFE_HOST = process.platform === 'linux' ? '127.0.0.2' : '127.0.0.1';

/** The sandbox is compiled by `tsc -p .`; without it, callers skip what needs it. */
export function sandboxAvailable() {
  return existsSync(SANDBOX_CLI);
}

/**
 * @param {{ scenario: string, stateDir: string, autoApprove?: boolean, entraPort?: number, workspacePort?: number,
 *   host?: string, oidc?: boolean, verbose?: boolean, readyTimeoutMs?: number }} options
 *   `host`: the loopback address to listen on (default 127.0.0.1); BROWSER_SAFE_HOST for pages a browser in code-server opens.
 *   `oidc`: also start the real OpenID Connect provider (oidc-provider) that the workspace trusts.
 * @returns {Promise<{ info: { authority: string, tenantId: string, clientId: string, workspaceHost: string, caPath: string,
 *   controlApi: { entra: string, workspace: string }, [key: string]: unknown }, stop: () => Promise<void> }>}
 */
export async function startSandboxProcess(options) {
  if (!sandboxAvailable()) throw new Error(`${SANDBOX_CLI} is missing: run "npx tsc -p ." first.`);
  const args = [SANDBOX_CLI, '--scenario', options.scenario, '--state-dir', options.stateDir];
  if (options.autoApprove) args.push('--auto-approve');
  if (options.host) args.push('--host', options.host);
  if (options.entraPort) args.push('--entra-port', String(options.entraPort));
  if (options.workspacePort) args.push('--workspace-port', String(options.workspacePort));
  if (options.oidc) args.push('--oidc');
  if (options.verbose) args.push('--verbose');
  const { child, stop: stopGroup } = spawnGroup(process.execPath, args, { stdio: ['ignore', 'pipe', options.verbose ? 'inherit' : 'pipe'] });
  const stop = async () => {
    unregister();
    await stopGroup();
  };
  const unregister = registerCleanup('the sandbox', stop);
  let errors = '';
  child.stderr?.on('data', (d) => (errors = (errors + d.toString()).slice(-5000)));
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    const info = await new Promise((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`The sandbox did not print its JSON line within ${readyTimeoutMs / 1000} s.\n${errors}`)), readyTimeoutMs);
      child.stdout.on('data', (chunk) => {
        buffer += chunk.toString();
        const newline = buffer.indexOf('\n');
        if (newline === -1) return;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(buffer.slice(0, newline)));
        } catch {
          reject(new Error(`The sandbox printed something that is not its JSON line: ${buffer.slice(0, 200)}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The sandbox exited with ${code} before it was ready.\n${errors}`));
      });
    });
    for (const key of ['authority', 'tenantId', 'clientId', 'workspaceHost', 'caPath']) {
      if (typeof info[key] !== 'string') throw new Error(`The sandbox's JSON line lacks "${key}": ${JSON.stringify(info).slice(0, 300)}`);
    }
    return { info, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The user settings and environment that point the extension at a running
 * sandbox. The control-API URLs let tests inside the extension host steer it
 * and read its request log.
 * @returns {{ settings: Record<string, unknown>, env: Record<string, string> }}
 */
export function sandboxConfiguration(info, { stateDir } = {}) {
  const env = { NODE_EXTRA_CA_CERTS: info.caPath };
  if (info.controlApi?.workspace) env.ACCESS_LENS_SANDBOX_CONTROL = info.controlApi.workspace;
  if (info.controlApi?.entra) env.ACCESS_LENS_SANDBOX_ENTRA_CONTROL = info.controlApi.entra;
  if (stateDir) env.ACCESS_LENS_SANDBOX_FILE = join(stateDir, 'sandbox.json');
  return {
    settings: {
      'accessLens.workspaces': [{ host: info.workspaceHost, name: 'Sandbox' }],
      'accessLens.authority': info.authority,
      'accessLens.tenant': info.tenantId,
      'accessLens.clientId': info.clientId,
      // No browser to complete a loopback sign-in; the sandbox approves device codes itself.
      'accessLens.signInFlow': 'deviceCode',
    },
    env,
  };
}
