// Shared by the editor tests: real files (closing a dirty untitled editor would
// wait on a save prompt) and waiting for Access Lens's debounced diagnostics;
// and by the view tests: waiting for a condition, the open tabs, a tree node.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** A node of the Clusters or Jobs view, as far as the tests look at it. */
export interface TestNode {
  type: string;
  summary?: { id: string; name: string };
}

/** What the extension hands to its tests in ExtensionMode.Test (src/extension/testApi.ts, TestApi). */
export interface TestApi {
  trees: { clusters: vscode.TreeDataProvider<TestNode>; jobs: vscode.TreeDataProvider<TestNode>; catalog: vscode.TreeDataProvider<TestNode> };
  whyHtml(): string | undefined;
  storage: { global: string; workspace: string | undefined; logs: string };
  confirmations: { answer(answer: ((question: string) => string | undefined) | undefined): void; asked(): readonly string[] };
  statusBar(): { text: string; tooltip: string };
  restartViews(): Promise<void>;
}

/**
 * A node's tooltip as VS Code shows it on hover: the tree items carry none (VS Code would convert
 * each one's Markdown on every redraw), the provider's resolveTreeItem builds it when asked.
 */
export async function hoverTooltip<T>(tree: vscode.TreeDataProvider<T>, node: T): Promise<string> {
  const item = await tree.getTreeItem(node);
  assert.equal(item.tooltip, undefined, 'the tree item leaves its tooltip to resolveTreeItem (built on hover)');
  assert.ok(tree.resolveTreeItem, 'the view resolves tooltips on hover');
  const resolved = (await tree.resolveTreeItem(item, node, new vscode.CancellationTokenSource().token)) ?? item;
  const tooltip = resolved.tooltip;
  assert.ok(tooltip instanceof vscode.MarkdownString, 'a Markdown tooltip');
  return tooltip.value;
}

/** Activates the extension and returns what it hands to its tests. */
export async function extensionTestApi(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension('access-lens.databricks-access-lens');
  await extension?.activate();
  const api = extension?.exports as TestApi | undefined;
  assert.ok(api, 'the extension hands its views and storage to its tests (ExtensionMode.Test)');
  return api;
}

/** One scratch folder for every file the suite opens (each in a subfolder of its own), removed when the host exits. */
let scratch: string | undefined;
let opened = 0;
function scratchFolder(): string {
  if (!scratch) {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'access-lens-it-files-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    scratch = folder;
  }
  const sub = path.join(scratch, String(++opened));
  mkdirSync(sub);
  return sub;
}

/** Writes a file in a fresh subfolder of the scratch folder; returns its path. */
export function scratchFile(name: string, content: string | Buffer): string {
  const file = path.join(scratchFolder(), name);
  writeFileSync(file, content);
  return file;
}

export async function openFile(name: string, content: string): Promise<vscode.TextDocument> {
  const file = scratchFile(name, content);
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  return document;
}

export function accessLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Access Lens');
}

/** Polls until `done` holds for the document's Access Lens diagnostics, or the time is up. */
export async function waitForDiagnostics(uri: vscode.Uri, done: (found: vscode.Diagnostic[]) => boolean = (f) => f.length > 0, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = accessLensDiagnostics(uri);
    if (done(found) || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The labels of every open editor tab. */
export function openTabs(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

/** The tree node of the basic scenario's dedicated cluster bob-single, as the Clusters view hands it to "Why can't I…?". */
export function bobSingleNode(workspaceHost: string): unknown {
  return {
    type: 'object',
    workspace: { host: workspaceHost, name: 'Sandbox', source: 'user' },
    kind: 'cluster',
    summary: { id: '0101-000000-aaaa0002', name: 'bob-single', state: 'RUNNING', dataSecurityMode: 'SINGLE_USER', singleUserName: 'bob@fabrikam.com', creator: 'bob@fabrikam.com' },
  };
}

/** Mocha hooks for editor tests against the sandbox: skipped without one, signed in before, editors closed and signed out after. */
export function signedInToSandbox(): void {
  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('accessLens.signOut');
  });
}

/** The text of every hover's contents, joined. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

/** The quick fixes at `range`, once the provider has any (a scan may still be running): up to 5 s. */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  let actions: vscode.CodeAction[] = [];
  for (let attempt = 0; attempt < 50 && actions.length === 0; attempt++) {
    actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    if (actions.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  return actions;
}
