/** REST and SCIM answers are read through one JSON path (workspace/jsonCall.ts): the same errors for the same failures. */
import * as assert from 'node:assert/strict';
import type { AuthorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { WorkspaceApiError } from '../../../src/core/workspace/apiError';
import { RequestLimiter } from '../../../src/core/workspace/limiter';
import { getMe } from '../../../src/core/workspace/scim';
import { WorkspaceClient } from '../../../src/core/workspace/workspaceClient';

const HOST = 'https://adb-1.azuredatabricks.net';

/** Every call answers with this status and body. */
const answering = (status: number, body: string): AuthorizedHttp => async () => ({ status, headers: {}, body });

async function failure(work: () => Promise<unknown>): Promise<WorkspaceApiError> {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof WorkspaceApiError, String(error));
    return error;
  }
  return assert.fail('expected a WorkspaceApiError');
}

describe('workspace JSON: one path for REST and SCIM', () => {
  const limiter = new RequestLimiter({ maxConcurrent: 2, requestsPerSecond: 1000 });
  const rest = (call: AuthorizedHttp) => () => new WorkspaceClient(HOST, call, limiter).listClusters();
  const scim = (call: AuthorizedHttp) => () => getMe(call, HOST);

  it('an answer that is not JSON is INVALID_RESPONSE, with the same words, from either', async () => {
    const html = answering(200, '<html>proxy login</html>');
    const [a, b] = [await failure(rest(html)), await failure(scim(html))];
    assert.equal(a.body.errorCode, 'INVALID_RESPONSE');
    assert.deepEqual({ ...a.body }, { ...b.body });
  });

  it('an error status carries the error body the same way from either', async () => {
    const denied = answering(403, JSON.stringify({ error_code: 'PERMISSION_DENIED', message: 'no' }));
    const [a, b] = [await failure(rest(denied)), await failure(scim(denied))];
    assert.equal(a.code, b.code);
    assert.deepEqual({ ...a.body }, { ...b.body });
  });
});
