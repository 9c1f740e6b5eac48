import * as assert from 'node:assert/strict';
import type { Verdict } from '../../src/core/access/types';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

interface LsDoc {
  items: { kind: string; id: string; name: string; level: string | null; actions: Record<string, { allowed: boolean | null }> }[];
  unchecked: { path: string; objectType: string }[];
}

/** ls workspace and why notebook|directory|repo, signed in as alice against the basic sandbox ("workspaceTree" in test/scenarios/basic.json). */
describe('access-lens ls workspace / why notebook|directory|repo against the basic sandbox', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox('basic', (_sandbox, startedEnv) => (env = startedEnv));

  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await runCli([...args, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.json<T>();
  };

  it('lists one folder with a verdict per object and kind, files counted but not checked', async () => {
    const doc = await json<LsDoc>('ls', 'workspace', '/Shared/team');
    assert.deepEqual(doc.items.map((i) => [i.kind, i.name, i.level]), [
      ['notebook', '/Shared/team/report', 'CAN_RUN'],
      ['repo', '/Shared/team/ml-repo', 'CAN_EDIT'],
    ]);
    const report = doc.items[0]!;
    assert.equal(report.id, '202');
    assert.deepEqual(Object.fromEntries(Object.entries(report.actions).map(([a, v]) => [a, v.allowed])), { read: true, run: true, edit: false, manage: false });
    assert.deepEqual(doc.unchecked, [{ path: '/Shared/team/data.csv', objectType: 'FILE' }]);
  });

  it('answers unknown (null), never denied, for a notebook whose permissions cannot be read', async () => {
    const doc = await json<LsDoc>('ls', 'workspace', '/Shared/');
    const secret = doc.items.find((i) => i.name === '/Shared/secret');
    assert.ok(secret, JSON.stringify(doc.items));
    assert.deepEqual(Object.values(secret.actions).map((a) => a.allowed), [null, null, null, null]);
    assert.equal(secret.level, null);
    assert.deepEqual(doc.items.map((i) => i.kind).sort(), ['directory', 'notebook', 'notebook']);
  });

  it('names the folder a grant is inherited from, by its path, in why by path', async () => {
    const verdict = await json<Verdict>('why', 'notebook', '/Shared/team/report', 'run');
    assert.equal(verdict.allowed, true, verdict.summary);
    assert.equal(verdict.id, '202');
    const grant = verdict.grants.find((g) => g.principal === 'group:data-team');
    assert.ok(grant, JSON.stringify(verdict.grants));
    assert.equal(grant.inheritedFrom, '/Shared/team');
    assert.deepEqual(grant.path, ['user:alice@fabrikam.com', 'group:analysts', 'group:data-team']);
    const text = await runCli(['why', 'notebook', '/Shared/team/report', 'run'], env);
    assert.match(text.stdout, /inherited from \/Shared\/team/);
  });

  it('explains a notebook by its object id: edit is LEVEL_TOO_LOW on a read-only notebook', async () => {
    const verdict = await json<Verdict>('why', 'notebook', '205', 'edit');
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.granted, 'CAN_READ');
    assert.equal(verdict.name, '205');
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['LEVEL_TOO_LOW']);
  });

  it('lets alice edit the notebook in her home folder through the folder grant', async () => {
    const verdict = await json<Verdict>('why', 'notebook', '/Users/alice@fabrikam.com/train', 'edit');
    assert.equal(verdict.allowed, true, verdict.summary);
    assert.equal(verdict.grants[0]?.inheritedFrom, '/Users/alice@fabrikam.com');
  });

  it('says ACL_UNREADABLE with allowed null for a notebook whose permissions answer 403', async () => {
    const verdict = await json<Verdict>('why', 'notebook', '/Shared/secret', 'read');
    assert.equal(verdict.allowed, null);
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['ACL_UNREADABLE']);
  });

  it('answers NOT_FOUND for a path where nothing is, naming the folder to list', async () => {
    const verdict = await json<Verdict>('why', 'notebook', '/Shared/team/nope', 'read');
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['NOT_FOUND']);
    assert.match(verdict.blockers[0]!.message, /access-lens ls workspace \/Shared\/team/);
    assert.match(verdict.remedies.join('\n'), /Check the path/);
    assert.doesNotMatch(verdict.remedies.join('\n'), /notebook id/);
  });

  it('answers NOT_FOUND for an object id that names nothing', async () => {
    const verdict = await json<Verdict>('why', 'repo', '999999', 'read');
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['NOT_FOUND']);
  });

  it('refuses a folder that does not exist, a relative path and a path of another kind with exit 2', async () => {
    const missing = await runCli(['ls', 'workspace', '/Nope', '--json'], env);
    assert.equal(missing.code, 2, missing.stderr);
    assert.equal(missing.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');
    assert.match(missing.stderr, /Nothing is at \/Nope/);
    const relative = await runCli(['ls', 'workspace', 'Shared'], env);
    assert.equal(relative.code, 2);
    assert.match(relative.stderr, /not a workspace path/);
    const other = await runCli(['why', 'notebook', '/Shared/team', 'read'], env);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /is a directory, not a notebook: access-lens why directory \/Shared\/team read/);
    const perKind = await runCli(['ls', 'notebooks'], env);
    assert.equal(perKind.code, 2);
    assert.match(perKind.stderr, /ls workspace/);
  });
});
