import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import type { KnobOverrides } from '../fakes/scenario';
import { runCli, sandboxEnv } from './cliRunner';

interface Check {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

interface WhyDoc {
  allowed: boolean | null;
  blockers: { code: string; message: string }[];
  remedies: string[];
}

interface WhoamiDoc {
  entra: { groups: string[]; groupsSource: string | null; groupsUnknown?: { reason: string; howToEnable: string } };
}

/** Alice's Entra group "engineers" is synced to a workspace group that does not list her: the basic scenario's partial sync. */
const PARTIAL_SYNC_CLUSTER = '0101-000000-aaaa0004';

/**
 * Where the Entra groups come from when the access token does not list them: the ID token, or
 * Microsoft Graph behind an overage marker; and what `doctor` and `why` say when no source works.
 * The CLI runs against the sandbox with real HTTPS and the private keyring.
 */
describe('access-lens: where the group claim comes from (overage, ID token, no claim)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  /** Signs in again under new knobs: tokens already in the keychain keep the claims they were minted with. */
  async function signInWith(knobs: KnobOverrides): Promise<void> {
    await runCli(['logout'], env);
    sandbox.control.setKnobs({ groupsClaimIn: 'access-and-id', groupsOverage: [], graphConsent: true, ...knobs });
    const login = await runCli(['login', '--device-code'], env);
    assert.equal(login.code, 0, login.stderr);
  }

  async function doctorGroupSync(): Promise<Check> {
    const result = await runCli(['doctor', '--json'], env);
    const check = result.json<{ checks: Check[] }>().checks.find((c) => c.id === 'group-sync');
    assert.ok(check, result.stdout);
    return check;
  }

  async function why(): Promise<WhyDoc> {
    const result = await runCli(['why', 'cluster', PARTIAL_SYNC_CLUSTER, 'attach', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.json<WhyDoc>();
  }

  async function whoami(): Promise<WhoamiDoc> {
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.json<WhoamiDoc>();
  }

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'group-sources-'));
    env = sandboxEnv(sandbox, { DATABRICKS_CONFIG_FILE: path.join(dir, 'none.cfg'), ACCESS_LENS_AUDIT_FILE: path.join(dir, 'audit.jsonl') });
  });
  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('overage: reads the groups from Microsoft Graph and still finds the partial sync', async () => {
    await signInWith({ groupsOverage: ['alice@fabrikam.com'] });
    sandbox.control.clearRequestLog();
    const who = await whoami();
    assert.equal(who.entra.groupsSource, 'graph');
    assert.ok(who.entra.groups.includes('76f0f0ca-1299-470a-88c3-a10a74f1462d'), JSON.stringify(who.entra));
    assert.ok(
      sandbox.control.requestLog().some((r) => r.path === '/v1.0/me/getMemberObjects' && r.status === 200),
      'whoami asked the fake Graph',
    );
    const check = await doctorGroupSync();
    assert.equal(check.status, 'fail');
    assert.match(check.message, /Partial SCIM sync: .*"engineers".*Microsoft Graph/);
    const verdict = await why();
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
  });

  it('groups only in the ID token (as for the AzureDatabricks resource): read from there', async () => {
    await signInWith({ groupsClaimIn: 'id-token' });
    assert.equal((await whoami()).entra.groupsSource, 'id-token');
    assert.equal((await doctorGroupSync()).status, 'fail');
    assert.deepEqual((await why()).blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
  });

  it('no claim anywhere and no Graph consent: doctor warns that the sync could not be checked, why says so', async () => {
    await signInWith({ groupsClaimIn: 'none', graphConsent: false });
    const check = await doctorGroupSync();
    assert.equal(check.status, 'warn');
    assert.match(check.message, /could not be checked: neither .*"groups" claim.*Microsoft Graph could not be asked: .*no consent/);
    assert.match(check.fix ?? '', /Token configuration → Add groups claim/);
    assert.match(check.fix ?? '', /User\.Read/);

    const verdict = await why();
    assert.equal(verdict.allowed, false, 'the ACL proves no grant reaches you in the workspace');
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['NO_GRANT', 'GROUP_SYNC_UNCHECKED']);
    assert.match(verdict.blockers[1]!.message, /group "engineers".*could not be checked/);
    assert.ok(verdict.remedies.some((r) => /partial SCIM sync: .*Token configuration/.test(r)), verdict.remedies.join('\n'));

    const who = await whoami();
    assert.equal(who.entra.groupsSource, null);
    assert.match(who.entra.groupsUnknown?.reason ?? '', /neither your access token nor your ID token carries a "groups" claim/);
  });

  it('no claim anywhere, but the app may read Graph: the groups come from Graph', async () => {
    await signInWith({ groupsClaimIn: 'none' });
    assert.equal((await whoami()).entra.groupsSource, 'graph');
    assert.equal((await doctorGroupSync()).status, 'fail');
  });
});
