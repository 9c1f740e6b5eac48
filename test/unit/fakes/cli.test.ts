// The sandbox as a separate process, the way the extension-host and UI
// tests use it: cli.js prints its info as one JSON line, writes
// sandbox.json, answers the JSON control API, and exits 0 on SIGTERM.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCliArgs } from '../../fakes/cli';
import type { SandboxInfo } from '../../fakes/sandbox';
import { request } from './helpers/https';
import { DATABRICKS_SCOPE } from './helpers/entraFlows';

const CLI = path.resolve(__dirname, '../../fakes/cli.js');

describe('fakes: sandbox CLI and control API', function () {
  this.timeout(15_000);
  let child: ChildProcess;
  let info: SandboxInfo;
  let stateDir: string;
  let stderr = '';

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-cli-test-'));
    child = spawn(process.execPath, [CLI, '--scenario', 'basic', '--state-dir', stateDir, '--auto-approve', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${stderr}`)));
    });
    info = JSON.parse(line) as SandboxInfo;
  });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const control = (route: string, body?: unknown, method?: string) =>
    request(info.caPath, `${info.controlApi.workspace}${route}`, body === undefined ? { method } : { asJson: body, method: method ?? 'POST' });

  it('prints its info and writes the same to sandbox.json', () => {
    assert.match(info.authority, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(info.workspaceHost, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.tenantId, '7d452d9a-7658-41bc-928f-e22e825f043c');
    assert.equal(info.entraKnownAuthority, info.authority.slice('https://'.length));
    assert.ok(fs.existsSync(info.caPath));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(stateDir, 'sandbox.json'), 'utf8')), info);
  });

  it('is steered through the control API from another process', async () => {
    assert.equal((await control('/knobs', { autoApprove: false })).status, 200);
    const dc = (await request(info.caPath, `${info.authority}/${info.tenantId}/oauth2/v2.0/devicecode`, { body: { client_id: info.clientId, scope: DATABRICKS_SCOPE } })).json<{ user_code: string; device_code: string }>();
    const pending = (await control('/device-codes')).json<{ pending: { userCode: string }[] }>();
    assert.deepEqual(pending.pending.map((p) => p.userCode), [dc.user_code]);
    assert.deepEqual((await control('/device-codes/approve', { userName: 'bob@fabrikam.com' })).json(), { userCode: dc.user_code, userName: 'bob@fabrikam.com' });

    const ids = (await control('/faults', { target: 'entra', aadsts: 53003 })).json<{ ids: string[] }>().ids;
    assert.equal(ids.length, 1);
    const redeem = () => request(info.caPath, `${info.authority}/${info.tenantId}/oauth2/v2.0/token`, { body: { client_id: info.clientId, grant_type: 'device_code', device_code: dc.device_code, scope: DATABRICKS_SCOPE } });
    assert.deepEqual((await redeem()).json().error_codes, [53003]);
    assert.equal((await redeem()).status, 200);

    const bad = await control('/faults', { target: 'entra', aadsts: 1 });
    assert.equal(bad.status, 400);
    assert.match(bad.json<{ error: string }>().error, /AADSTS1 is not in the catalogue/);

    const token = (await control('/tokens/databricks', { userName: 'alice@fabrikam.com' })).json<{ access_token: string }>().access_token;
    assert.equal((await request(info.caPath, `${info.workspaceHost}/api/2.0/preview/scim/v2/Me`, { bearer: token })).status, 200);

    const log = (await control('/requests')).json<{ requests: { server: string; path: string; status: number }[] }>().requests;
    assert.ok(log.some((e) => e.server === 'entra' && e.path.endsWith('/oauth2/v2.0/devicecode') && e.status === 200));
    assert.ok(log.some((e) => e.server === 'workspace' && e.path === '/api/2.0/preview/scim/v2/Me'));
  });

  it('exits 2 with usage on bad arguments and on an invalid scenario', () => {
    const bad = spawnSync(process.execPath, [CLI, '--scenario', 'basic', '--bogus'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown argument "--bogus"[\s\S]*Usage:/);
    const missing = spawnSync(process.execPath, [CLI, '--scenario', 'no-such-scenario'], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /known scenario names: basic, demo, large/);
  });

  it('--transitive-groups-shape sets the knob, and refuses a shape it does not know', () => {
    const parsed = parseCliArgs(['--scenario', 'basic', '--transitive-groups-shape', 'internal_id-number']);
    assert.deepEqual(parsed !== 'help' && parsed.overrides, { transitiveGroupsShape: 'internal_id-number' });
    assert.throws(() => parseCliArgs(['--scenario', 'basic', '--transitive-groups-shape', 'groupid']), /--transitive-groups-shape must be one of group_id, internal_id, internal_id-number, broken, got "groupid"/);
  });

  it('logs requests to stderr with --verbose and exits 0 on SIGTERM', async () => {
    assert.match(stderr, /entra\s+200 POST \/7d452d9a-7658-41bc-928f-e22e825f043c\/oauth2\/v2\.0\/devicecode/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
