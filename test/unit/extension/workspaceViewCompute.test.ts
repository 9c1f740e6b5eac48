// The words of "Can I create a cluster?" in the Workspace view (views/workspace/computeText.ts),
// read off real verdicts of the pure model (access/clusterCreate.ts).
import * as assert from 'node:assert/strict';
import { AclState, Subject, evaluate } from '../../../src/core/access';
import { ClusterCreateInput, judgeClusterCreate } from '../../../src/core/access/clusterCreate';
import { clusterCreateDescription } from '../../../src/extension/views/workspace/computeText';

const ME = 'alice@contoso.com';
const subject: Subject = { userName: ME, groups: [{ id: '1', displayName: 'data-team', externalId: null, path: [`user:${ME}`, 'group:data-team'] }], entraGroupIds: [] };
const readable = (...entries: [string, string][]): AclState => ({ state: 'readable', entries: entries.map(([principal, level]) => ({ principal, permissions: [{ level, inherited: false, inheritedFrom: null }] })) });
const policy = (id: string, name: string, acl: AclState) => ({ id, name, acl, verdict: evaluate(subject, { kind: 'policy', id, name, acl }, 'use') });
const judge = (over: Partial<ClusterCreateInput>) =>
  judgeClusterCreate({ userName: ME, entitlements: ['workspace-access'], groups: [{ displayName: 'data-team', path: subject.groups[0]!.path, entitlements: [] }], policies: [], pools: [], ...over });

describe('Workspace view: the words of "Can I create a cluster?"', () => {
  it('says yes with the policy and the group it comes through, or with the entitlement', () => {
    assert.equal(clusterCreateDescription(judge({ policies: [policy('P1', 'data-science', readable(['group:data-team', 'CAN_USE']))] }), undefined), 'yes · with policy data-science via data-team');
    assert.equal(clusterCreateDescription(judge({ entitlements: ['allow-cluster-create'] }), undefined), `yes · allow-cluster-create via ${ME}`);
  });

  it('when denied, names the group that would give a policy and who manages that policy', () => {
    const gpu = policy('P2', 'ml-gpu', readable(['group:ml-engineers', 'CAN_USE'], ['user:bob@contoso.com', 'CAN_MANAGE']));
    assert.equal(clusterCreateDescription(judge({ policies: [gpu] }), undefined), 'no · group ml-engineers would give policy ml-gpu (managed by bob@contoso.com or a workspace admin)');
    assert.equal(clusterCreateDescription(judge({}), undefined), 'no · no entitlement and no policy you may use');
  });

  it('is unknown with the reason when a policy ACL cannot be read, and while loading or failed', () => {
    const hidden = policy('P3', 'hidden', { state: 'unreadable', reason: 'HTTP 403 PERMISSION_DENIED: no' });
    assert.match(clusterCreateDescription(judge({ policies: [hidden] }), undefined), /^unknown: Whether you may use cluster policy "hidden" \(id P3\) is unknown/);
    assert.equal(clusterCreateDescription(undefined, undefined), 'checking…');
    assert.equal(clusterCreateDescription(undefined, 'HTTP 500'), 'unknown: HTTP 500');
  });
});
