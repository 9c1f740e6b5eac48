import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Sandbox } from '../fakes/sandbox';
import { largeScenario } from '../fakes/sandboxClient';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

const JOBS = 700;
/** Above the CLI's first pace (50 a second), so the first process meets a 429 and learns. */
const SERVER_LIMIT = 80;

/**
 * Issue 17, "pace against the server's real limit": each `access-lens ls` is a new process, and
 * the pace the last one learned from the server's 429s (state folder's pace.json) is where the
 * next one starts, instead of 50 a second and a slow start. A corrupt file is read as none.
 */
describe('access-lens ls starts at the pace the last process learned (issue 17)', function () {
  this.timeout(180_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  let state: string;

  signedInSandbox(largeScenario('paceMemory', { clusters: 2, jobs: JOBS, groups: 20, users: 20 }), (started, startedEnv) => {
    sandbox = started;
    state = mkdtempSync(path.join(tmpdir(), 'access-lens-pace-'));
    env = { ...startedEnv, XDG_STATE_HOME: state };
  });
  after(() => rmSync(state, { recursive: true, force: true }));

  /**
   * Runs `ls jobs --verbose`: the pace it says it resumes (none: it starts afresh), the permission
   * reads started in the first second after its first one, and its 429s.
   */
  async function lsJobs(): Promise<{ resumed: number | undefined; firstSecond: number; throttled: number }> {
    const before = sandbox.requestLog.length;
    const result = await runCli(['ls', 'jobs', '--json', '--verbose'], env);
    assert.equal(result.code, 0, result.stderr);
    const reads = sandbox.requestLog.slice(before).filter((e) => e.server === 'workspace' && e.path.startsWith('/api/2.0/permissions/jobs/'));
    const at = (e: (typeof reads)[number]) => Date.parse(e.startedAt);
    const first = Math.min(...reads.map(at));
    if (process.env.PACE_TRACE === '1') {
      const perSecond: number[] = [];
      for (const e of reads) perSecond[Math.floor((at(e) - first) / 1000)] = (perSecond[Math.floor((at(e) - first) / 1000)] ?? 0) + 1;
      process.stderr.write(`reads per second ${Array.from(perSecond, (n) => n ?? 0).join(' ')}; 429s ${reads.filter((e) => e.status === 429).map((e) => at(e) - first).join(' ')}\n`);
    }
    const resumed = /resume the pace learned before, ([\d.]+) a second/.exec(result.stderr)?.[1];
    return { resumed: resumed === undefined ? undefined : Number(resumed), firstSecond: reads.filter((e) => at(e) < first + 1000).length, throttled: reads.filter((e) => e.status === 429).length };
  }

  it('a second process resumes the pace the first learned after a first window at 55; a corrupt pace file means starting afresh', async () => {
    sandbox.control.setKnobs({ rateLimit: { requestsPerSecond: SERVER_LIMIT, retryAfterSec: 1 } });
    const first = await lsJobs();
    assert.equal(first.resumed, undefined, 'no pace file yet: the first process starts afresh');
    assert.ok(first.throttled > 0, 'the first process met the server limit (a 429) and learned from it');
    const file = path.join(state, 'access-lens', 'pace.json');
    const learned = Object.values((JSON.parse(readFileSync(file, 'utf8')) as { hosts: Record<string, { perSecond: number }> }).hosts).map((h) => h.perSecond);
    assert.equal(learned.length, 1);
    assert.ok(learned[0]! >= 30 && learned[0]! <= SERVER_LIMIT, `learned ${learned[0]} a second for a server allowing ${SERVER_LIMIT}`);

    const second = await lsJobs();
    assert.equal(second.resumed, learned[0], 'the second process resumes the pace in the file');
    // The first window at the usual 55 (the last process's tail may still fill the server's second): not a learned burst.
    assert.ok(second.firstSecond <= 65, `the second process started ${second.firstSecond} reads in its first second`);

    writeFileSync(file, '{"version":1,"hosts":{"', { mode: 0o600 });
    const afterCorrupt = await lsJobs();
    assert.equal(afterCorrupt.resumed, undefined, 'a corrupt pace file is read as none');
  });
});
