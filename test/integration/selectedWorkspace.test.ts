// The selected workspace (docs/settings.md) in the real extension host: with two workspaces and
// accessLens.shareWithTerminals, "Select Workspace…" re-points new integrated terminals at the other
// host, and the metadata service they are given answers for that host only. The second workspace is
// the sandbox under its other name (localhost, which its certificate covers): both are reachable, so
// nothing is left retrying an unreachable host for the suites after this one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TestApi, extensionTestApi } from './editorHelpers';
import { SandboxInfo, sandboxInfo } from './sandboxControl';


/** What a new terminal sees: its DATABRICKS_* variables, and how its metadata service answers for each name of the sandbox. */
interface TerminalView {
  host?: string;
  authType?: string;
  url?: string;
  status?: Record<string, number | undefined>;
}

// Runs in the terminal with only the environment VS Code gave it.
const PROBE = `
const fs = require('fs');
const http = require('http');
const [out, ...hosts] = process.argv.slice(2);
const seen = { host: process.env.DATABRICKS_HOST, authType: process.env.DATABRICKS_AUTH_TYPE, url: process.env.DATABRICKS_METADATA_SERVICE_URL };
const ask = (host) => new Promise((resolve) => {
  if (!seen.url) return resolve(undefined);
  http.get(seen.url, { agent: false, headers: { 'x-databricks-metadata-version': '1', 'x-databricks-host': host } }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', () => resolve(-1));
});
(async () => {
  const status = {};
  for (const host of hosts) status[host] = await ask(host);
  fs.writeFileSync(out, JSON.stringify({ ...seen, status }));
})();
`;

async function viewFromTerminal(hosts: readonly string[], probe: string, dir: string, name: string): Promise<TerminalView> {
  const out = path.join(dir, `${name}.json`);
  const terminal = vscode.window.createTerminal({ name: `access-lens ${name}`, shellPath: '/bin/sh' });
  terminal.sendText(`'${process.execPath}' '${probe}' '${out}' ${hosts.map((h) => `'${h}'`).join(' ')}; exit`);
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
async function waitForTerminalHost(hosts: readonly string[], probe: string, dir: string, name: string, host: string): Promise<TerminalView> {
  const deadline = Date.now() + 20_000;
  for (let attempt = 1; ; attempt++) {
    const view = await viewFromTerminal(hosts, probe, dir, `${name}-${attempt}`);
    if (view.host === host || Date.now() > deadline) return view;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('the selected workspace: Select Workspace… re-points shareWithTerminals', function () {
  this.timeout(120_000);
  let info: SandboxInfo;
  let first: string;
  let second: string;
  let dir: string;
  let probe: string;
  let api: TestApi;
  let savedHost: string | undefined;
  let savedWorkspaces: unknown;
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('accessLens');

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    info = sandboxInfo();
    first = info.workspaceHost;
    second = first.replace('//127.0.0.1:', '//localhost:');
    api = await extensionTestApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-selected-'));
    probe = path.join(dir, 'probe.js');
    fs.writeFileSync(probe, PROBE);
    // The harness names the sandbox in DATABRICKS_HOST, which would win over the settings' list (one process: the extension reads it).
    savedHost = process.env.DATABRICKS_HOST;
    delete process.env.DATABRICKS_HOST;
    savedWorkspaces = settings().inspect('workspaces')?.globalValue;
    await settings().update('workspaces', [{ host: first, name: 'sandbox' }, { host: second, name: 'second' }], vscode.ConfigurationTarget.Global);
    await settings().update('shareWithTerminals', true, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('accessLens.selectWorkspace', first);
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    if (!info) return;
    // The choice is kept in the workspace state: leave the sandbox selected for the suites after this one.
    await vscode.commands.executeCommand('accessLens.selectWorkspace', first);
    // The environment first: the settings' change event then reloads the configuration the next suites see.
    if (savedHost !== undefined) process.env.DATABRICKS_HOST = savedHost;
    await settings().update('shareWithTerminals', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('workspaces', savedWorkspaces, vscode.ConfigurationTarget.Global);
    fs.rmSync(dir, { recursive: true, force: true });
    // Signed out as this suite found it: a later sign-in must start from an empty keychain (its exchange is what signIn.test checks).
    await vscode.commands.executeCommand('accessLens.signOut');
  });

  it('a new terminal gets the second host and a service for it alone; the status bar names it', async () => {
    const before = await waitForTerminalHost([first, second], probe, dir, 'before', first);
    assert.equal(before.host, first, 'the sandbox is selected first');
    assert.equal(before.authType, 'metadata-service');
    assert.deepEqual(before.status, { [first]: 200, [second]: 403 }, 'the service answers for the selected host only');

    await vscode.commands.executeCommand('accessLens.selectWorkspace', second);
    const after = await waitForTerminalHost([first, second], probe, dir, 'after', second);
    assert.equal(after.host, second, 'a new terminal follows the selection');
    assert.equal(after.authType, 'metadata-service');
    assert.ok(after.url && after.url !== before.url, 'the service was re-pointed (a new URL)');
    assert.deepEqual(after.status, { [first]: 403, [second]: 200 }, 'the new service answers for the new host only');
    assert.match(api.statusBar().text, / · second$/, 'the status bar names the selected workspace');
  });
});
