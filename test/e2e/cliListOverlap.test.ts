import * as assert from 'node:assert/strict';
import type { Sandbox } from '../fakes/sandbox';
import { largeScenario, sandboxCall } from '../fakes/sandboxClient';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

const JOBS = 300;
/** Every workspace request takes this long: three list pages of 100 jobs take at least three of them. */
const LATENCY_MS = 150;

/** The job ids in the order jobs/list hands them out, read directly from the sandbox. */
async function listedJobIds(sandbox: Sandbox): Promise<string[]> {
  const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: 'alice@contoso.com' }));
  const ids: string[] = [];
  let token = '';
  do {
    const response = await call({ method: 'GET', path: `/api/2.2/jobs/list?limit=100${token ? `&page_token=${encodeURIComponent(token)}` : ''}` });
    const page = JSON.parse(response.body) as { jobs?: { job_id: number }[]; next_page_token?: string };
    ids.push(...(page.jobs ?? []).map((j) => String(j.job_id)));
    token = page.next_page_token ?? '';
  } while (token);
  return ids;
}

/**
 * Issue 17, "lists and reads overlap": `access-lens ls jobs` starts reading permissions with the
 * first list page instead of after the last one, and prints the same rows in the list's order.
 */
describe('access-lens ls reads permissions as list pages arrive (issue 17)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  signedInSandbox(largeScenario('listOverlap', { clusters: 2, jobs: JOBS, groups: 20, users: 20 }), (started, startedEnv) => ([sandbox, env] = [started, startedEnv]));

  it(`ls jobs over ${JOBS / 100} slow list pages: the first permission read arrives before the last list page is served`, async () => {
    sandbox.control.setKnobs({ latencyMs: LATENCY_MS });
    const before = sandbox.requestLog.length;
    const result = await runCli(['ls', 'jobs', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const log = sandbox.requestLog.slice(before).filter((e) => e.server === 'workspace');
    const at = (e: (typeof log)[number]) => Date.parse(e.startedAt);
    const pages = log.filter((e) => e.path === '/api/2.2/jobs/list');
    const reads = log.filter((e) => e.path.startsWith('/api/2.0/permissions/jobs/'));
    assert.equal(pages.length, JOBS / 100, 'one request per list page');
    assert.equal(reads.length, JOBS, 'one permission read per job');
    const lastPageServed = Math.max(...pages.map((e) => at(e) + e.durationMs));
    const firstRead = Math.min(...reads.map(at));
    const overlapped = reads.filter((e) => at(e) < lastPageServed).length;
    assert.ok(firstRead < lastPageServed, `the first permission read arrived ${firstRead - lastPageServed} ms after the last list page was served`);
    const me = log.find((e) => e.path === '/api/2.0/preview/scim/v2/Me');
    assert.ok(me && at(me) < at(pages[0]!) + pages[0]!.durationMs, 'who you are (SCIM Me) is asked beside the first list page, not after it');
    assert.ok(overlapped > 0, `${overlapped} permission reads arrived while the list was still being read`);

    // The same rows as before the change: every job once, in the list's order.
    sandbox.control.setKnobs({ latencyMs: 0 });
    const items = result.json<{ items: { kind: string; id: string }[] }>().items;
    assert.deepEqual(items.map((i) => i.id), await listedJobIds(sandbox));
    assert.ok(items.every((i) => i.kind === 'job'));
  });
});
