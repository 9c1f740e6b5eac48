import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bobSingleNode, openTabs, waitFor } from './editorHelpers';
import { SandboxInfo, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

describe('The access views, the why view and the doctor report in the extension host', () => {
  let info: SandboxInfo;
  let base: string;

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    info = sandboxInfo();
    base = info.controlApi.workspace;
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    if (base) await vscode.commands.executeCommand('accessLens.signOut');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the Clusters view lists the clusters and reads each one\'s permissions', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.clusters.focus');
    await vscode.commands.executeCommand('accessLens.refreshView');
    const paths = await waitFor('permission reads', async () => {
      const seen = (await requestsSince(base, since)).map((r) => r.path);
      return seen.filter((p) => p.startsWith('/api/2.0/permissions/clusters/')).length >= 3 ? seen : undefined;
    });
    assert.ok(paths.includes('/api/2.1/clusters/list'));
    assert.ok(paths.includes('/api/2.0/preview/scim/v2/Me'));
  });

  it('"Why can\'t I…?" opens the explanation for a cluster and action beside the tree', async () => {
    await vscode.commands.executeCommand('accessLens.whyDenied', bobSingleNode(info.workspaceHost), 'attach');
    const tab = await waitFor('the why tab', () => openTabs().find((label) => label === 'Why: bob-single (attach)'));
    assert.ok(tab);
  });

  it('Explain Access Error explains a text in the same view as the tree\'s why', async () => {
    const text = '{"error_code":"PERMISSION_DENIED","message":"User alice@fabrikam.com does not have Attach permissions on cluster 0101-000000-aaaa0002."}';
    await vscode.commands.executeCommand('accessLens.explainError', text);
    const tab = await waitFor('the explanation tab', () => openTabs().find((label) => label === 'Explained: PERMISSION_DENIED'));
    assert.ok(tab);
  });

  it('Run Doctor opens the report for the sandbox workspace', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.runDoctor', info.workspaceHost);
    await waitFor('the doctor tab', () => openTabs().find((label) => label === 'Access Lens Doctor'));
    const paths = (await requestsSince(base, since)).map((r) => r.path);
    assert.ok(paths.includes('/oidc/v1/token'), 'the doctor proved the exchange with a fresh token');
    assert.ok(paths.some((p) => p.startsWith('/api/2.0/preview/scim/v2/Groups')), 'and compared group sync');
  });
});
