import * as assert from 'node:assert/strict';
import { AccessMap, AccessMapOptions, FillProgress } from '../../src/core/workspace/accessMap';
import { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { largeScenario, sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';

/**
 * The access map as the tree uses it, against the sandbox over real HTTPS: the first page before
 * the rest, what is on screen before the background fill, a warm reopen without a request, and a
 * fill that stops when the map is invalidated.
 */
describe('access map against a generated workspace', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let call: AuthorizedHttp;
  let entraToken: string;
  const paths: string[] = [];

  const newMap = (requestsPerSecond = 1000, options: AccessMapOptions = {}) => new AccessMap(sandboxAccessMapCore(call, entraToken, requestsPerSecond), sandbox.workspaceHost, 'test-account', options);

  before(async () => {
    sandbox = await startSandbox({ scenario: largeScenario('map', { clusters: 450, jobs: 300, groups: 60 }) });
    entraToken = sandbox.control.mintEntraToken({ userName: 'alice@contoso.com' });
    call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: 'alice@contoso.com' }), (path) => paths.push(path));
  });
  after(() => sandbox?.stop());
  afterEach(() => sandbox.control.setKnobs({ latencyMs: 0, rateLimit: null }));

  it('shows the first page while the rest of the list loads', async () => {
    sandbox.control.setKnobs({ latencyMs: 40 });
    const map = newMap();
    const listing = map.listing('cluster');
    let pages = 0;
    listing.onPage(() => pages++);
    await listing.firstPage;
    assert.equal(listing.complete, false, 'the first page comes before the last');
    assert.ok(listing.items.length > 0 && listing.items.length < 450, `${listing.items.length} after the first page`);
    const all = await listing.value;
    assert.equal(all.length, 450);
    assert.equal(listing.complete, true);
    assert.ok(pages >= 2, `${pages} pages`);
    assert.equal(new Set(all.map((c) => c.id)).size, 450, 'no object twice');
  });

  it('reads what is on screen before the background fill, then fills in every verdict', async () => {
    const map = newMap(60);
    const jobs = await map.list('job');
    const events: FillProgress[] = [];
    map.onFillProgress((p) => events.push(p));
    const fillStarted = Date.now();
    const done = map.fillIn('job', jobs);
    // The last job is the fill's last: asked for as visible, it comes long before the fill ends.
    const last = jobs[jobs.length - 1]!;
    const row = await map.row('job', last);
    const visibleMs = Date.now() - fillStarted;
    assert.equal(row.id, last.id);
    assert.ok(events.at(-1)!.done < jobs.length / 2, `the visible row came after ${events.at(-1)!.done} of ${jobs.length} background rows (${visibleMs} ms)`);
    await done;
    assert.equal(events.at(-1)!.done, jobs.length);
    for (const job of jobs) assert.ok(map.cachedRow('job', job.id), `job ${job.id} has its verdicts`);
    const states = jobs.map((j) => map.cachedRow('job', j.id)!.allowed.run);
    assert.ok(states.includes(true) && states.includes(false) && states.includes(null), 'the generated workspace has runnable, denied and unknown jobs');
  });

  it('reopens warm without a request and gives the same verdicts, with remedies written on demand', async () => {
    const map = newMap();
    const clusters = await map.list('cluster');
    const first = await Promise.all(clusters.map((c) => map.row('cluster', c)));
    const before = paths.length;
    const again = await Promise.all((await map.list('cluster')).map((c) => map.row('cluster', c)));
    assert.equal(paths.length, before, 'no request on a warm reopen');
    assert.deepEqual(again, first, 'the same rows');
    assert.ok(again.every((r, i) => r === first[i]), 'the very same row objects, not evaluated again');
    const denied = first.find((r) => r.allowed.attach === false && r.blocker.attach !== 'ENTITLEMENT_MISSING');
    assert.ok(denied, 'a denied cluster');
    const verdict = await map.explain('cluster', clusters.find((c) => c.id === denied.id)!, 'attach');
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.blockers[0]?.code, denied.blocker.attach);
    assert.ok(verdict.remedies.length > 0, 'the remedies are there when read');
    assert.ok(JSON.parse(JSON.stringify(verdict)).remedies.length > 0, 'and in its JSON');
  });

  it('stops the background fill when the map is invalidated', async () => {
    const map = newMap(20);
    const jobs = await map.list('job');
    const ended = map.fillIn('job', jobs);
    await new Promise((r) => setTimeout(r, 300));
    map.invalidate();
    const end = await ended;
    assert.equal(end.cancelled, true);
    assert.ok(end.done < jobs.length);
    const afterCancel = paths.length;
    await new Promise((r) => setTimeout(r, 1500));
    // The queued reads are given up: only a request starting at that very moment may still go out.
    assert.ok(paths.length - afterCancel <= 2, `no queued request went out after the cancel: ${paths.length - afterCancel}`);
  });

  it('reads the list again when it is stale, but not the permissions behind it while they are fresh', async () => {
    let now = Date.now();
    const map = newMap(1000, { now: () => now, ttlMs: 60_000, aclTtlMs: 15 * 60_000 });
    const fill = async () => {
      const list = await map.list('cluster');
      await map.fillIn('cluster', list);
    };
    await fill();
    now += 5 * 60_000; // the list and identity are stale, the ACLs are not
    const before = paths.length;
    await fill();
    const again = paths.slice(before);
    assert.ok(again.some((p) => p.startsWith('/api/2.1/clusters/list')), 'the list was read again');
    assert.equal(again.filter((p) => p.startsWith('/api/2.0/permissions/clusters/')).length, 0, 'no permission read again');
    now += 15 * 60_000;
    const later = paths.length;
    await fill();
    assert.equal(paths.slice(later).filter((p) => p.startsWith('/api/2.0/permissions/clusters/')).length, 450, 'stale ACLs are read again');
  });
});
