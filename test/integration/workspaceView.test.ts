// The Workspace view in the real extension host against the sandbox (basic scenario): its groups
// read nothing until expanded, rows carry the Clusters view's verdicts (allowed, denied, unknown),
// Compute answers "Can I create a cluster?", accessLens.workspaceView.hiddenKinds hides a group,
// and Files lists a folder's objects with the grants they inherit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TestNode, extensionTestApi, hoverTooltip, openTabs, waitFor } from './editorHelpers';
import { control, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

interface WsTestNode extends TestNode {
  group?: { id: string };
  kind?: string;
}

/** The list endpoints of the view's kinds (core/access/kinds.ts, kindsSqlMl.ts) and the workspace tree. */
const LISTS = ['/api/2.0/sql/warehouses', '/api/2.0/serving-endpoints', '/api/2.0/mlflow/experiments/search', '/api/2.0/mlflow/registered-models/list', '/api/2.0/pipelines', '/api/2.0/policies/clusters/list', '/api/2.0/instance-pools/list', '/api/2.0/workspace/'];
const isList = (path: string): boolean => LISTS.some((list) => path === list || path.startsWith(list.endsWith('/') ? list : `${list}?`) || (list.endsWith('/') && path.startsWith(list)));

describe('The Workspace view: lazy groups, verdict rows, Can I create a cluster?, hidden kinds and Files', () => {
  let tree: vscode.TreeDataProvider<WsTestNode>;
  let base: string;
  let signedInAt = 0;
  let whyHtml: () => string | undefined = () => undefined;
  const settings = () => vscode.workspace.getConfiguration('accessLens');

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    base = sandboxInfo().controlApi.workspace;
    const api = await extensionTestApi();
    whyHtml = () => api.whyHtml();
    tree = (api.trees as unknown as { workspace: vscode.TreeDataProvider<WsTestNode> }).workspace;
    signedInAt = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    if (!tree) return;
    await settings().update('workspaceView.hiddenKinds', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('accessLens.signOut');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const item = async (node: WsTestNode) => tree.getTreeItem(node);
  const icon = (i: vscode.TreeItem) => (i.iconPath as vscode.ThemeIcon).id;

  /** The items under a node once none is still checking, by label. */
  async function settled(parent: WsTestNode | undefined): Promise<Map<string, { node: WsTestNode; item: vscode.TreeItem }>> {
    return waitFor('every row of the level', async () => {
      const nodes = (await tree.getChildren(parent)) ?? [];
      const items = await Promise.all(nodes.map(async (node) => ({ node, item: await item(node) })));
      if (items.length === 0 || items.some(({ item: i }) => i.description === 'checking…')) return undefined;
      return new Map(items.map((entry) => [String(entry.item.label), entry]));
    });
  }
  async function group(label: string): Promise<WsTestNode> {
    const [workspace] = (await tree.getChildren()) ?? [];
    assert.equal(workspace?.type, 'wsWorkspace');
    const groups = await settled(workspace);
    const found = groups.get(label);
    assert.ok(found, `the ${label} group is shown (groups: ${[...groups.keys()].join(', ')})`);
    return found.node;
  }

  it('reads no list of its kinds while shown with every group collapsed; expanding SQL reads the warehouses only', async () => {
    await vscode.commands.executeCommand('accessLens.workspace.focus');
    await waitFor('the view\'s groups', async () => ((await tree.getChildren())?.length ? true : undefined));
    await group('SQL');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const early = (await requestsSince(base, signedInAt)).filter((r) => isList(r.path));
    assert.deepEqual(early.map((r) => r.path), [], 'no list request before a group is expanded');

    const since = await lastSeq(base);
    await settled(await group('SQL'));
    const lists = (await requestsSince(base, since)).filter((r) => isList(r.path)).map((r) => r.path.split('?')[0]);
    assert.deepEqual([...new Set(lists)], ['/api/2.0/sql/warehouses'], 'expanding SQL lists the warehouses and nothing else');
  });

  it('shows one allowed, one denied and one unreadable warehouse as the Clusters view would, and Why Can\'t I… takes the rows', async () => {
    const rows = await settled(await group('SQL'));
    const allowed = rows.get('bi-warehouse')!.item;
    assert.equal(allowed.description, 'CAN_USE · via data-team');
    assert.equal(icon(allowed), 'pass', 'use allowed, monitor and manage not: limited');
    assert.equal(allowed.contextValue, 'accessLens.object.warehouse.limited');
    assert.match(await hoverTooltip(tree, rows.get('bi-warehouse')!.node), /\| use \| \$\(pass-filled\) allowed \|/);
    const denied = rows.get('finance-warehouse')!;
    assert.equal(denied.item.description, 'no access');
    assert.equal(icon(denied.item), 'circle-slash');
    const unknown = rows.get('exec-warehouse')!.item;
    assert.equal(unknown.description, 'unknown: permissions not readable');
    assert.equal(icon(unknown), 'question', 'an unreadable ACL is unknown, never denied');

    await vscode.commands.executeCommand('accessLens.whyDenied', denied.node, 'use');
    await waitFor('the why tab', () => openTabs().find((label) => label === 'Why: finance-warehouse (use)'));
  });

  it('Pipelines: hovering a pipeline says which identity it runs as, read with one pipelines/get for it alone', async () => {
    const rows = await settled(await group('Pipelines'));
    const since = await lastSeq(base);
    const tooltip = await hoverTooltip(tree, rows.get('daily-features')!.node);
    // Markdown-escaped in the tooltip: read it as the user does.
    assert.match(tooltip.replace(/\\(.)/g, '$1'), /\$\(person\) Runs as: the service principal etl-sp \(9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10\), not you$/);
    const reads = (await requestsSince(base, since)).filter((r) => r.path.startsWith('/api/2.0/pipelines/'));
    assert.deepEqual(reads.map((r) => r.path), ['/api/2.0/pipelines/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e101'], 'one pipelines/get, for the hovered pipeline');
  });

  it('Compute: "Can I create a cluster?" is yes with the data-science policy though alice lacks allow-cluster-create', async () => {
    const compute = await settled(await group('Compute'));
    assert.deepEqual([...compute.keys()], ['Can I create a cluster?', 'Policies', 'Pools']);
    const create = compute.get('Can I create a cluster?')!;
    assert.equal(create.item.description, 'yes · with policy data-science via data-team');
    assert.equal(icon(create.item), 'pass-filled');
    assert.match((create.item.tooltip as vscode.MarkdownString).value, /You can create clusters with cluster policy "data\\-science"/);
    const usable = await settled(create.node);
    assert.deepEqual([...usable.keys()], ['Policy data-science · via data-team', 'Pool gpu-pool · via data-team']);
    const policies = await settled(compute.get('Policies')!.node);
    assert.equal(policies.get('data-science')?.item.description, 'CAN_USE · via data-team');
    assert.equal(icon(policies.get('restricted-jobs')!.item), 'question');
  });

  it('accessLens.workspaceView.hiddenKinds hides a group, and an unknown name is an item naming the valid ones', async () => {
    await settings().update('workspaceView.hiddenKinds', ['pipelines'], vscode.ConfigurationTarget.Global);
    const [workspace] = await waitFor('the view without Pipelines', async () => {
      const roots = (await tree.getChildren()) ?? [];
      const labels = await Promise.all(((await tree.getChildren(roots[0])) ?? []).map(async (n) => String((await item(n)).label)));
      return labels.includes('SQL') && !labels.includes('Pipelines') ? roots : undefined;
    });
    assert.equal(workspace?.type, 'wsWorkspace');

    await settings().update('workspaceView.hiddenKinds', ['pipelines', 'notebooks'], vscode.ConfigurationTarget.Global);
    const problem = await waitFor('the warning item', async () => ((await tree.getChildren()) ?? []).find((n) => n.type === 'problem'));
    assert.match(String((await item(problem)).label), /"notebooks" is not a kind of the Workspace view.*policies, pools, warehouses, experiments, models, endpoints, pipelines, workspace/);
    await settings().update('workspaceView.hiddenKinds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Files: expanding a folder lists its objects with the grants they inherit from it', async () => {
    const starts = await settled(await group('Files'));
    assert.deepEqual([...starts.keys()], ['My folder', 'Workspace']);
    const root = await settled(starts.get('Workspace')!.node);
    const shared = root.get('Shared');
    assert.ok(shared, `/ lists Shared (got ${[...root.keys()].join(', ')})`);
    const team = (await settled(shared.node)).get('team');
    assert.ok(team, 'Shared lists team');
    assert.equal(team.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'a folder expands');
    const inTeam = await settled(team.node);
    const report = inTeam.get('report')!.item;
    assert.equal(report.description, 'CAN_RUN · via data-team · inherited from /Shared/team');
    assert.equal(icon(report), 'pass', 'read and run, not edit: limited');
    assert.ok([...inTeam.keys()].some((label) => /1 file not checked/.test(label)), 'data.csv is counted, not checked');

    await vscode.commands.executeCommand('accessLens.whyDenied', inTeam.get('report')!.node, 'run');
    const html = await waitFor('the why of report', () => (tree && openTabs().includes('Why: /Shared/team/report (run)') ? whyHtml() : undefined));
    assert.match(html ?? '', /inherited from \/Shared\/team\)/, 'the why names the folder the grant comes from by its path, as `why notebook` does');
  });

  it('shows a failed list as one item with a warning icon and what to do; Refresh View recovers', async () => {
    await control(base, 'POST', 'faults', { target: 'workspace', path: '/api/2.0/sql/warehouses', times: 1, style: 'json', status: 403, errorCode: 'PERMISSION_DENIED', message: 'User cannot list warehouses' });
    try {
      await vscode.commands.executeCommand('accessLens.refreshView');
      const children = (await tree.getChildren(await group('SQL'))) ?? [];
      assert.equal(children.length, 1, 'one error child');
      const problem = await item(children[0]!);
      assert.match(String(problem.label), /PERMISSION_DENIED|permission/i);
      assert.equal(icon(problem), 'warning');
      assert.ok(problem.command, 'with the action that helps');
    } finally {
      await control(base, 'DELETE', 'faults');
    }
    await vscode.commands.executeCommand('accessLens.refreshView');
    assert.ok((await settled(await group('SQL'))).has('bi-warehouse'), 'Refresh View reads the list again');
  });

  it('sign-out empties it', async () => {
    await vscode.commands.executeCommand('accessLens.signOut');
    await waitFor('an empty view', async () => (((await tree.getChildren()) ?? []).length === 0 ? true : undefined));
  });
});
