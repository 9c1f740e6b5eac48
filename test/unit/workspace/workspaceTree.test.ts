import * as assert from 'node:assert/strict';
import { WorkspaceApiError } from '../../../src/core/workspace/apiError';
import { folderObjects, objectAtPath } from '../../../src/core/workspace/workspaceTree';

const HOST = 'https://adb-1.2.azuredatabricks.net';

/** workspace/list and get-status answers as workspaceTree.ts reads them (pure: the GET is handed in). */
describe('workspace tree: reading workspace/list and get-status', () => {
  it('reads a folder of every type, sorting its objects into kinds, and an empty folder as empty', async () => {
    const asked: string[] = [];
    const objects = await folderObjects(async (path) => (asked.push(path), { objects: [{ object_type: 'NOTEBOOK', path: '/Shared/a b', object_id: 7, language: 'PYTHON' }, { object_type: 'FILE', path: '/Shared/x.csv', object_id: 8 }] }), HOST, '/Shared');
    assert.deepEqual(asked, ['/api/2.0/workspace/list?path=%2FShared']);
    assert.deepEqual(objects, [
      { kind: 'notebook', objectType: 'NOTEBOOK', id: '7', path: '/Shared/a b' },
      { kind: undefined, objectType: 'FILE', id: '8', path: '/Shared/x.csv' },
    ]);
    assert.deepEqual(await folderObjects(async () => ({}), HOST, '/Shared/empty'), []);
  });

  it('refuses an object it could neither name nor check, instead of a smaller folder', async () => {
    await assert.rejects(folderObjects(async () => ({ objects: [{ object_type: 'NOTEBOOK', path: '/Shared/a' }] }), HOST, '/Shared'), (e: Error) => e instanceof WorkspaceApiError && e.code !== 'NOT_FOUND' && /object_id, path or object_type/.test(e.message));
  });

  it('answers undefined for a path where nothing is, and passes other failures on', async () => {
    const missing = new WorkspaceApiError(HOST, '/api/2.0/workspace/get-status', { status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST', message: "Path (/nope) doesn't exist." });
    assert.equal(await objectAtPath(async () => Promise.reject(missing), HOST, '/nope'), undefined);
    const denied = new WorkspaceApiError(HOST, '/api/2.0/workspace/get-status', { status: 403, errorCode: 'PERMISSION_DENIED', message: 'no' });
    await assert.rejects(objectAtPath(async () => Promise.reject(denied), HOST, '/Users/bob'), (e: Error) => e === denied);
    assert.deepEqual(await objectAtPath(async () => ({ object_type: 'REPO', path: '/Repos/a/r', object_id: 9 }), HOST, '/Repos/a/r'), { kind: 'repo', objectType: 'REPO', id: '9', path: '/Repos/a/r' });
  });
});
