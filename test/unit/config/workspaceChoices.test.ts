import * as assert from 'node:assert/strict';
import { parseDatabricksCfg } from '../../../src/core/config/databricksCfg';
import { workspaceChoices } from '../../../src/core/config/workspaceChoices';

const PAT = `dapi${'0123456789abcdef'.repeat(2)}`;

describe('Add Workspace choices', () => {
  const { profiles } = parseDatabricksCfg(`[dev]\nhost = adb-1.2.azuredatabricks.net/\ntoken = ${PAT}\n[acct]\nhost = https://accounts.azuredatabricks.net\n[nohost]\nauth_type = databricks-cli\n[prod]\nhost = https://prod.cloud.databricks.com\n`);

  it('offers the profiles that name a workspace, flags the ones with a secret, and never shows the secret', () => {
    const choices = workspaceChoices(profiles, '', ['https://prod.cloud.databricks.com'], '/home/a/.databrickscfg');
    assert.deepEqual(choices.map((c) => [c.profile, c.entry, c.flagged, c.description]), [
      ['dev', { host: 'https://adb-1.2.azuredatabricks.net', name: 'dev' }, true, 'https://adb-1.2.azuredatabricks.net'],
      ['prod', { host: 'https://prod.cloud.databricks.com', name: 'prod' }, false, 'https://prod.cloud.databricks.com (already added)'],
    ]);
    assert.match(choices[0]?.detail ?? '', /keeps a personal access token: Access Lens never uses it/);
    assert.ok(!JSON.stringify(choices).includes(PAT.slice(4)));
  });

  it('puts a typed URL first, and explains one that is not a workspace URL', () => {
    const [typed] = workspaceChoices(profiles, 'dbc-1.cloud.databricks.com', [], 'cfg');
    assert.deepEqual(typed?.entry, { host: 'https://dbc-1.cloud.databricks.com', name: 'dbc-1.cloud.databricks.com' });
    const [bad] = workspaceChoices([], 'http://plain.example', [], 'cfg');
    assert.equal(bad?.entry, undefined);
    assert.match(bad?.description ?? '', /https/);
  });
});
