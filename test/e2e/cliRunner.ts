// Runs the built CLI (dist/cli.js) as a user would: a separate process, real
// HTTPS to the sandbox, the real OS keychain of the private D-Bus session.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Sandbox } from '../fakes/sandbox';

export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export function sandboxEnv(sandbox: Pick<Sandbox, 'authority' | 'tenantId' | 'clientId' | 'workspaceHost' | 'caPath'>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('ACCESS_LENS_') && key !== 'ACCESS_LENS_PRIVATE_KEYRING' && key !== 'ACCESS_LENS_KEYRING_HOME') delete env[key];
  return {
    ...env,
    ACCESS_LENS_AUTHORITY: sandbox.authority,
    ACCESS_LENS_TENANT: sandbox.tenantId,
    ACCESS_LENS_CLIENT_ID: sandbox.clientId,
    DATABRICKS_HOST: sandbox.workspaceHost,
    NODE_EXTRA_CA_CERTS: sandbox.caPath,
    // No proxy may catch loopback traffic, and nothing may try a desktop browser.
    HTTPS_PROXY: '',
    DISPLAY: '',
    ...extra,
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, json: <T>() => JSON.parse(stdout) as T });
    });
    child.stdin.end(stdin ?? '');
  });
}
