// npm run demo: the sandbox (fake Entra tenant + fake Databricks workspace,
// "demo" scenario) and a real VS Code with the extension installed and
// configured for it. Desktop `code` when it is on PATH, else code-server on
// 127.0.0.1 (installed on first use) whose URL is printed. Ctrl-C stops all.
//   --scenario NAME   another scenario from test/scenarios (default demo)
//   --port N          code-server port (default 3127, or a free one)
//   --manual          do not auto-approve sign-ins: enter the device code on the sandbox page
//   --check           start everything, confirm in headless Chromium that the view appears, stop
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, codeServerInstalled, freePort, installExtension, launchChromium, startCodeServer } from './vscode-host/codeServer.mjs';
import { sandboxConfiguration, startSandboxProcess } from './vscode-host/sandboxProcess.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const scenario = value('--scenario', 'demo');
const check = flag('--check');
const demoDir = join(ROOT, '.cache', 'demo');
const cleanups = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function step(command, args, label) {
  process.stderr.write(`• ${label}\n`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}).`);
}

try {
  step(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], 'Compiling (tsc)');
  step('npm', ['run', '--silent', 'package'], 'Building the extension (VSIX)');
  mkdirSync(demoDir, { recursive: true });
  const sandbox = await startSandboxProcess({ scenario, stateDir: join(demoDir, 'sandbox'), autoApprove: !flag('--manual') });
  cleanups.push(sandbox.stop);
  const { settings, env } = sandboxConfiguration(sandbox.info);
  const project = join(demoDir, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'README.md'), '# Demo project\n\nOpen the Access Lens view in the activity bar and sign in.\n');

  const desktop = !check && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
  if (desktop) {
    const userData = join(demoDir, 'code-user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const child = spawn('code', ['--new-window', '--wait', '--user-data-dir', userData, '--extensionDevelopmentPath', ROOT, project], { env: { ...process.env, ...env }, stdio: 'inherit' });
    process.stderr.write('Opened VS Code with Access Lens on the sandbox. Close the window or press Ctrl-C to stop.\n');
    child.on('exit', () => void stopAll(0));
  } else {
    if (!codeServerInstalled()) step('bash', [join(ROOT, 'scripts/install-code-server.sh')], 'Installing code-server (first run only, a few minutes)');
    const extensionsDir = join(demoDir, 'extensions');
    await installExtension({ extensionsDir, vsix: join(ROOT, 'dist/databricks-access-lens.vsix') });
    const server = await startCodeServer({ scratch: join(demoDir, 'vscode'), extensionsDir, settings, env, port: await portOrFree(Number(value('--port', '3127'))) });
    cleanups.push(server.stop);
    const url = `${server.url}/?folder=${encodeURIComponent(project)}`;
    if (check) {
      const browser = await launchChromium();
      cleanups.push(() => browser.close());
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url, { timeout: 60_000 });
      await page.locator('.activitybar [aria-label^="Access Lens"]').first().click({ timeout: 60_000 });
      await page.locator('.pane-header', { hasText: 'Clusters' }).first().waitFor({ timeout: 30_000 });
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-results', 'demo.png') });
      process.stdout.write(`demo check: the Access Lens view appears at ${server.url} (screenshot test-results/demo.png)\n`);
      await stopAll(0);
    } else {
      process.stdout.write(
        [
          '',
          `  Access Lens demo is running.`,
          `  VS Code (code-server):  ${url}`,
          `  Fake Entra ID:          ${sandbox.info.authority}/${sandbox.info.tenantId}   (device code page: ${sandbox.info.deviceLoginUrl})`,
          `  Fake workspace:         ${sandbox.info.workspaceHost}`,
          `  Signed-in user:         ${sandbox.info.signedInUser}${flag('--manual') ? '' : ' (sign-ins are approved automatically; --manual to enter codes)'}`,
          '',
          '  The CLI against the same sandbox (another terminal):',
          `    export ACCESS_LENS_AUTHORITY=${sandbox.info.authority} ACCESS_LENS_TENANT=${sandbox.info.tenantId} ACCESS_LENS_CLIENT_ID=${sandbox.info.clientId}`,
          `    export DATABRICKS_HOST=${sandbox.info.workspaceHost} NODE_EXTRA_CA_CERTS=${sandbox.info.caPath}`,
          '    node dist/cli.js login --device-code && node dist/cli.js ls clusters',
          '',
          '  Ctrl-C stops everything.',
          '',
        ].join('\n'),
      );
    }
  }
} catch (error) {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll(1);
}

async function portOrFree(port) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => freePort().then(resolve));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(port)));
  });
}
