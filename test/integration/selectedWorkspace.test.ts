// The selected workspace (docs/settings.md) in the real extension host: with two workspaces and
// accessLens.shareWithTerminals, "Select Workspace…" re-points new integrated terminals at the other
// host, and the metadata service they are given answers for that host only.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TestApi, extensionTestApi } from './editorHelpers';
import { SandboxInfo, sandboxInfo } from './sandboxControl';

/** Configured but never signed in to: enough to show the variables move (the sandbox serves one host). */
const SECOND = 'https://second-workspace.example.com';

/** What a new terminal sees: its DATABRICKS_* variables, and how its metadata service answers for the sandbox host. */
interface TerminalView {
  host?: string;
  authType?: string;
  url?: string;
  sandboxHostStatus?: number;
}

// Runs in the terminal with only the environment VS Code gave it.
const PROBE = `
const fs = require('fs');
const http = require('http');
const [out, sandboxHost] = process.argv.slice(2);
const seen = { host: process.env.DATABRICKS_HOST, authType: process.env.DATABRICKS_AUTH_TYPE, url: process.env.DATABRICKS_METADATA_SERVICE_URL };
const done = (status) => fs.writeFileSync(out, JSON.stringify({ ...seen, sandboxHostStatus: status }));
if (!seen.url) done(undefined);
else http.get(seen.url, { headers: { 'x-databricks-metadata-version': '1', 'x-databricks-host': sandboxHost } }, (res) => { res.resume(); done(res.statusCode); }).on('error', () => done(-1));
`;

async function viewFromTerminal(info: SandboxInfo, probe: string, dir: string, name: string): Promise<TerminalView> {
  const out = path.join(dir, `${name}.json`);
  const terminal = vscode.window.createTerminal({ name: `access-lens ${name}`, shellPath: '/bin/sh' });
  terminal.sendText(`'${process.execPath}' '${probe}' '${out}' '${info.workspaceHost}'; exit`);
  const deadline = Date.now() + 30_000;
  try {
    while (!fs.existsSync(out)) {
      if (Date.now() > deadline) throw new Error(`the terminal wrote nothing to ${out} in 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return JSON.parse(fs.readFileSync(out, 'utf8')) as TerminalView;
  } finally {
    terminal.dispose();
  }
}

/** New terminals until one shows `host` (the collection is updated asynchronously), at most 20 s. */
async function waitForTerminalHost(info: SandboxInfo, probe: string, dir: string, name: string, host: string): Promise<TerminalView> {
  const deadline = Date.now() + 20_000;
  for (let attempt = 1; ; attempt++) {
    const view = await viewFromTerminal(info, probe, dir, `${name}-${attempt}`);
    if (view.host === host || Date.now() > deadline) return view;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('the selected workspace: Select Workspace… re-points shareWithTerminals', function () {
  this.timeout(120_000);
  let info: SandboxInfo;
  let dir: string;
  let probe: string;
  let api: TestApi;
  let savedHost: string | undefined;
  let savedWorkspaces: unknown;
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('accessLens');

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    info = sandboxInfo();
    api = await extensionTestApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-selected-'));
    probe = path.join(dir, 'probe.js');
    fs.writeFileSync(probe, PROBE);
    // The harness names the sandbox in DATABRICKS_HOST, which would win over the settings' list (one process: the extension reads it).
    savedHost = process.env.DATABRICKS_HOST;
    delete process.env.DATABRICKS_HOST;
    savedWorkspaces = settings().inspect('workspaces')?.globalValue;
    await settings().update('workspaces', [{ host: info.workspaceHost, name: 'sandbox' }, { host: SECOND, name: 'second' }], vscode.ConfigurationTarget.Global);
    await settings().update('shareWithTerminals', true, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('accessLens.selectWorkspace', info.workspaceHost);
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    if (!info) return;
    // The choice is kept in the workspace state: leave the sandbox selected for the suites after this one.
    await vscode.commands.executeCommand('accessLens.selectWorkspace', info.workspaceHost);
    await settings().update('shareWithTerminals', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('workspaces', savedWorkspaces, vscode.ConfigurationTarget.Global);
    if (savedHost !== undefined) process.env.DATABRICKS_HOST = savedHost;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a new terminal gets the second host and a service that refuses the first; the status bar names it', async () => {
    const first = await waitForTerminalHost(info, probe, dir, 'before', info.workspaceHost);
    assert.equal(first.host, info.workspaceHost, 'the sandbox is selected first');
    assert.equal(first.authType, 'metadata-service');
    assert.equal(first.sandboxHostStatus, 200, 'the service answers for the selected host');

    await vscode.commands.executeCommand('accessLens.selectWorkspace', SECOND);
    const second = await waitForTerminalHost(info, probe, dir, 'after', SECOND);
    assert.equal(second.host, SECOND, 'a new terminal follows the selection');
    assert.equal(second.authType, 'metadata-service');
    assert.ok(second.url && second.url !== first.url, 'the service was re-pointed (a new URL)');
    assert.equal(second.sandboxHostStatus, 403, 'the new service refuses the host that is no longer selected');
    assert.match(api.statusBar().text, / · second$/, 'the status bar names the selected workspace');
  });
});
