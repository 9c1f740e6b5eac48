import * as assert from 'node:assert/strict';
import { Verdict } from '../../../src/core/access';
import { nameInheritingFolders } from '../../../src/core/workspace/workspaceObjects';
import { ancestorsOf, isFolderKind, kindOfObjectType } from '../../../src/core/workspace/workspaceTree';

const verdict = (inheritedFrom: (string | null)[]): Verdict => ({
  kind: 'notebook', id: '202', name: '/Shared/team/report', action: 'run', allowed: true, required: 'CAN_RUN', granted: 'CAN_RUN',
  grants: inheritedFrom.map((from) => ({ principal: 'group:data-team', level: 'CAN_RUN', path: ['user:a', 'group:data-team'], inheritedFrom: from })),
  blockers: [], remedies: [], summary: '',
});

describe('workspace tree: folders, object types and inherited grants', () => {
  it('walks the folders above a path, nearest first, without the root', () => {
    assert.deepEqual(ancestorsOf('/Shared/team/report'), ['/Shared/team', '/Shared']);
    assert.deepEqual(ancestorsOf('/Shared'), []);
  });

  it('maps workspace/list object types onto kinds, and leaves files to no kind', () => {
    assert.deepEqual(['NOTEBOOK', 'DIRECTORY', 'REPO', 'FILE', 'LIBRARY'].map(kindOfObjectType), ['notebook', 'directory', 'repo', undefined, undefined]);
    assert.deepEqual(['notebook', 'directory', 'repo', 'cluster', 'job'].map(isFolderKind), [true, true, true, false, false]);
  });

  it('names a folder a grant is inherited from by its path, and keeps what it cannot name', () => {
    const named = nameInheritingFolders(verdict(['/directories/201', '/directories/7', null]), new Map([['/directories/201', '/Shared/team']]));
    assert.deepEqual(named.grants.map((g) => g.inheritedFrom), ['/Shared/team', '/directories/7', null]);
  });
});
