import * as assert from 'node:assert/strict';
import type { Sandbox } from '../fakes/sandbox';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

interface Verdict {
  allowed: boolean | null;
  granted: string | null;
  blockers: { code: string; message: string }[];
  remedies: string[];
  summary: string;
}
interface LsItem {
  name: string;
  level: string | null;
  actions: Record<string, { allowed: boolean | null }>;
}

/** Alice's grants on the demo that reach her only through groups: the ones a cut-down ACL hides. */
const GPU_TRAIN = '0412-093011-gpu7x4k2';
const NIGHTLY_BUILD = '612345678901001';
/** Alice owns this job: her own IS_OWNER entry shows her as a manager, who reads the whole ACL. */
const OWNED_JOB = 'train-recommender';
/** Dedicated to bob: attach is "no" whatever the ACL says (data-science-dedicated is Alice's group's). */
const DEDICATED = new Set(['bob-dev']);

/**
 * What a user without CAN_MANAGE gets from the permissions API differs by report: a 403, only
 * their own entries, or an empty list. In each mode the CLI must answer "unknown" with the
 * reason where data is missing, never NO_GRANT or LEVEL_TOO_LOW.
 */
describe('access-lens ls and why when the permissions API hides part of the ACL', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  signedInSandbox('demo', (started, startedEnv) => ([sandbox, env] = [started, startedEnv]));

  const modes = [
    { mode: 'managers', code: 'ACL_UNREADABLE', what: '403 to non-managers' },
    { mode: 'own', code: 'ACL_PARTIAL', what: "only the caller's entries" },
    { mode: 'empty', code: 'ACL_PARTIAL', what: 'an empty list' },
  ] as const;

  for (const { mode, code, what } of modes) {
    it(`${what}: ls answers unknown where data is missing, never a denial for lack of a grant`, async () => {
      sandbox.control.setKnobs({ aclReadableBy: mode });
      for (const kind of ['clusters', 'jobs']) {
        const result = await runCli(['ls', kind, '--json'], env);
        assert.equal(result.code, 0, result.stderr);
        for (const item of result.json<{ items: LsItem[] }>().items) {
          for (const [action, { allowed }] of Object.entries(item.actions)) {
            const expected = item.name === OWNED_JOB ? true : action === 'attach' && DEDICATED.has(item.name) ? false : null;
            assert.equal(allowed, expected, `${mode}: ${item.name} ${action}`);
          }
        }
      }
    });

    it(`${what}: why says allowed null with ${code} for a grant that comes through a group`, async () => {
      sandbox.control.setKnobs({ aclReadableBy: mode });
      for (const [kind, id, action] of [
        ['cluster', GPU_TRAIN, 'restart'],
        ['job', NIGHTLY_BUILD, 'view'],
      ]) {
        const result = await runCli(['why', kind!, id!, action!, '--json'], env);
        assert.equal(result.code, 0, result.stderr);
        const v = result.json<Verdict>();
        assert.equal(v.allowed, null, `${mode}: ${kind} ${action}`);
        assert.deepEqual(v.blockers.map((b) => b.code), [code]);
        assert.match(v.summary, /^Unknown whether you can/);
        assert.ok(v.remedies.length > 0);
        const text = await runCli(['why', kind!, id!, action!], env);
        assert.match(text.stdout, /You hold: unknown/);
      }
    });
  }

  it('with the whole ACL readable the same objects are allowed again (the modes, not the data, made them unknown)', async () => {
    sandbox.control.setKnobs({ aclReadableBy: 'anyone' });
    const v = (await runCli(['why', 'cluster', GPU_TRAIN, 'restart', '--json'], env)).json<Verdict>();
    assert.equal(v.allowed, true);
    assert.equal(v.granted, 'CAN_RESTART');
  });
});
