import * as assert from 'node:assert/strict';
import { AccessLensConfig, resolveConfig } from '../../../src/core/config';
import { checkSource } from '../../../src/core/doctor/source';

const AZURE = 'https://adb-1.2.azuredatabricks.net';
const AWS = 'https://dbc-1.cloud.databricks.com';

function config(values: Record<string, unknown>, host = AZURE): AccessLensConfig {
  return resolveConfig([{ source: 'user', values: { workspaces: [{ host }], ...values } }], { workspaceTrusted: true }).config;
}

describe('doctor check "source": which sign-in source, and what it cannot see', () => {
  it("VS Code's Microsoft account warns that it cannot see Entra groups, and says how to enable group checks", () => {
    const result = checkSource(config({ identityProvider: 'microsoft' }), AZURE);
    assert.equal(result.status, 'warn');
    assert.match(result.message, /VS Code's Microsoft account/);
    assert.match(result.message, /token mode entra/);
    assert.match(result.message, /cannot see your Entra groups/);
    assert.match(result.fix ?? '', /accessLens\.identityProvider to "entra"/);
  });

  it('the workspace\'s own OAuth ("databricks") warns that its tokens carry no group list', () => {
    const result = checkSource({ ...config({}), identityProvider: 'databricks' as AccessLensConfig['identityProvider'] }, AWS);
    assert.equal(result.status, 'warn');
    assert.match(result.message, /carry no list of your identity provider's groups/);
    assert.ok(result.fix);
  });

  it('Entra names the app, the tenant and where it came from, and where groups come from', () => {
    const set = checkSource(config({ clientId: '11111111-2222-3333-4444-555555555555', tenant: 'contoso.onmicrosoft.com' }), AZURE);
    assert.equal(set.status, 'pass');
    assert.match(set.message, /app 11111111-2222-3333-4444-555555555555/);
    assert.match(set.message, /tenant contoso\.onmicrosoft\.com \(set\)/);
    const inferred = checkSource({ ...config({}), tenant: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }, AZURE);
    assert.match(inferred.message, /named by the workspace/);
    const federation = checkSource(config({ clientId: '11111111-2222-3333-4444-555555555555' }, AWS), AWS);
    assert.match(federation.message, /token mode federation/);
  });

  it('OpenID Connect names the issuer and its group claim', () => {
    const result = checkSource(config({ identityProvider: 'oidc', issuer: 'https://contoso.okta.com/oauth2/default', clientId: '0oa1b2c3d4E5f6G7h8i9', groupsClaim: 'grp' }, AWS), AWS);
    assert.equal(result.status, 'pass');
    assert.match(result.message, /contoso\.okta\.com/);
    assert.match(result.message, /"grp" claim/);
  });
});
