// accessLens.shareWithTerminals in the real extension host: a new integrated terminal runs the real
// @databricks/sdk-experimental WorkspaceClient with nothing but the environment the extension gave it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sdkClientScript, type SdkListing } from '../fakes/sdkClientScript';
import { SandboxInfo, control, sandboxInfo } from './sandboxControl';

const EXTENSION_ID = 'access-lens.databricks-access-lens';

/** Runs the SDK script in a new integrated terminal and waits for the file it writes. */
async function listInTerminal(info: SandboxInfo, script: string, dir: string, name: string): Promise<SdkListing> {
  const out = path.join(dir, `${name}.json`);
  const terminal = vscode.window.createTerminal({ name: `access-lens ${name}`, shellPath: '/bin/sh' });
  // The variables come from the extension's environmentVariableCollection; only the sandbox CA is ours.
  terminal.sendText(`NODE_EXTRA_CA_CERTS='${info.caPath}' '${process.execPath}' '${script}' '${out}'; exit`);
  const deadline = Date.now() + 30_000;
  try {
    while (!fs.existsSync(out)) {
      if (Date.now() > deadline) throw new Error(`the terminal wrote nothing to ${out} in 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return JSON.parse(fs.readFileSync(out, 'utf8')) as SdkListing;
  } finally {
    terminal.dispose();
  }
}

describe('accessLens.shareWithTerminals hands the sign-in to the real Databricks SDK in a terminal', function () {
  this.timeout(120_000);
  let info: SandboxInfo;
  let dir: string;
  let script: string;
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('accessLens');

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    info = sandboxInfo();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    await extension?.activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-terminal-'));
    script = path.join(dir, 'sdk.js');
    fs.writeFileSync(script, sdkClientScript(path.join(extension?.extensionPath ?? '', 'node_modules/@databricks/sdk-experimental')));
    // Tokens of 8 s: the broker renews them after about 2 s, the sandbox refuses them after 8 s.
    await control(info.controlApi.workspace, 'POST', 'token-lifetimes', { databricks: 8 });
    await settings().update('shareWithTerminals', true, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    if (!info) return;
    await control(info.controlApi.workspace, 'POST', 'token-lifetimes', { databricks: 3600 });
    await settings().update('shareWithTerminals', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists clusters, again after the token expired, and fails after Sign Out', async () => {
    const first = await listInTerminal(info, script, dir, 'first');
    assert.ok(first.ok, `first list: ${first.error}`);
    assert.ok((first.names ?? []).length > 0);
    await new Promise((r) => setTimeout(r, 9_000));
    const second = await listInTerminal(info, script, dir, 'second');
    assert.ok(second.ok, `after the first token expired: ${second.error}`);
    assert.deepEqual(second.names, first.names);
    await vscode.commands.executeCommand('accessLens.signOut');
    const third = await listInTerminal(info, script, dir, 'third');
    assert.equal(third.ok, false, 'no sign-in handed out after Sign Out');
  });
});
