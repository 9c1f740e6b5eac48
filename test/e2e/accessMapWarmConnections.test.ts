import * as assert from 'node:assert/strict';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import type { Scenario } from '../fakes/scenario';
import { loadScenario } from '../fakes/scenarioLoad';

const ALICE = 'alice@fabrikam.com';
/** Long enough that a handshake on loopback (a few ms) never decides the test on a busy machine. */
const LATENCY_MS = 300;
const PERMISSIONS = /^\/api\/2\.0\/permissions\/clusters\//;
const CLUSTER_LIST = '/api/2.1/clusters/list';

/** basic plus 30 clusters team-shared's like, so the first page brings a burst of permission reads. */
function manyClusters(): Scenario {
  const basic = structuredClone(loadScenario('basic'));
  const template = basic.workspace.clusters![0]!;
  const extra = Array.from({ length: 30 }, (_, i) => ({ ...template, cluster_id: `0101-000000-warm${String(i).padStart(4, '0')}`, cluster_name: `warm-${i}` }));
  return { ...basic, name: 'warmConnections', workspace: { ...basic.workspace, clusters: [...basic.workspace.clusters!, ...extra] } };
}

/**
 * Issue 17, "first screen" (docs/architecture.md): the first list page's permission reads go out as
 * one burst. Their connections are opened while the page is in flight, so none of them starts a
 * TCP and TLS handshake after it; over real HTTPS to the sandbox, which notes when it accepted
 * each request's connection.
 */
describe('access map: connections for the first permission reads are open before the first page (issue 17)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ scenario: manyClusters(), overrides: { latencyMs: LATENCY_MS } });
  });
  after(() => sandbox?.stop());

  it('sends every permission read of the first page on a connection opened before the page was answered', async () => {
    const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: ALICE }));
    const map = new AccessMap(sandboxAccessMapCore(call, sandbox.control.mintEntraToken({ userName: ALICE }), 1000), sandbox.workspaceHost, 'test-account');
    const listing = map.listing('cluster');
    await listing.firstPage;
    const shown = listing.items.slice(0, 50);
    assert.equal(shown.length, 34, 'the first page holds all 34 clusters');
    const rows = await Promise.all(shown.map((o) => map.row('cluster', o)));
    const copy = shown.findIndex((o) => o.name === 'warm-0');
    assert.equal(rows[copy]?.verdicts.attach?.allowed, true, 'data-team holds CAN_ATTACH_TO on each copy of team-shared');

    const log = sandbox.requestLog.filter((e) => e.server === 'workspace');
    const page = log.find((e) => e.path === CLUSTER_LIST);
    assert.ok(page, 'the clusters were listed');
    const pageAnswered = Date.parse(page.startedAt) + page.durationMs;
    const reads = log.filter((e) => PERMISSIONS.test(e.path));
    assert.equal(reads.length, 34);
    const late = reads.filter((e) => e.connectionOpenedAt === undefined || e.connectionOpenedAt > pageAnswered);
    assert.deepEqual(
      late.map((e) => `${e.path} on a connection opened ${e.connectionOpenedAt === undefined ? '(unknown)' : `${e.connectionOpenedAt - pageAnswered} ms`} after the page`),
      [],
      'a permission read of the first page opened its own connection after the page',
    );
    // Warm connections resume the TLS session of the first connection: no full handshake each.
    const full = reads.filter((e) => e.sessionReused !== true);
    assert.ok(full.length <= 3, `${full.length} of the first page's ${reads.length} permission reads came on a connection with a full TLS handshake`);
  });
});
