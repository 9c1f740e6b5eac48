// npm run test:desktop: the same mocha suite (out/test/integration) in desktop
// VS Code through @vscode/test-electron, for machines that can download VS
// Code. It needs the sandbox too, so it starts one as npm test does. Where the
// download is impossible (no network but the npm registry), it stops at once
// and says to use npm test, which runs the suite in code-server instead.
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './vscode-host/codeServer.mjs';
import { sandboxConfiguration, startSandboxProcess } from './vscode-host/sandboxProcess.mjs';

const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
const scratch = mkdtempSync(join(tmpdir(), 'access-lens-desktop-'));

// VSCODE_EXECUTABLE_PATH: a desktop VS Code already on this machine, so nothing is downloaded.
let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
try {
  vscodeExecutablePath ??= await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION ?? '1.139.1', timeout: 30_000 });
} catch (error) {
  console.error(`test:desktop: desktop VS Code could not be downloaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
  console.error('This machine cannot fetch it (set VSCODE_EXECUTABLE_PATH to a local VS Code), or run "npm test", which runs the same suite in a real VS Code extension host (code-server).');
  process.exit(2);
}

const sandbox = await startSandboxProcess({ scenario: 'basic', stateDir: join(scratch, 'sandbox'), autoApprove: true });
let code = 1;
try {
  const { settings, env } = sandboxConfiguration(sandbox.info);
  const userData = join(scratch, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'integration', 'index.js'),
    launchArgs: ['--user-data-dir', userData, '--disable-extensions', join(scratch, 'folder')],
    extensionTestsEnv: { ...env, ACCESS_LENS_SANDBOX_FILE: join(scratch, 'sandbox', 'sandbox.json') },
  });
} catch (error) {
  console.error(`test:desktop failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await sandbox.stop();
}
process.exit(code);
