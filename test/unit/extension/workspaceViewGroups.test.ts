// The Workspace view's groups and the accessLens.workspaceView.hiddenKinds setting read against
// them (views/workspace/groups.ts): pure, no extension host.
import * as assert from 'node:assert/strict';
import { hideableKindNames, parseHiddenKinds, visibleGroups } from '../../../src/extension/views/workspace/groups';

describe('Workspace view groups and accessLens.workspaceView.hiddenKinds', () => {
  it('shows Compute, SQL, ML, Pipelines and Files with every kind by default', () => {
    const groups = visibleGroups(parseHiddenKinds([]).names);
    assert.deepEqual(groups.map((g) => g.label), ['Compute', 'SQL', 'ML', 'Pipelines', 'Files']);
    assert.deepEqual(groups.find((g) => g.id === 'ml')?.kinds, ['experiment', 'model', 'endpoint']);
  });

  it('takes the kind names of "access-lens ls" and leaves out a group whose kinds are all hidden', () => {
    assert.deepEqual(hideableKindNames(), ['policies', 'pools', 'warehouses', 'experiments', 'models', 'endpoints', 'pipelines', 'workspace']);
    const hidden = parseHiddenKinds(['pipelines', 'pools', 'Workspace']);
    assert.equal(hidden.problem, undefined);
    const groups = visibleGroups(hidden.names);
    assert.deepEqual(groups.map((g) => g.id), ['compute', 'sql', 'ml'], 'Pipelines and Files are gone');
    assert.deepEqual(groups[0]?.kinds, ['policy'], 'Compute keeps its policies without pools');
    assert.deepEqual(visibleGroups(parseHiddenKinds(['policies', 'pools']).names).map((g) => g.id), ['sql', 'ml', 'pipelines', 'files']);
  });

  it('names unknown kinds and the valid ones, and still hides the valid names given', () => {
    const hidden = parseHiddenKinds(['pipelines', 'clusters', 'warehouse', 3]);
    assert.deepEqual([...hidden.names], ['pipelines']);
    assert.match(hidden.problem ?? '', /^accessLens\.workspaceView\.hiddenKinds: 3, "clusters", "warehouse" are not kinds of the Workspace view and were ignored\. Use kind names as in "access-lens ls": policies, pools, warehouses, experiments, models, endpoints, pipelines, workspace\.$/);
  });

  it('hides nothing when the value is not a list, and says so', () => {
    const hidden = parseHiddenKinds('pipelines');
    assert.equal(hidden.names.size, 0);
    assert.match(hidden.problem ?? '', /must be a list of kind names, so nothing is hidden/);
    assert.deepEqual(parseHiddenKinds(undefined), { names: new Set() });
  });
});
