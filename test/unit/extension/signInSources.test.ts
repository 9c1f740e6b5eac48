import * as assert from 'node:assert/strict';
import { missingSettings, signInSources } from '../../../src/extension/auth/signInSources';

describe('sign-in sources by situation', () => {
  it("offers VS Code's Microsoft account under \"Nothing set up by IT\" on Azure only", () => {
    const azure = signInSources({ azure: true, known: ['entra', 'oidc', 'microsoft'] });
    assert.deepEqual(azure.map((s) => [s.situation, s.provider]), [
      ['nothing-set-up', 'microsoft'],
      ['registered-app', 'entra'],
      ['other-provider', 'oidc'],
    ]);
    const aws = signInSources({ azure: false, known: ['entra', 'oidc', 'microsoft'] });
    assert.ok(!aws.some((s) => s.provider === 'microsoft'));
  });

  it('offers Databricks sign-in first, on every cloud, once the setting accepts it', () => {
    for (const azure of [true, false]) {
      const sources = signInSources({ azure, known: ['entra', 'oidc', 'microsoft', 'databricks'] });
      assert.equal(sources[0]?.provider, 'databricks');
      assert.equal(sources[0]?.situation, 'nothing-set-up');
    }
    assert.ok(!signInSources({ azure: true, known: ['entra', 'oidc', 'microsoft'] }).some((s) => s.provider === ('databricks' as string)));
  });

  it('offers only values the setting accepts in this build', () => {
    assert.ok(signInSources({ azure: true }).every((s) => s.provider.length > 0));
    assert.ok(signInSources({ azure: true }).some((s) => s.provider === 'microsoft'));
  });

  it('names the settings a source still needs', () => {
    assert.deepEqual(missingSettings('entra', {}), ['accessLens.clientId']);
    assert.deepEqual(missingSettings('entra', { clientId: 'x' }), []);
    assert.deepEqual(missingSettings('oidc', { clientId: 'x' }), ['accessLens.issuer']);
    assert.deepEqual(missingSettings('microsoft', {}), []);
  });
});
