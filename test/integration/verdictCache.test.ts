// The verdict cache (docs/architecture.md, "Reopen after a restart") in the real extension host,
// against the sandbox (basic scenario): the Clusters view fills and its verdicts land in a file
// under the extension's global storage, owner-only and without a token; a restart of the views
// shows them at once, marked "(cached)", while the slowed workspace has not answered (in the
// Workspace view too, which then reads them again); an ACL
// changed meanwhile shows its new verdict, unmarked, once the background fill has read it again;
// signing out deletes the file, and the next account starts with nothing cached.
//
// The restart is TestApi.restartViews: the access maps are written and dropped, and the next ones
// seed from the file on disk, as the first maps after activation do (core/workspace/accessMaps.ts).
// A second extension host would restart the sign-in restore too, but the harness
// (scripts/vscode-host/runExtensionTests.mjs) runs one host per sandbox and user-data folder.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TestApi, TestNode, extensionTestApi, hoverTooltip, waitFor } from './editorHelpers';
import { control, sandboxInfo } from './sandboxControl';

const ENGINEERS_GPU = '0101-000000-aaaa0004';
const DATA_SCIENCE_POLICY = 'D5A1C0FFEE000001';

describe('The verdict cache in the extension host: restart, a changed ACL, sign-out', function () {
  this.timeout(90_000);
  let api: TestApi;
  let restoreAcl: unknown[] | undefined;

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    api = await extensionTestApi();
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    if (!api) return;
    const { controlApi, signedInUser } = sandboxInfo();
    await control(controlApi.workspace, 'POST', 'knobs', { latencyMs: 0 });
    if (restoreAcl) await control(controlApi.workspace, 'POST', 'acl', { type: 'clusters', id: ENGINEERS_GPU, acl: restoreAcl });
    await control(controlApi.entra, 'POST', 'signed-in-user', { userName: signedInUser });
    await vscode.commands.executeCommand('accessLens.signOut');
  });

  const folder = (): string => path.join(api.storage.global, 'verdicts');
  const cacheFiles = async (): Promise<string[]> => (await fs.readdir(folder()).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));

  /** The Clusters view's object items by name, as the view would draw them now. */
  async function clusterItems(): Promise<Map<string, vscode.TreeItem> | undefined> {
    const tree = api.trees.clusters;
    const [workspace] = (await tree.getChildren()) ?? [];
    if (workspace?.type !== 'workspace') return undefined;
    const nodes = ((await tree.getChildren(workspace)) ?? []).filter((n: TestNode) => n.type === 'object');
    if (nodes.length === 0) return undefined;
    return new Map(await Promise.all(nodes.map(async (n) => [n.summary!.name, await tree.getTreeItem(n)] as const)));
  }
  /** A cluster's tooltip as shown on hover now (the provider's resolveTreeItem). */
  async function clusterTooltip(name: string): Promise<string> {
    const tree = api.trees.clusters;
    const [workspace] = (await tree.getChildren()) ?? [];
    const node = ((await tree.getChildren(workspace)) ?? []).find((n: TestNode) => n.summary?.name === name);
    assert.ok(node, `${name} is shown`);
    return hoverTooltip(tree, node);
  }
  const settled = (wanted: (items: Map<string, vscode.TreeItem>) => boolean) => async () => {
    const items = await clusterItems();
    return items && ![...items.values()].some((i) => i.description === 'checking…') && wanted(items) ? items : undefined;
  };
  const cached = (item: vscode.TreeItem | undefined): boolean => String(item?.description).endsWith(' (cached)');

  /** The Workspace view's Compute → Cluster policies items by name (a kind only that view shows). */
  async function workspaceViewPolicies(): Promise<Map<string, vscode.TreeItem> | undefined> {
    const tree = (api.trees as unknown as { workspace: vscode.TreeDataProvider<TestNode & { kind?: string }> }).workspace;
    const [workspace] = (await tree.getChildren()) ?? [];
    if (!workspace) return undefined;
    const groups = await Promise.all(((await tree.getChildren(workspace)) ?? []).map(async (n) => [String((await tree.getTreeItem(n)).label), n] as const));
    const compute = groups.find(([label]) => label === 'Compute')?.[1];
    const kind = compute && ((await tree.getChildren(compute)) ?? []).find((n) => n.type === 'wsKind' && n.kind === 'policy');
    const nodes = kind ? ((await tree.getChildren(kind)) ?? []).filter((n) => n.type === 'object') : [];
    return nodes.length ? new Map(await Promise.all(nodes.map(async (n) => [n.summary!.name, await tree.getTreeItem(n)] as const))) : undefined;
  }

  it('writes the verdicts under global storage, owner-only (0700, 0600), with no token in them', async () => {
    await vscode.commands.executeCommand('accessLens.refreshView');
    await waitFor('every cluster\'s verdicts', settled((items) => items.size === 4));
    await waitFor('the Workspace view\'s policies', async () => {
      const now = await workspaceViewPolicies();
      return now && ![...now.values()].some((i) => i.description === 'checking…') ? now : undefined;
    });
    // The cache is written a few seconds after the fill (persisted.ts, WRITE_DELAY_MS).
    const [file] = await waitFor('the verdict cache file', async () => {
      const files = await cacheFiles();
      if (files.length !== 1) return undefined;
      const text = await fs.readFile(path.join(folder(), files[0]!), 'utf8');
      return text.includes(ENGINEERS_GPU) && text.includes(DATA_SCIENCE_POLICY) ? files : undefined;
    });
    if (process.platform !== 'win32') {
      assert.equal((await fs.stat(folder())).mode & 0o777, 0o700, 'the folder is the owner\'s alone');
      assert.equal((await fs.stat(path.join(folder(), file!))).mode & 0o777, 0o600, 'the file is the owner\'s alone');
    }
    const text = await fs.readFile(path.join(folder(), file!), 'utf8');
    const { tokens } = await control<{ tokens: { kind: string; token: string }[] }>(sandboxInfo().controlApi.entra, 'GET', 'issued-tokens');
    assert.ok(tokens.length > 0, 'the sandbox handed out tokens to look for');
    for (const { kind, token } of tokens) assert.ok(!text.includes(token), `the cache holds no ${kind} token`);
    assert.doesNotMatch(text, /eyJ[\w-]{10,}\.[\w-]{10,}/, 'nor anything shaped like a JWT');
  });

  it('after a restart shows the cached verdicts, marked "(cached)", within 1 s and before the slowed workspace answers', async () => {
    const { controlApi, signedInUser } = sandboxInfo();
    // While VS Code was closed, someone gave alice CAN_MANAGE on the cluster she could not use.
    const { previous } = await control<{ previous: unknown[] }>(controlApi.workspace, 'POST', 'acl', { type: 'clusters', id: ENGINEERS_GPU, acl: [{ group: 'engineers', level: 'CAN_ATTACH_TO' }, { user: signedInUser, level: 'CAN_MANAGE' }] });
    restoreAcl = previous;
    const latencyMs = 4_000;
    await control(controlApi.workspace, 'POST', 'knobs', { latencyMs });
    const started = Date.now();
    await api.restartViews();
    let items: Map<string, vscode.TreeItem> | undefined;
    while (!items && Date.now() - started < latencyMs) {
      const now = await clusterItems();
      if (now && now.size === 4 && [...now.values()].every(cached)) items = now;
      else await new Promise((r) => setTimeout(r, 10));
    }
    const elapsed = Date.now() - started;
    assert.ok(items, `the cached verdicts show before the workspace (${latencyMs} ms per answer) has answered`);
    console.log(`      cached verdicts shown ${elapsed} ms after the restart of the views (4 clusters)`);
    assert.ok(elapsed < 1_000, `within 1 s of the restart (took ${elapsed} ms)`);
    assert.equal(items.get('team-shared')!.description, 'CAN_ATTACH_TO · via data-team (cached)');
    assert.equal(items.get('engineers-gpu')!.description, 'no access (cached)', 'the verdict as it was cached, not as the ACL is now');
    assert.match(await clusterTooltip('engineers-gpu'), /\$\(history\) Cached from .*, checking…/);
  });

  it('a changed ACL shows its new verdict, unmarked, once the background fill has read it again (no Refresh), in the Workspace view too', async () => {
    // The Workspace view, opened while the workspace is still slow, shows its cached rows as well.
    const early = await waitFor('the Workspace view\'s cached policies', async () => {
      const now = await workspaceViewPolicies();
      return now && cached(now.get('data-science')) ? now : undefined;
    }, 30_000);
    const policyVerdict = String(early.get('data-science')!.description).replace(/ \(cached\)$/, '');
    await control(sandboxInfo().controlApi.workspace, 'POST', 'knobs', { latencyMs: 0 });
    const items = await waitFor('every cluster read again', settled((now) => now.size === 4 && ![...now.values()].some(cached)), 30_000);
    assert.equal(items.get('engineers-gpu')!.description, 'CAN_MANAGE · via a direct grant');
    assert.equal(items.get('team-shared')!.description, 'CAN_ATTACH_TO · via data-team');
    assert.doesNotMatch(await clusterTooltip('engineers-gpu'), /Cached from/);
    // Nothing but the Workspace view reads policies: a cached row it showed must be read again there.
    const inWorkspaceView = await waitFor('the Workspace view\'s policies read again', async () => {
      const now = await workspaceViewPolicies();
      return now && !cached(now.get('data-science')) ? now : undefined;
    }, 15_000).catch(async () => workspaceViewPolicies());
    assert.equal(inWorkspaceView?.get('data-science')?.description, policyVerdict, 'the Workspace view does not keep the cached verdict');
  });

  it('a cached row whose read fails in the background ends in a verdict or the error, not "checking…" for good', async () => {
    const { controlApi } = sandboxInfo();
    // Every read of team-shared's permissions fails for a while (more than the client retries).
    await control(controlApi.workspace, 'POST', 'faults', { target: 'workspace', path: '/api/2.0/permissions/clusters/0101-000000-aaaa0001', times: 8, style: 'json', status: 500, errorCode: 'INTERNAL_ERROR', message: 'Internal error' });
    try {
      await api.restartViews();
      const items = await waitFor('team-shared read again', async () => {
        const now = await clusterItems();
        const shared = now?.get('team-shared');
        return shared && !cached(shared) && shared.description !== 'checking…' ? now : undefined;
      }, 30_000).catch(async () => clusterItems());
      assert.match(String(items?.get('team-shared')?.description), /^(CAN_ATTACH_TO · via data-team|could not read its permissions)$/);
    } finally {
      await control(controlApi.workspace, 'DELETE', 'faults');
    }
  });

  it('signing out deletes the cache; another account signed in next shows none of it', async () => {
    const { controlApi, users, signedInUser } = sandboxInfo() as ReturnType<typeof sandboxInfo> & { users: { userName: string }[] };
    assert.equal((await cacheFiles()).length, 1);
    await vscode.commands.executeCommand('accessLens.signOut');
    await waitFor('the cache file deleted', async () => ((await cacheFiles()).length === 0 ? true : undefined));

    const other = users.find((u) => u.userName !== signedInUser)!.userName;
    await control(controlApi.entra, 'POST', 'signed-in-user', { userName: other });
    await control(controlApi.workspace, 'POST', 'knobs', { latencyMs: 1_500 });
    await vscode.commands.executeCommand('accessLens.signIn');
    await api.restartViews();
    // Every look at the view until its verdicts are in: never a cached row.
    const items = await waitFor(`${other}'s verdicts`, async () => {
      const now = await clusterItems();
      assert.ok(![...(now?.values() ?? [])].some(cached), `no cached row after ${other} signed in: ${[...(now?.values() ?? [])].map((i) => i.description).join(', ')}`);
      return now && ![...now.values()].some((i) => i.description === 'checking…') ? now : undefined;
    }, 30_000);
    // alice could not read this ACL (unknown); bob manages the cluster and reads it.
    assert.match(String(items.get('engineers-only')!.description), /^CAN_MANAGE/, `${other}'s own verdict`);
  });
});
