import * as assert from 'node:assert/strict';
import { judgeChain } from '../../../src/core/catalog';
import { tableFacts } from '../catalog/chainFixtures';

describe('Unity Catalog chain: a securable the workspace refused to show you', () => {
  it('is not yours: a refusal naming it (deniedPrivileges) means an unknown owner no longer keeps the missing link open', () => {
    const refused = { owner: null, effective: [], unreadableReason: "The schema main.features could not be read (HTTP 403: User does not have USE SCHEMA on Schema 'main.features'.)" };
    const open = judgeChain(tableFacts({ schema: refused }));
    assert.equal(open.allowed, null, 'without the refusal, an unknown owner might hold it');
    const v = judgeChain(tableFacts({ schema: { ...refused, deniedPrivileges: ['USE_SCHEMA'] } }));
    assert.equal(v.allowed, false);
    assert.deepEqual(v.chain.map((l) => l.held), [true, false, true]);
    assert.equal(v.blockers[0]?.code, 'PRIVILEGE_MISSING');
  });
});
