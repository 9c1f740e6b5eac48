import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DatabricksCfgError, MAX_CFG_CHARS, implicitProfile, parseDatabricksCfg, profileAuthType } from '../../../src/core/config/databricksCfg';
import * as os from 'node:os';
import { chooseProfile, databricksCfgPath, profileLayer, readDatabricksCfg } from '../../../src/core/config/databricksCfgFile';
import { resolveConfig } from '../../../src/core/config/resolve';
import { withinGuard } from '../helpers/timeGuard';

const PAT = `dapi${'0123456789abcdef'.repeat(2)}`;
const parsed = (text: string) => ({ path: '/home/a/.databrickscfg', missing: false as const, parsed: parseDatabricksCfg(text) });

describe('Databricks configuration file', () => {
  it('reads profiles as the CLI does: comments, both separators, quotes, whitespace, keys above the first section in DEFAULT', () => {
    const cfg = parseDatabricksCfg(`host = https://default.cloud.databricks.com\n; a comment\n# another\n[dev]\n  HOST :  "https://adb-1.2.azuredatabricks.net"  \nazure_tenant_id='contoso.onmicrosoft.com'\n\n[ prod ]\nhost=https://prod.cloud.databricks.com ; the production one\naccount_id = 123\n`);
    assert.deepEqual(cfg.profiles.map((p) => [p.name, p.values]), [
      ['DEFAULT', { host: 'https://default.cloud.databricks.com' }],
      ['dev', { host: 'https://adb-1.2.azuredatabricks.net', azure_tenant_id: 'contoso.onmicrosoft.com' }],
      ['prod', { host: 'https://prod.cloud.databricks.com', account_id: '123' }],
    ]);
    assert.deepEqual(cfg.problems, []);
  });

  it('does not merge DEFAULT into other profiles, and an empty DEFAULT is no profile (as the Go and Python SDKs)', () => {
    const cfg = parseDatabricksCfg('[DEFAULT]\n[a]\nhost = https://a.cloud.databricks.com\n[b]\n');
    assert.deepEqual(cfg.profiles.map((p) => p.name), ['a', 'b']);
    assert.equal(implicitProfile(cfg), undefined);
    const withDefault = parseDatabricksCfg('[DEFAULT]\nazure_tenant_id = t\n[a]\nhost = https://a\n');
    assert.deepEqual(withDefault.profiles.find((p) => p.name === 'a')?.values, { host: 'https://a' });
  });

  it('honours [__settings__] default_profile, which is not itself a profile; later keys and repeated sections override', () => {
    const cfg = parseDatabricksCfg('[__settings__]\ndefault_profile = b\n[a]\nhost = https://1\n[b]\nhost = https://2\n[a]\nhost = https://3\n');
    assert.deepEqual(cfg.profiles.map((p) => [p.name, p.values.host]), [['a', 'https://3'], ['b', 'https://2']]);
    assert.equal(implicitProfile(cfg)?.name, 'b');
  });

  it('never keeps a secret value: it notes the key, the line and the offsets only', () => {
    const text = `[pat]\r\nhost = https://x\r\ntoken = ${PAT}\r\n[m2m]\rclient_id = abc\rClient_Secret = "dose1234567890abcdef"\r[basic]\npassword = hunter22\n`;
    const cfg = parseDatabricksCfg(text);
    assert.ok(!JSON.stringify(cfg.profiles.map((p) => p.values)).includes(PAT));
    assert.ok(!JSON.stringify(cfg.profiles.map((p) => p.values)).includes('dose1234'));
    const secrets = cfg.profiles.flatMap((p) => p.secrets.map((s) => [p.name, s.key, s.line, text.slice(s.start, s.end)]));
    assert.deepEqual(secrets, [
      ['pat', 'token', 3, PAT],
      ['m2m', 'client_secret', 6, '"dose1234567890abcdef"'],
      ['basic', 'password', 8, 'hunter22'],
    ]);
    assert.deepEqual(cfg.profiles.map(profileAuthType), ['pat', 'oauth-m2m', 'basic']);
  });

  it('names the auth type the file gives, else none when nothing decides it', () => {
    const cfg = parseDatabricksCfg('[a]\nhost = https://a\nauth_type = databricks-cli\n[b]\nhost = https://b\n');
    assert.deepEqual(cfg.profiles.map(profileAuthType), ['databricks-cli', null]);
  });

  it('refuses hostile input with a clear message, and skips bad lines without losing the rest', () => {
    assert.throws(() => parseDatabricksCfg('x'.repeat(MAX_CFG_CHARS + 1)), (e: unknown) => e instanceof DatabricksCfgError && /more than a Databricks configuration file holds/.test(e.message));
    assert.throws(() => parseDatabricksCfg('[a]\nhost = https://a\n\u0000\u0001\u0002'), /not a text file/);
    const cfg = parseDatabricksCfg(`\uFEFF[a]\nhost = https://a\n${'y'.repeat(20_000)}\njust words\n[broken\nhost = https://lost\n[b]\nhost = https://b\n`);
    assert.deepEqual(cfg.profiles.map((p) => [p.name, p.values.host]), [['a', 'https://a'], ['b', 'https://b']]);
    assert.equal(cfg.problems.length, 3);
    assert.match(cfg.problems[0] ?? '', /line 3 is longer than/);
  });

  it('stays linear on a large file of many profiles', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `[p${i}]\nhost = https://p${i}.cloud.databricks.com\n`).join('').slice(0, MAX_CFG_CHARS);
    const cfg = withinGuard(() => parseDatabricksCfg(text), 2000, (ms) => `took ${ms.toFixed(0)} ms`);
    assert.equal(cfg.profiles.length, 1000);
    assert.match(cfg.problems.join('\n'), /more than 1000 profiles/);
  });

  it('finds the file as the SDKs do: DATABRICKS_CONFIG_FILE with ~ expanded, else ~/.databrickscfg', () => {
    assert.equal(databricksCfgPath({}, '/home/a'), path.resolve('/home/a/.databrickscfg'));
    assert.equal(databricksCfgPath({ DATABRICKS_CONFIG_FILE: '~/cfg/dbx' }, '/home/a'), path.resolve('/home/a/cfg/dbx'));
    assert.equal(databricksCfgPath({ DATABRICKS_CONFIG_FILE: '/etc/dbx.cfg' }, '/home/a'), path.resolve('/etc/dbx.cfg'));
  });

  it('reads DATABRICKS_CONFIG_FILE=/dev/null as an empty file, as the SDKs do, and refuses a folder with a clear message', async () => {
    const empty = await readDatabricksCfg({ DATABRICKS_CONFIG_FILE: os.devNull });
    assert.deepEqual(empty.missing ? 'missing' : empty.parsed.profiles, []);
    await assert.rejects(readDatabricksCfg({ DATABRICKS_CONFIG_FILE: os.tmpdir() }), /is not a file\. Point DATABRICKS_CONFIG_FILE at/);
  });

  it('a named profile that is missing is an error listing the profiles there are; a missing file too', () => {
    const file = parsed('[dev]\nhost = https://a\n[prod]\nhost = https://b\n');
    assert.throws(() => chooseProfile(file, 'Dev', false), (e: unknown) => e instanceof DatabricksCfgError && /has no profile "Dev"\. Its profiles: dev, prod\./.test(e.message));
    assert.throws(() => chooseProfile({ path: '/nowhere', missing: true }, 'dev', false), /\/nowhere does not exist/);
    assert.equal(chooseProfile({ path: '/nowhere', missing: true }, undefined, true), undefined);
    assert.equal(chooseProfile(parsed('[DEFAULT]\nhost = https://d\n'), undefined, false), undefined);
    assert.equal(chooseProfile(parsed('[DEFAULT]\nhost = https://d\n'), undefined, true)?.profile.name, 'DEFAULT');
    assert.throws(() => profileLayer(chooseProfile(parsed('[x]\ntoken = t\n'), 'x', false)!), /Profile "x" .* has no host/);
  });

  it('resolves flag, then environment, then profile, then settings; azure_tenant_id becomes the tenant; the token is not used', () => {
    const layer = profileLayer(chooseProfile(parsed(`[dev]\nhost = adb-1.2.azuredatabricks.net\nazure_tenant_id = contoso.onmicrosoft.com\ntoken = ${PAT}\n`), 'dev', false)!);
    assert.ok(!JSON.stringify(layer).includes(PAT));
    const user = { source: 'user' as const, values: { workspaces: [{ host: 'https://user.cloud.databricks.com' }], tenant: 'fabrikam.com' } };
    const fromProfile = resolveConfig([user, layer], { workspaceTrusted: true }).config;
    assert.deepEqual([fromProfile.workspaces.map((w) => [w.host, w.source]), fromProfile.tenant], [[['https://adb-1.2.azuredatabricks.net', 'profile']], 'contoso.onmicrosoft.com']);
    assert.ok(fromProfile.trustedHosts.includes('https://adb-1.2.azuredatabricks.net'));
    const env = { source: 'env' as const, values: { host: 'https://env.cloud.databricks.com' } };
    const flag = { source: 'flag' as const, values: { tenant: 'flag.com' } };
    const mixed = resolveConfig([user, layer, env, flag], { workspaceTrusted: true }).config;
    assert.deepEqual([mixed.workspaces.map((w) => w.host), mixed.tenant], [['https://env.cloud.databricks.com'], 'flag.com']);
    const bad = resolveConfig([profileLayer(chooseProfile(parsed('[x]\nhost = http://plain\n'), 'x', false)!)], { workspaceTrusted: true });
    assert.match(bad.problems[0]?.message ?? '', /^host in the Databricks configuration profile: .*https/);
  });
});
