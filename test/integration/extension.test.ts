// The extension as VS Code itself sees it: found, activated, every command
// and view wired, every setting's default as declared. Runs in the real
// extension host (code-server), never against a mock of the vscode API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'access-lens.databricks-access-lens';
const CONTRACT_COMMANDS = [
  'accessLens.signIn',
  'accessLens.signOut',
  'accessLens.refreshTokens',
  'accessLens.refreshView',
  'accessLens.whyDenied',
  'accessLens.explainError',
  'accessLens.runDoctor',
  'accessLens.showAuditLog',
];

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
    views: Record<string, { id: string; name: string }[]>;
    viewsContainers: { activitybar: { id: string; title: string }[] };
  };
}

describe('Access Lens in a real VS Code extension host', () => {
  let extension: vscode.Extension<unknown>;
  let manifest: Manifest;

  before(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not among the extensions of this host: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    extension = found;
    manifest = extension.packageJSON as Manifest;
  });

  it('does not activate at startup (no "*" or onStartupFinished activation)', () => {
    const events = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activationEvents: ${JSON.stringify(events)}`);
    assert.equal(extension.isActive, false, 'nothing has used the extension yet, so it must not be active');
  });

  it('activates without throwing', async () => {
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every contributed command, and contributes every accessLens command it registers', async () => {
    await extension.activate();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code adds <viewId>.focus, .resetViewLocation, … for each contributed view: not ours to list.
    const viewIds = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('accessLens.') && !viewIds.some((v) => c.startsWith(`${v}.`)))
      .sort();
    for (const id of CONTRACT_COMMANDS) assert.ok(contributed.includes(id), `${id} (contract) is missing from package.json contributes.commands`);
    assert.deepEqual(registered, contributed);
  });

  it('puts every command in the palette under the category "Access Lens"', () => {
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Access Lens', command.command);
  });

  it('contributes the Clusters, Jobs, Catalog and Workspace views in the accessLens activity-bar container, and they can be focused', async () => {
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === 'accessLens' && c.title === 'Access Lens'));
    assert.deepEqual(manifest.contributes.views.accessLens?.map((v) => v.id), ['accessLens.clusters', 'accessLens.jobs', 'accessLens.catalog', 'accessLens.workspace']);
    const commands = await vscode.commands.getCommands(true);
    // Not focused here: the Catalog view reads Unity Catalog once opened (catalogView.test.ts checks it reads nothing before).
    assert.ok(commands.includes('accessLens.catalog.focus'), 'accessLens.catalog.focus is registered by the workbench');
    // Nor the Workspace view, whose groups read nothing before they are expanded (workspaceView.test.ts).
    assert.ok(commands.includes('accessLens.workspace.focus'), 'accessLens.workspace.focus is registered by the workbench');
    for (const view of ['accessLens.clusters', 'accessLens.jobs']) {
      assert.ok(commands.includes(`${view}.focus`), `${view}.focus is registered by the workbench`);
      await vscode.commands.executeCommand(`${view}.focus`);
    }
  });

  it('reads every setting back with the default package.json declares', () => {
    const config = vscode.workspace.getConfiguration();
    const keys = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(keys.length > 0);
    for (const key of keys) {
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is a known setting`);
      assert.deepEqual(inspected.defaultValue, manifest.contributes.configuration.properties[key]?.default, key);
    }
  });
});
