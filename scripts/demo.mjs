// npm run demo: the sandbox (fake Entra tenant + fake Databricks workspace,
// "demo" scenario) and a real VS Code with the extension installed and
// configured for it. Desktop `code` when it is on PATH, else code-server on
// 127.0.0.1 (installed on first use) whose URL is printed. Ctrl-C stops all.
// The sandbox listens on 127.0.0.2 (Linux): code-server rewrites links to
// localhost/127.0.0.1 into its port-forwarding path, where the HTTPS sign-in
// pages would not load.
//   --scenario NAME   another scenario from test/scenarios (default demo)
//   --port N          code-server port (default 3127, or a free one)
//   --flow F          accessLens.signInFlow to start with: browser (default), deviceCode or auto
//   --manual          do not auto-approve sign-ins: accept on the consent page, enter the device code
//   --check           start everything, then in headless Chromium sign in by browser and by device code
//                     as a person would (test/ui/signInFlows.ui.mjs), screenshots in test-results/, stop
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, codeServerInstalled, freePort, installExtension, startCodeServer } from './vscode-host/codeServer.mjs';
import { BROWSER_SAFE_HOST, sandboxConfiguration, startSandboxProcess } from './vscode-host/sandboxProcess.mjs';
import { signInBothWays, timingLine } from '../test/ui/signInFlows.ui.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const scenario = value('--scenario', 'demo');
const check = flag('--check');
const flow = value('--flow', 'browser');
if (!['browser', 'deviceCode', 'auto'].includes(flow)) {
  process.stderr.write(`demo: --flow must be browser, deviceCode or auto, got "${flow}".\n`);
  process.exit(2);
}
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
  // The check plays the person on the sandbox's pages, so nothing is approved for it.
  const autoApprove = !check && !flag('--manual');
  const sandbox = await startSandboxProcess({ scenario, stateDir: join(demoDir, 'sandbox'), autoApprove, host: BROWSER_SAFE_HOST });
  cleanups.push(sandbox.stop);
  const { settings, env } = sandboxConfiguration(sandbox.info);
  settings['accessLens.signInFlow'] = flow;
  // The extension's (redacted) log, for the person and for the check.
  const extensionLog = join(demoDir, 'extension.log');
  env.ACCESS_LENS_LOG_FILE = extensionLog;
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
      rmSync(extensionLog, { force: true });
      const outcome = await signInBothWays({ server, sandbox, folder: project, extensionLog, log: (line) => process.stdout.write(`${line}\n`) });
      process.stdout.write(`${timingLine(outcome.timings)}\n`);
      process.stdout.write(`demo check: ${outcome.passed} passed, ${outcome.failed} failed (screenshots in test-results/sign-in-*.png)\n`);
      await stopAll(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1);
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
          `  Sign In uses accessLens.signInFlow = ${flow}. To try the other flow: Sign Out (status bar item), pick`,
          '  Settings > Access Lens: Sign In Flow = browser or deviceCode (applies at once), Sign In again.',
          '  The browser flow opens the fake Entra page in a new tab; your browser does not know the sandbox CA',
          `  (${sandbox.info.caPath}): accept the warning for ${new URL(sandbox.info.authority).host}, or trust that CA.`,
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
