import * as assert from 'node:assert/strict';
import type { HttpResponse } from '../../../src/core/net/httpsClient';
import type { AuthorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { GroupDirectory } from '../../../src/core/workspace/directory';
import { RequestLimiter } from '../../../src/core/workspace/limiter';
import { SubjectSource, resolveIdentity } from '../../../src/core/workspace/subject';

const ME = '/api/2.0/preview/scim/v2/Me';
const json = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) });

/** A workspace whose SCIM Me answers only when the test says so; everything else at once. */
function slowMeWorkspace() {
  const paths: string[] = [];
  let answerMe: () => void = () => undefined;
  const meAnswered = new Promise<void>((resolve) => (answerMe = resolve));
  const call: AuthorizedHttp = async ({ path }) => {
    paths.push(path);
    if (path === ME) {
      await meAnswered;
      return json({ id: '100', userName: 'alice@contoso.com', groups: [{ value: '1', display: 'analysts' }] });
    }
    if (path.startsWith('/api/2.0/identity/principals/100/transitive-parent-groups')) return json({ transitive_parent_groups: [{ group_id: '1' }] });
    if (path.startsWith('/api/2.0/preview/scim/v2/Groups/1')) return json({ id: '1', displayName: 'analysts', externalId: 'entra-analysts' });
    if (path.startsWith('/api/2.0/preview/scim/v2/Groups?filter=')) return json({ Resources: [{ displayName: 'analysts-synced', externalId: 'entra-ml' }] });
    return { status: 404, headers: {}, body: '{}' };
  };
  return { call, paths, answerMe };
}

const source: SubjectSource = {
  config: {},
  signInScopes: [],
  session: { acquireSilent: async () => ({ accessToken: 'unused', groups: ['entra-analysts', 'entra-ml'] }) },
};

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('resolveIdentity (first screen, issue 17)', () => {
  it('reads the workspace twins of your provider groups beside SCIM Me, not after it', async () => {
    const workspace = slowMeWorkspace();
    const directory = new GroupDirectory(workspace.call, new RequestLimiter({ requestsPerSecond: 1000 }));
    const identity = resolveIdentity(source, workspace.call, 'https://adb-1.azuredatabricks.net', 'acct', directory);
    await tick();
    assert.ok(
      workspace.paths.some((p) => p.startsWith('/api/2.0/preview/scim/v2/Groups?filter=')),
      `the twins lookup waits for SCIM Me (requests so far: ${workspace.paths.join(', ')})`,
    );
    workspace.answerMe();
    const resolved = await identity;
    assert.deepEqual(resolved.entraGroupIds, ['entra-analysts', 'entra-ml']);
    assert.equal(directory.twinsKnown, true);
    assert.equal(directory.lookup('analysts-synced')?.externalId, 'entra-ml', 'the twin is known before any verdict');
    assert.deepEqual(resolved.groups.map((g) => g.displayName), ['analysts']);
  });

  it('still fails when your provider groups cannot be read', async () => {
    const workspace = slowMeWorkspace();
    const directory = new GroupDirectory(workspace.call, new RequestLimiter({ requestsPerSecond: 1000 }));
    const failing: SubjectSource = { ...source, idpGroups: () => Promise.reject(new Error('the sign-in expired')) };
    const identity = resolveIdentity(failing, workspace.call, 'https://adb-1.azuredatabricks.net', 'acct', directory);
    workspace.answerMe();
    await assert.rejects(identity, /the sign-in expired/);
  });
});
