import * as assert from 'node:assert/strict';
import { ConfigLayer, environmentLayer, resolveConfig } from '../../../src/core/config';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = 'A1B2C3D4-0000-4000-8000-000000000001';

describe('resolveConfig', () => {
  it('uses the CONTRACT defaults when nothing is set', () => {
    const { config, problems } = resolveConfig([], { workspaceTrusted: true });
    assert.deepEqual(problems, []);
    assert.equal(config.tenant, 'organizations');
    assert.equal(config.authority, 'https://login.microsoftonline.com');
    assert.equal(config.tokenMode, 'auto');
    assert.equal(config.signInFlow, 'auto');
    assert.equal(config.identityProvider, 'entra');
    assert.equal(config.clientId, undefined);
    assert.deepEqual(config.workspaces, []);
  });

  it('lets flags override the environment, and the environment override settings', () => {
    const layers: ConfigLayer[] = [
      { source: 'user', values: { tenant: 'contoso.onmicrosoft.com', tokenMode: 'entra' } },
      environmentLayer({ ACCESS_LENS_TENANT: TENANT, ACCESS_LENS_TOKEN_MODE: 'federation', ACCESS_LENS_CLIENT_ID: CLIENT }),
      { source: 'flag', values: { tokenMode: 'entra' } },
    ];
    const { config, problems } = resolveConfig(layers, { workspaceTrusted: true });
    assert.deepEqual(problems, []);
    assert.equal(config.tenant, TENANT);
    assert.equal(config.tokenMode, 'entra');
    assert.equal(config.clientId, CLIENT.toLowerCase());
  });

  it('reports a bad value with where it came from, and falls back to the next source', () => {
    const { config, problems } = resolveConfig(
      [
        { source: 'flag', values: { tokenMode: 'magic' } },
        { source: 'user', values: { tokenMode: 'federation' } },
      ],
      { workspaceTrusted: true },
    );
    assert.equal(config.tokenMode, 'federation');
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /^--token-mode: "magic" is not one of auto, entra, federation\.$/);
  });

  it('explains bad tenants, client ids and authorities', () => {
    const { problems } = resolveConfig(
      [{ source: 'user', values: { tenant: 'not a tenant', clientId: 'abc', authority: 'http://login.microsoftonline.com' } }],
      { workspaceTrusted: true },
    );
    const messages = problems.map((p) => p.message).join('\n');
    assert.match(messages, /accessLens\.tenant \(user settings\): "not a tenant" is not a tenant/);
    assert.match(messages, /accessLens\.clientId \(user settings\): "abc" is not an application \(client\) id/);
    assert.match(messages, /accessLens\.authority \(user settings\): .* must use https/);
  });

  it('keeps valid workspace entries, names, order, and drops duplicates and bad ones with a message', () => {
    const { config, problems } = resolveConfig(
      [
        {
          source: 'user',
          values: {
            workspaces: [
              { host: 'https://adb-1.2.azuredatabricks.net/', name: 'Prod' },
              { host: 'https://adb-1.2.azuredatabricks.net' },
              { host: 'http://insecure.example' },
              { name: 'no host' },
              'https://127.0.0.1:9443',
            ],
          },
        },
      ],
      { workspaceTrusted: true },
    );
    assert.deepEqual(
      config.workspaces.map((w) => [w.host, w.name]),
      [
        ['https://adb-1.2.azuredatabricks.net', 'Prod'],
        ['https://127.0.0.1:9443', '127.0.0.1'],
      ],
    );
    assert.equal(problems.length, 2);
    assert.deepEqual(config.trustedHosts, ['https://adb-1.2.azuredatabricks.net', 'https://127.0.0.1:9443']);
  });

  it('ignores workspace-settings hosts in an untrusted folder and never trusts their non-Databricks hosts', () => {
    const layers: ConfigLayer[] = [
      { source: 'workspace', values: { workspaces: [{ host: 'https://attacker.example' }] } },
      { source: 'user', values: { workspaces: [{ host: 'https://adb-1.2.azuredatabricks.net' }] } },
    ];
    const untrusted = resolveConfig(layers, { workspaceTrusted: false });
    assert.deepEqual(untrusted.config.workspaces.map((w) => w.host), ['https://adb-1.2.azuredatabricks.net']);
    assert.match(untrusted.problems[0]?.message ?? '', /not trusted/);

    const trusted = resolveConfig(layers, { workspaceTrusted: true });
    assert.deepEqual(trusted.config.workspaces.map((w) => w.host), ['https://attacker.example']);
    assert.deepEqual(trusted.config.trustedHosts, []);
    assert.match(trusted.problems[0]?.message ?? '', /not a Databricks domain/);
  });

  it('takes DATABRICKS_HOST as the single workspace', () => {
    const { config } = resolveConfig([environmentLayer({ DATABRICKS_HOST: 'adb-9.9.azuredatabricks.net' })], { workspaceTrusted: true });
    assert.deepEqual(config.workspaces.map((w) => [w.host, w.source]), [['https://adb-9.9.azuredatabricks.net', 'env']]);
  });

  it('requires an issuer for oidc and forces federation', () => {
    const missing = resolveConfig([{ source: 'flag', values: { identityProvider: 'oidc', tokenMode: 'entra' } }], { workspaceTrusted: true });
    assert.equal(missing.config.tokenMode, 'federation');
    assert.ok(missing.problems.some((p) => /accessLens\.issuer: is required/.test(p.message)));
    const ok = resolveConfig([{ source: 'flag', values: { identityProvider: 'oidc', issuer: 'https://contoso.okta.com/oauth2/default/' } }], { workspaceTrusted: true });
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.config.issuer, 'https://contoso.okta.com/oauth2/default');
  });

  it('has no request ceiling by default (the pace adapts), takes one to leave room, and explains a bad value', () => {
    assert.equal(resolveConfig([], { workspaceTrusted: true }).config.maxRequestsPerSecond, 0);
    assert.equal(resolveConfig([environmentLayer({ ACCESS_LENS_MAX_RPS: '20' })], { workspaceTrusted: true }).config.maxRequestsPerSecond, 20);
    assert.equal(resolveConfig([environmentLayer({ ACCESS_LENS_MAX_RPS: '0' })], { workspaceTrusted: true }).config.maxRequestsPerSecond, 0);
    assert.equal(resolveConfig([{ source: 'user', values: { maxRequestsPerSecond: 500 } }], { workspaceTrusted: true }).config.maxRequestsPerSecond, 500);
    for (const value of [0.5, -1, 5000, 'fast']) {
      const bad = resolveConfig([{ source: 'user', values: { maxRequestsPerSecond: value } }], { workspaceTrusted: true });
      assert.equal(bad.config.maxRequestsPerSecond, 0, `${value} falls back to the adaptive default`);
      assert.match(bad.problems[0]?.message ?? '', new RegExp(`accessLens\\.maxRequestsPerSecond \\(user settings\\): "${value}" must be 0 \\(no ceiling: the pace follows the workspace's own limit\\) or a number from 1 to 1000`));
    }
  });
});
