import * as assert from 'node:assert/strict';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import type { Scenario } from '../fakes/scenario';
import type { RequestLogEntry } from '../fakes/requestLog';
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
 * TCP and TLS handshake after it (HTTP/1.1), or the burst shares the one connection (HTTP/2); over
 * real HTTPS to the sandbox, which notes when it accepted each request's connection.
 */
describe('access map: connections for the first permission reads are open before the first page (issue 17)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ scenario: manyClusters(), overrides: { latencyMs: LATENCY_MS } });
  });
  after(() => sandbox?.stop());

  /** Reads the first page's 34 permission reads as the tree does, and returns them from the sandbox's log with the page's answer time. */
  async function firstPage(http2: boolean): Promise<{ reads: RequestLogEntry[]; pageAnswered: number }> {
    const since = sandbox.requestLog.length;
    const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: ALICE }), undefined, { http2 });
    const map = new AccessMap(sandboxAccessMapCore(call, sandbox.control.mintEntraToken({ userName: ALICE }), 1000), sandbox.workspaceHost, 'test-account');
    const listing = map.listing('cluster');
    await listing.firstPage;
    const shown = listing.items.slice(0, 50);
    assert.equal(shown.length, 34, 'the first page holds all 34 clusters');
    const rows = await Promise.all(shown.map((o) => map.row('cluster', o)));
    const copy = shown.findIndex((o) => o.name === 'warm-0');
    assert.equal(rows[copy]?.verdicts.attach?.allowed, true, 'data-team holds CAN_ATTACH_TO on each copy of team-shared');
    await listing.value;

    const log = sandbox.requestLog.slice(since).filter((e) => e.server === 'workspace');
    const page = log.find((e) => e.path === CLUSTER_LIST);
    assert.ok(page, 'the clusters were listed');
    const reads = log.filter((e) => PERMISSIONS.test(e.path));
    assert.equal(reads.length, 34);
    return { reads, pageAnswered: Date.parse(page.startedAt) + page.durationMs };
  }

  /** Reads that came on a connection the sandbox accepted after the page was answered. */
  const late = (reads: RequestLogEntry[], pageAnswered: number): string[] =>
    reads.filter((e) => e.connectionOpenedAt === undefined || e.connectionOpenedAt > pageAnswered).map((e) => `${e.path} on a connection opened ${e.connectionOpenedAt === undefined ? '(unknown)' : `${e.connectionOpenedAt - pageAnswered} ms`} after the page`);

  it('over HTTP/1.1, sends every permission read of the first page on a connection opened before the page was answered', async () => {
    const { reads, pageAnswered } = await firstPage(false);
    assert.deepEqual(new Set(reads.map((e) => e.httpVersion)), new Set(['1.1']));
    assert.deepEqual(late(reads, pageAnswered), [], 'a permission read of the first page opened its own connection after the page');
    // Warm connections resume the TLS session of the first connection: no full handshake each.
    const full = reads.filter((e) => e.sessionReused !== true);
    assert.ok(full.length <= 3, `${full.length} of the first page's ${reads.length} permission reads came on a connection with a full TLS handshake`);
  });

  it('over HTTP/2, sends the whole burst on the one connection opened before the page was answered', async () => {
    const { reads, pageAnswered } = await firstPage(true);
    assert.deepEqual(new Set(reads.map((e) => e.httpVersion)), new Set(['2.0']));
    assert.deepEqual(late(reads, pageAnswered), []);
    assert.equal(new Set(reads.map((e) => e.connectionOpenedAt)).size, 1, 'one connection for all 34 reads');
  });
});
