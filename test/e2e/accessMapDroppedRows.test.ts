import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/core/errors';
import { IdentityError } from '../../src/core/identity/identityError';
import { AccessMap } from '../../src/core/workspace/accessMap';
import type { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import { loadScenario } from '../fakes/scenarioLoad';

const ALICE = 'alice@fabrikam.com';
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` and returns every rejection that no one handled meanwhile (what the extension host logs as "not handled"). */
async function unhandledDuring(work: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): number => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await work();
    await settle(50);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return unhandled;
}

/**
 * Rows whose identity fails (a sign-out under a tree that is still reading, a refresh that gives up
 * the requests not yet started) fail for their callers, and leave no rejection that nobody handles:
 * the extension host logged one per row ("rejected promise not handled within 1 second").
 */
describe('access map: rows whose identity fails leave no unhandled rejection', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let plain: AuthorizedHttp;
  let entraToken: string;

  before(async () => {
    sandbox = await startSandbox({ scenario: loadScenario('basic') });
    entraToken = sandbox.control.mintEntraToken({ userName: ALICE });
    plain = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: ALICE }));
  });
  after(() => sandbox?.stop());
  afterEach(() => sandbox.control.setKnobs({ latencyMs: 0 }));

  it('an account signed out while its rows are read: each row fails with "sign in again", nothing unhandled', async () => {
    const core = sandboxAccessMapCore(plain, entraToken, 1000);
    const signedOut = new IdentityError('SIGN_IN_REQUIRED', 'That account is no longer signed in. Sign in again.', true, undefined);
    const map = new AccessMap({ ...core, session: { acquireSilent: () => Promise.reject(signedOut) } }, sandbox.workspaceHost, 'test-account');
    const unhandled = await unhandledDuring(async () => {
      const clusters = await map.list('cluster');
      assert.ok(clusters.length >= 2, `${clusters.length} clusters`);
      const rows = await Promise.allSettled(clusters.map((c) => map.row('cluster', c)));
      for (const row of rows) assert.equal(row.status === 'rejected' && row.reason, signedOut);
    });
    assert.deepEqual(unhandled, []);
  });

  it('a refresh that gives up the requests not yet started: the rows are cancelled, nothing unhandled', async () => {
    sandbox.control.setKnobs({ latencyMs: 200 });
    // One request at a time: SCIM Me and the ACLs wait in the read limiter when the map is invalidated.
    const map = new AccessMap(sandboxAccessMapCore(plain, entraToken, 1), sandbox.workspaceHost, 'test-account');
    const unhandled = await unhandledDuring(async () => {
      const clusters = await map.list('cluster');
      const rows = Promise.allSettled(clusters.map((c) => map.row('cluster', c)));
      await settle(20);
      map.invalidate();
      const settled = await rows;
      assert.ok(settled.some((r) => r.status === 'rejected' && r.reason instanceof CancelledError), JSON.stringify(settled.map((r) => r.status)));
    });
    assert.deepEqual(unhandled.map(String), []);
  });
});
