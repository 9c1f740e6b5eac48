import * as assert from 'node:assert/strict';
import { runDoctor } from '../../../src/core/doctor/doctor';
import { findSecretSpans, mask, scanDatabricksCfg, scanEnvironment, scanText } from '../../../src/core/doctor/staticSecrets';

const PAT = `dapi${'0123456789abcdef'.repeat(2)}`;

describe('static secrets', () => {
  it('finds tokens and client secrets in ~/.databrickscfg profiles, masked', () => {
    const found = scanDatabricksCfg(`[DEFAULT]\nhost = https://a\ntoken = ${PAT}\n\n[ci]\nclient_id = x\nclient_secret = dose1234567890abcdef\n`, 'cfg');
    assert.deepEqual(found.map((f) => [f.where, f.line, f.kind, f.masked]), [
      ['cfg [DEFAULT]', 3, 'personal access token', 'dapi…cdef'],
      ['cfg [ci]', 7, 'client secret', 'dose…cdef'],
    ]);
  });

  it('finds them in the environment and in .env text, never returning them whole', () => {
    assert.equal(scanEnvironment({ DATABRICKS_TOKEN: PAT })[0]?.masked, mask(PAT));
    const found = scanText(`export DATABRICKS_CLIENT_SECRET="supersecretvalue"\nTOKEN=${PAT}\n`, '.env');
    assert.deepEqual(found.map((f) => [f.line, f.kind]), [[1, 'client secret'], [2, 'personal access token']]);
    assert.ok(found.every((f) => !f.masked.includes('supersecretvalue') && !f.masked.includes(PAT)));
  });

  it('gives exact spans for editor diagnostics', () => {
    const text = `a = 1\nDATABRICKS_TOKEN=${PAT}\nclient_secret: abcdefgh\n`;
    const spans = findSecretSpans(text);
    assert.deepEqual(spans.map((s) => [text.slice(s.start, s.end), s.kind]), [[PAT, 'personal access token'], ['abcdefgh', 'client secret']]);
    assert.equal(text.slice(spans[0]!.lineStart, spans[0]!.lineEnd), `DATABRICKS_TOKEN=${PAT}`);
  });
});

describe('static secrets in the Databricks configuration file, read by the profile parser', () => {
  it('flags Azure client secrets and quoted values, masked without their quotes, and not commented-out lines', () => {
    const found = scanDatabricksCfg(`[azure-sp]\nhost = https://adb-1.2.azuredatabricks.net\nazure_client_secret = "abcd0123456789wxyz"\n# token = ${PAT}\n`, 'cfg');
    assert.deepEqual(found.map((f) => [f.where, f.line, f.kind, f.masked]), [['cfg [azure-sp]', 3, 'client secret', 'abcd…wxyz']]);
  });
});

describe('the doctor on a profile that keeps a token', () => {
  it('names the profile in the fix and says how to replace the token by a sign-in, revoking first', async () => {
    const checks = await runDoctor({
      host: 'https://adb-1.1.azuredatabricks.net',
      now: Date.now(),
      keychainKind: () => Promise.resolve('test keychain'),
      core: () => Promise.reject(new Error('not signed in')),
      secrets: async () => scanDatabricksCfg(`[dev]\nhost = https://adb-1.1.azuredatabricks.net\ntoken = ${PAT}\n`, 'cfg'),
    });
    const check = checks.find((c) => c.id === 'static-secrets');
    assert.equal(check?.status, 'warn');
    assert.match(check?.message ?? '', /personal access token dapi…cdef in cfg \[dev\] line 3/);
    assert.match(check?.fix ?? '', /^Revoke the tokens .* "access-lens login --profile dev" .* quick fix .*auth_type = databricks-cli/);
    assert.ok(!JSON.stringify(checks).includes(PAT.slice(4, 20)));
  });
});
