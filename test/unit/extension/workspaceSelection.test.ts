import * as assert from 'node:assert/strict';
import type { WorkspaceEntry } from '../../../src/core/config';
import { resolveSelection, statusBarWorkspace, workspaceOfNode, workspacePickItems } from '../../../src/extension/workspaceSelection';

const PROD: WorkspaceEntry = { host: 'https://adb-1.1.azuredatabricks.net', name: 'prod', source: 'user' };
const DEV: WorkspaceEntry = { host: 'https://adb-2.2.azuredatabricks.net', name: 'dev', source: 'user' };

describe('the selected workspace (extension/workspaceSelection.ts)', () => {
  it('is the first workspace before any choice, and none without workspaces', () => {
    assert.deepEqual(resolveSelection(undefined, [PROD, DEV]), { workspace: PROD });
    assert.deepEqual(resolveSelection(undefined, []), { workspace: undefined });
  });

  it('is the kept choice while it is configured, wherever it stands in the list', () => {
    assert.deepEqual(resolveSelection(DEV.host, [PROD, DEV]), { workspace: DEV });
    assert.deepEqual(resolveSelection(DEV.host, [DEV, PROD]), { workspace: DEV });
  });

  it('falls back to the first workspace when the kept one is no longer configured, and names the missing host', () => {
    assert.deepEqual(resolveSelection('https://gone.cloud.databricks.com', [PROD, DEV]), { workspace: PROD, missingHost: 'https://gone.cloud.databricks.com' });
    assert.deepEqual(resolveSelection(DEV.host, []), { workspace: undefined, missingHost: DEV.host });
  });

  it('offers every workspace by name and host in the picker, the selected one marked', () => {
    assert.deepEqual(workspacePickItems([PROD, DEV], DEV.host), [
      { label: '$(blank) prod', description: PROD.host, host: PROD.host, picked: false },
      { label: '$(check) dev', description: `${DEV.host} · selected`, host: DEV.host, picked: true },
    ]);
  });

  it('names the workspace in the status bar only when several are configured', () => {
    assert.equal(statusBarWorkspace([PROD, DEV], DEV), 'dev');
    assert.equal(statusBarWorkspace([PROD], PROD), undefined);
    assert.equal(statusBarWorkspace([], undefined), undefined);
  });

  it('finds the workspace of workspace, object and run nodes, and none for messages', () => {
    const object = { type: 'object', workspace: DEV, kind: 'job', summary: { id: '1', name: 'etl' } };
    assert.equal(workspaceOfNode({ type: 'workspace', workspace: PROD, kind: 'cluster' }), PROD);
    assert.equal(workspaceOfNode(object), DEV);
    assert.equal(workspaceOfNode({ type: 'run', jobNode: object, run: {} }), DEV);
    assert.equal(workspaceOfNode({ type: 'info', message: 'Sign in', icon: 'info' }), undefined);
    assert.equal(workspaceOfNode(undefined), undefined);
  });
});
