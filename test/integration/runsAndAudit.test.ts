// "Who ran this job?" in the Jobs view, the doctor's job run check and the
// audit export, in the real extension host against the sandbox (basic
// scenario). The tree is read through the extension's own provider, which
// the extension hands to its tests in ExtensionMode.Test.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TestNode, extensionTestApi, hoverTooltip } from './editorHelpers';
import { lastSeq, requestsSince, sandboxInfo } from './sandboxControl';
interface Check {
  id: string;
  status: string;
  message: string;
}

async function tabOpens(label: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === label)) {
    if (Date.now() > deadline) assert.fail(`no tab "${label}"; open: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Who ran this job, the doctor\'s job run check and the audit export, in the extension host', () => {
  let jobs: vscode.TreeDataProvider<TestNode>;
  let scratch: string;

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    jobs = (await extensionTestApi()).trees.jobs;
    await vscode.commands.executeCommand('accessLens.signIn');
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'access-lens-audit-'));
  });
  after(async () => {
    if (jobs) (await extensionTestApi()).confirmations.answer(undefined);
    if (jobs) await vscode.commands.executeCommand('accessLens.signOut');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  async function jobNode(name: string): Promise<TestNode> {
    const [workspace] = (await jobs.getChildren()) ?? [];
    assert.equal(workspace?.type, 'workspace');
    const node = ((await jobs.getChildren(workspace)) ?? []).find((n) => n.type === 'object' && n.summary?.name === name);
    assert.ok(node, `job ${name} in the Jobs view`);
    return node;
  }

  async function runItems(name: string): Promise<vscode.TreeItem[]> {
    const node = await jobNode(name);
    assert.equal((await jobs.getTreeItem(node)).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'a job expands');
    return Promise.all((await runNodes(node)).map((n) => jobs.getTreeItem(n)));
  }

  async function runNodes(job: TestNode): Promise<TestNode[]> {
    return (await jobs.getChildren(job)) ?? [];
  }

  it('a job expands to its recent runs: who started each (you, matched by user name), state and time', async () => {
    const since = await lastSeq(sandboxInfo().controlApi.workspace);
    const items = await runItems('alice-pipeline');
    assert.deepEqual(items.map((i) => i.label), ['you (alice@fabrikam.com)', 'bob@fabrikam.com']);
    assert.match(String(items[0]?.description), /^SUCCESS · \d+ min ago$/);
    assert.match(String(items[1]?.description), /^CANCELED · 10 h ago$/);
    const [firstRun] = await runNodes(await jobNode('alice-pipeline'));
    assert.match(await hoverTooltip(jobs, firstRun!), /your signed\\?-in Entra account/, 'escaped Markdown source');
    assert.equal(items[0]?.command?.command, 'vscode.open', 'a click opens the run in the workspace');
    const paths = (await requestsSince(sandboxInfo().controlApi.workspace, since)).map((r) => r.path);
    assert.ok(paths.includes('/api/2.2/jobs/runs/list'));
  });

  it('a job run or an export asked for with arguments (other extensions, links) waits for a confirmation, and nothing happens when it is declined', async () => {
    const { confirmations } = await extensionTestApi();
    confirmations.answer(() => undefined);
    const since = await lastSeq(sandboxInfo().controlApi.workspace);
    const checks = await vscode.commands.executeCommand<Check[] | undefined>('accessLens.runDoctor', sandboxInfo().workspaceHost, { runJob: '3004' });
    assert.equal(checks, undefined, 'declined: no doctor run');
    const paths = (await requestsSince(sandboxInfo().controlApi.workspace, since)).map((r) => r.path);
    assert.ok(!paths.includes('/api/2.2/jobs/run-now'), `no run started: ${paths.join(', ')}`);
    const target = path.join(scratch, 'declined.jsonl');
    assert.equal(await vscode.commands.executeCommand('accessLens.exportAuditLog', { filter: 'all', to: target }), undefined);
    await assert.rejects(fs.stat(target), 'declined: no file written');
    const asked = confirmations.asked();
    assert.ok(asked.some((q) => q === `Start a real run of job 3004 in ${sandboxInfo().workspaceHost}?`), asked.join(' | '));
    assert.ok(asked.some((q) => q === `Write the Access Lens audit log to ${target}?`), asked.join(' | '));
    // The tests below stand for a user who says yes.
    confirmations.answer((q) => (q.startsWith('Start a real run of job') ? 'Run Job' : q.startsWith('Write the Access Lens audit log') ? 'Export' : undefined));
  });

  it('the doctor\'s job run check runs a job as you, and the run shows up under the job as yours', async () => {
    const checks = await vscode.commands.executeCommand<Check[]>('accessLens.runDoctor', sandboxInfo().workspaceHost, { runJob: '3004' });
    const check = checks.find((c) => c.id === 'run-job');
    assert.equal(check?.status, 'pass', check?.message);
    await tabOpens('Access Lens Doctor');
    const items = await runItems('alice-smoke-test');
    assert.equal(items[0]?.label, 'you (alice@fabrikam.com)');
    assert.match(String(items[0]?.description), /^SUCCESS · just now$/);
  });

  it('opens the audit log filtered, and exports those entries as JSON Lines, Markdown and CSV without any token', async () => {
    await vscode.commands.executeCommand('accessLens.showAuditLog', 'doctor');
    await tabOpens('Audit log (Doctor runs).md');

    const jsonl = path.join(scratch, 'audit.jsonl');
    const result = await vscode.commands.executeCommand<{ count: number; format: string }>('accessLens.exportAuditLog', { filter: 'doctor', to: jsonl });
    assert.equal(result.format, 'jsonl');
    assert.ok(result.count >= 1, 'the doctor run above is in the log');
    const lines = (await fs.readFile(jsonl, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; entra?: { upn?: string }; detail?: string });
    assert.equal(lines.length, result.count);
    assert.ok(lines.every((e) => e.event === 'doctor'));
    assert.ok(lines.some((e) => e.entra?.upn === 'alice@fabrikam.com' && e.detail === 'run-job 3004'));

    for (const name of ['audit.md', 'audit.csv']) await vscode.commands.executeCommand('accessLens.exportAuditLog', { filter: 'all', to: path.join(scratch, name) });
    assert.match(await fs.readFile(path.join(scratch, 'audit.md'), 'utf8'), /^# Access Lens audit log: All events\n/);
    assert.match(await fs.readFile(path.join(scratch, 'audit.csv'), 'utf8'), /^"time","event","source","outcome",/);
    for (const name of ['audit.jsonl', 'audit.md', 'audit.csv']) {
      const text = await fs.readFile(path.join(scratch, name), 'utf8');
      assert.ok(!/eyJ[A-Za-z0-9_-]{10}|dapi[0-9a-f]{8}|Bearer\s/.test(text), `no token in ${name}`);
    }
  });
});
