import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'access-lens.databricks-access-lens';

interface Manifest {
  contributes: {
    commands: { command: string; category: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
    views: Record<string, { id: string }[]>;
  };
}

describe('Access Lens in a real VS Code extension host', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed in the extension host`);
    extension = found;
    await extension.activate();
  });

  it('activates', () => {
    assert.equal(extension.isActive, true);
  });

  it('registers every contributed command, and contributes every accessLens command it registers', async () => {
    const manifest = extension.packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('accessLens.') && !c.includes('.focus') && !c.includes('.resetViewLocation') && !c.includes('.toggleVisibility') && !c.includes('.removeView') && !c.includes('.open')).sort();
    for (const id of ['accessLens.signIn', 'accessLens.signOut', 'accessLens.refreshTokens', 'accessLens.refreshView', 'accessLens.whyDenied', 'accessLens.explainError', 'accessLens.runDoctor', 'accessLens.showAuditLog']) {
      assert.ok(contributed.includes(id), `${id} is contributed`);
    }
    assert.deepEqual(registered, contributed);
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'Access Lens'));
  });

  it('contributes the Clusters and Jobs views in the accessLens container, and they can be focused', async () => {
    const manifest = extension.packageJSON as Manifest;
    assert.deepEqual(manifest.contributes.views.accessLens?.map((v) => v.id), ['accessLens.clusters', 'accessLens.jobs']);
    await vscode.commands.executeCommand('accessLens.clusters.focus');
    await vscode.commands.executeCommand('accessLens.jobs.focus');
  });

  it('reads every setting back with the default package.json declares', () => {
    const manifest = extension.packageJSON as Manifest;
    const config = vscode.workspace.getConfiguration();
    for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
      const inspected = config.inspect(key);
      assert.deepEqual(inspected?.defaultValue, schema.default, key);
    }
  });
});
