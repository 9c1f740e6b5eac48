// Runs near the end (file order), after every other suite has signed in and
// out: a full session of its own (sign-in, refresh, the tree, the why view,
// the doctor), then a scan for every token the sandbox ever issued in this run
// (access, id, refresh and Databricks tokens, by the pieces of their secret
// parts) in the extension's storage (global, workspace, logs: the whole
// code-server user-data folder and its scratch folder), the extension's log
// file, the captured telemetry, the home folder and what this run created in
// the temp folder (the browser profile of the workbench included). The tokens
// belong in the OS keychain: secret-tool finds this session's there.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findTokenPieces } from '../e2e/plaintextScan';
import { bobSingleNode, extensionTestApi, openTabs, waitFor } from './editorHelpers';
import { control, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

interface IssuedToken {
  seq: number;
  kind: 'entra-access' | 'entra-id' | 'entra-refresh' | 'databricks';
  token: string;
}

/** Every secret stored under the service access-lens, as secret-tool prints them (stdout: the secrets). */
function keyringSecrets(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('secret-tool', ['search', '--all', 'service', 'access-lens'], { encoding: 'utf8', timeout: 15_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error?.killed) return reject(new Error(`secret-tool did not answer within 15 s: ${stderr}`));
      if (error && !stdout) return reject(new Error(`secret-tool failed: ${stderr || error.message}`));
      resolve(stdout);
    });
  });
}

/** What this run made in the temp folder: the harness's scratch folders, the files tests opened, the workbench's browser profile. */
const OURS_IN_TEMP = /^(access-lens-|playwright_chromiumdev_profile-|org\.chromium\.Chromium\.)/;

function tempEntriesOfThisRun(): string[] {
  const since = Date.now() - process.uptime() * 1000 - 5 * 60_000;
  return fs.readdirSync(os.tmpdir()).filter((name) => OURS_IN_TEMP.test(name)).map((name) => path.join(os.tmpdir(), name)).filter((entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    return stat !== undefined && Math.max(stat.mtimeMs, stat.birthtimeMs) >= since;
  });
}

describe('After a full session the tokens are in the OS keychain and in no file', function () {
  this.timeout(240_000);

  it('sign-in, refresh, tree, why and doctor leave no piece of any issued token in storage, logs, telemetry, home or temp files; secret-tool finds them in the keyring', async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    // Only a private keyring (scripts/with-keyring.sh) may be searched, never the user's own.
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') return this.skip();
    const info = sandboxInfo();
    const entra = info.controlApi.entra;
    const workspace = info.controlApi.workspace;
    const api = await extensionTestApi();
    assert.ok(api.storage, 'the extension hands its storage folders to its tests (ExtensionMode.Test)');
    const issued = async (): Promise<IssuedToken[]> => (await control<{ tokens: IssuedToken[] }>(entra, 'GET', 'issued-tokens')).tokens;
    const before = (await issued()).at(-1)?.seq ?? 0;

    // The session.
    await vscode.commands.executeCommand('accessLens.signIn');
    await vscode.commands.executeCommand('accessLens.refreshTokens');
    const since = await lastSeq(workspace);
    await vscode.commands.executeCommand('accessLens.clusters.focus');
    await vscode.commands.executeCommand('accessLens.refreshView');
    await waitFor('the tree\'s permission reads', async () => ((await requestsSince(workspace, since)).filter((r) => r.path.startsWith('/api/2.0/permissions/clusters/')).length >= 3 ? true : undefined));
    await vscode.commands.executeCommand('accessLens.whyDenied', bobSingleNode(info.workspaceHost), 'attach');
    await waitFor('the why tab', () => openTabs().find((label) => label.startsWith('Why: bob-single')));
    await vscode.commands.executeCommand('accessLens.runDoctor', info.workspaceHost);
    await waitFor('the doctor tab', () => openTabs().find((label) => label === 'Access Lens Doctor'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Let the log file, telemetry and VS Code's own state reach the disk.
    await new Promise((r) => setTimeout(r, 2000));

    const all = await issued();
    const session = all.filter((t) => t.seq > before);
    for (const kind of ['entra-access', 'entra-id', 'entra-refresh', 'databricks'] as const) {
      assert.ok(session.some((t) => t.kind === kind), `the session got a token of kind ${kind} (issued: ${session.map((t) => t.kind).join(', ')})`);
    }

    // The files: none may hold a piece of any token the sandbox issued in this run (this session's and every earlier suite's).
    const userData = path.resolve(api.storage.global, '..', '..', '..');
    const roots = [
      path.dirname(userData), // code-server's scratch folder: user-data (globalStorage, workspaceStorage, logs, state), XDG folders, the sandbox's state
      api.storage.global,
      ...(api.storage.workspace ? [api.storage.workspace] : []),
      api.storage.logs,
      ...[process.env.ACCESS_LENS_LOG_FILE, process.env.ACCESS_LENS_TELEMETRY_CAPTURE].filter((f): f is string => !!f),
      os.homedir(),
      ...tempEntriesOfThisRun(),
    ];
    for (const file of [process.env.ACCESS_LENS_LOG_FILE, process.env.ACCESS_LENS_TELEMETRY_CAPTURE]) {
      if (file) assert.ok(fs.existsSync(file), `${file} was written, so scanning it proves something`);
    }
    const stats = { files: 0, bytes: 0 };
    const leaks = await findTokenPieces(all, roots, 8, stats);
    console.log(`      scanned ${stats.files} files (${(stats.bytes / 1e6).toFixed(1)} MB) for pieces of ${all.length} issued tokens`);
    assert.ok(stats.files > 50, `the scan read the storage, logs and profile files (${stats.files} files)`);
    // The report names files and token kinds, never a token.
    assert.deepEqual(leaks, [], `pieces of issued tokens in plain files: ${JSON.stringify(leaks)}`);

    // A control: a piece of a token planted in the extension's storage, inside other text, is found there.
    const refresh = session.filter((t) => t.kind === 'entra-refresh').at(-1)!.token;
    const canary = path.join(api.storage.global, 'plaintext-scan-canary.json');
    fs.mkdirSync(api.storage.global, { recursive: true });
    fs.writeFileSync(canary, `{"note":"x${refresh.slice(10, 60)}y"}`);
    try {
      const planted = await findTokenPieces(all, [path.dirname(userData)]);
      assert.deepEqual(planted.map((p) => [p.file, p.kind]), [[canary, 'entra-refresh']], 'the scan finds 50 characters of a token planted in globalStorage');
    } finally {
      fs.rmSync(canary, { force: true });
    }

    // The keychain: the session's tokens are there (MSAL's cache: access, id and refresh tokens; the broker's Databricks token).
    const secrets = await keyringSecrets();
    for (const kind of ['entra-access', 'entra-id', 'entra-refresh', 'databricks'] as const) {
      const ofKind = session.filter((t) => t.kind === kind);
      const kept = ofKind.filter((t) => secrets.includes(t.token));
      assert.ok(kept.length > 0, `secret-tool finds one of the session's ${ofKind.length} ${kind} token(s) in the keyring`);
      assert.ok(secrets.includes(ofKind.at(-1)!.token), `the newest ${kind} token is the one in the keyring (${ofKind.length} issued, ${kept.length} kept)`);
    }
    await vscode.commands.executeCommand('accessLens.signOut');
  });
});
