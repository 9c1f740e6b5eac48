// Starts the sandbox (fake Entra ID + fake Databricks workspace) as its own
// process, for code-server's extension host and the browser to talk to.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './codeServer.mjs';

const CLI = join(ROOT, 'out', 'test', 'fakes', 'cli.js');

/**
 * @param {{ scenario: string, stateDir: string, autoApprove?: boolean, entraPort?: number, workspacePort?: number, verbose?: boolean }} options
 * @returns {Promise<{ info: Record<string, any>, stop: () => Promise<void> }>}
 */
export async function startSandboxProcess(options) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run compile-tests" first.`);
  const args = [CLI, '--scenario', options.scenario, '--state-dir', options.stateDir];
  if (options.autoApprove) args.push('--auto-approve');
  if (options.entraPort) args.push('--entra-port', String(options.entraPort));
  if (options.workspacePort) args.push('--workspace-port', String(options.workspacePort));
  if (options.verbose) args.push('--verbose');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', options.verbose ? 'inherit' : 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (d) => (errors = (errors + d.toString()).slice(-5000)));
  const info = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`The sandbox did not start within 30 s.\n${errors}`)), 30_000);
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
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { info, stop };
}

/** The settings and environment that point the extension at a running sandbox. */
export function sandboxConfiguration(info) {
  return {
    settings: {
      'accessLens.workspaces': [{ host: info.workspaceHost, name: 'Sandbox' }],
      'accessLens.authority': info.authority,
      'accessLens.tenant': info.tenantId,
      'accessLens.clientId': info.clientId,
      'accessLens.signInFlow': 'deviceCode',
    },
    env: { NODE_EXTRA_CA_CERTS: info.caPath },
  };
}
