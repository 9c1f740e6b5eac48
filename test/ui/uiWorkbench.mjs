// The frame of a standalone UI test: a scratch folder to open, the sandbox as
// its own process, the extension installed into code-server (the VSIX, or the
// built folder) with its log mirrored to test-results/, and everything stopped
// and removed afterwards, whatever failed. The test's steps run in between.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, installExtension, removeQuietly, startCodeServer } from '../../scripts/vscode-host/codeServer.mjs';
import { withTimeout } from '../../scripts/vscode-host/processes.mjs';
import { sandboxAvailable, startSandboxProcess } from '../../scripts/vscode-host/sandboxProcess.mjs';

const RESULTS = join(ROOT, 'test-results');

/**
 * @param {{ name: string, log: (line: string) => void, vsix: string | null,
 *   sandbox: { scenario: string, host?: string },
 *   prepare: (sandbox: { info: Record<string, any> }, stateDir: string) => Promise<{ settings: Record<string, unknown>, env: Record<string, string>, forget: () => Promise<void> }>,
 *   run: (workbench: { server: { workbenchUrl: Function }, sandbox: { info: Record<string, any> }, folder: string, extensionLog: string }) => Promise<{ passed: number, failed: number }> }} options
 *   `name`: a word for the scratch folder and the log file (test-results/ui-<name>-extension.log);
 *   `prepare`: sets the sandbox up and says how to configure the extension, and how to forget its sign-ins
 *   (run before the test, so it starts signed out, and after it, so it leaves nothing in the keychain).
 * @returns {Promise<{ passed: number, failed: number }>} one failure when the frame itself failed
 */
export async function onSandboxWorkbench({ name, log, vsix, sandbox: sandboxOptions, prepare, run }) {
  if (!sandboxAvailable()) {
    log('  (out/test/fakes/cli.js is not built: run "npx tsc -p ." first)');
    return { passed: 0, failed: 1 };
  }
  const scratch = mkdtempSync(join(tmpdir(), `access-lens-ui-${name}-`));
  const folder = join(scratch, 'project');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'README.md'), `# ${name} check\n`);
  const stops = [];
  try {
    const stateDir = join(scratch, 'sandbox');
    const sandbox = await startSandboxProcess({ ...sandboxOptions, stateDir });
    stops.push(sandbox.stop);
    const { settings, env, forget } = await prepare(sandbox, stateDir);
    await forget();
    stops.push(forget);
    const extensionsDir = join(scratch, 'extensions');
    log(`    ${await installExtension({ extensionsDir, vsix })}`);
    const extensionLog = join(RESULTS, `ui-${name}-extension.log`);
    mkdirSync(RESULTS, { recursive: true });
    rmSync(extensionLog, { force: true });
    const server = await startCodeServer({ scratch: join(scratch, 'vscode'), extensionsDir, settings, env: { ...env, ACCESS_LENS_LOG_FILE: extensionLog } });
    stops.push(server.stop);
    return await run({ server, sandbox, folder, extensionLog });
  } catch (error) {
    log(`  ✗ ${String(error?.message ?? error).split('\n')[0]}`);
    return { passed: 0, failed: 1 };
  } finally {
    for (const stop of stops.reverse()) await withTimeout(stop(), 15_000, 'A cleanup').catch((error) => log(`cleanup: ${error.message}`));
    removeQuietly(scratch);
  }
}
