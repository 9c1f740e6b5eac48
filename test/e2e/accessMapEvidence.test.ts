import * as assert from 'node:assert/strict';
import { AccessMap, AccessMapOptions } from '../../src/core/workspace/accessMap';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';

/**
 * The access map passes what the workspace showed (the object is listed to you) to the model: under
 * visibility control that proves the lowest level over an ACL cut down to nothing; without knowing
 * that the workspace hides objects, the listing proves nothing and the verdict stays unknown.
 */
describe('access map: a listing as evidence over a cut-down ACL', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  const NIGHTLY_BUILD = '612345678901001'; // Alice holds CAN_VIEW on it through ml-engineers

  before(async () => {
    sandbox = await startSandbox({ scenario: 'demo', overrides: { aclReadableBy: 'empty', listVisibility: 'permitted' } });
  });
  after(() => sandbox?.stop());

  const mapFor = (options: AccessMapOptions) => {
    const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: 'alice@contoso.com' }));
    return new AccessMap(sandboxAccessMapCore(call, sandbox.control.mintEntraToken({ userName: 'alice@contoso.com' }), 1000), sandbox.workspaceHost, 'test-account', options);
  };

  it('under visibility control a listed job is viewable even though its ACL came back empty; running it stays unknown', async () => {
    const map = mapFor({ visibilityControl: true });
    const view = await map.why('job', NIGHTLY_BUILD, 'view');
    assert.equal(view.allowed, true);
    assert.equal(view.granted, 'CAN_VIEW');
    assert.match(view.summary, /listed to you under job visibility control/);
    const run = await map.why('job', NIGHTLY_BUILD, 'run');
    assert.equal(run.allowed, null);
    assert.deepEqual(run.blockers.map((b) => b.code), ['ACL_PARTIAL']);
  });

  it('when visibility control is not known, the listing proves nothing: unknown, never NO_GRANT', async () => {
    const view = await mapFor({}).why('job', NIGHTLY_BUILD, 'view');
    assert.equal(view.allowed, null);
    assert.deepEqual(view.blockers.map((b) => b.code), ['ACL_PARTIAL']);
  });
});
