// The extension-host harness's person at the browser (scripts/vscode-host/fakePerson.mjs) plays only
// sign-ins at the sandbox: its authorize endpoints, opened directly or through code-server's
// /proxy/<port>/ rewrite of 127.0.0.1 links; every other tab is left alone.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const MODULE = pathToFileURL(join(resolve(__dirname, '../../../..'), 'scripts', 'vscode-host', 'fakePerson.mjs')).href;
const INFO = { authority: 'https://127.0.0.1:41000/21368747-dab8-42b1-915b-72788729ed99', workspaceHost: 'https://127.0.0.1:42000' };

/** sandboxSignInUrl for each opened URL, computed by the ES module in a Node child (this suite is CommonJS). */
function signInUrls(opened: string[]): (string | null)[] {
  const script = `import { sandboxSignInUrl } from ${JSON.stringify(MODULE)};
const [opened, info] = JSON.parse(process.argv[1]);
console.log(JSON.stringify(opened.map((u) => sandboxSignInUrl(u, info) ?? null)));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([opened, INFO])], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as (string | null)[];
}

describe('harness: the fake person at the browser (fakePerson.mjs)', function () {
  this.timeout(10_000);

  it("takes the sandbox's authorize pages, directly or through code-server's /proxy/<port>/, and nothing else", () => {
    const query = '?client_id=databricks-cli&state=s1';
    assert.deepEqual(
      signInUrls([
        `https://127.0.0.1:42000/oidc/v1/authorize${query}`,
        `http://127.0.0.1:43463/proxy/42000/oidc/v1/authorize${query}`,
        `http://127.0.0.1:43463/proxy/41000/21368747-dab8-42b1-915b-72788729ed99/oauth2/v2.0/authorize${query}`,
        'https://127.0.0.1:41000/21368747-dab8-42b1-915b-72788729ed99/oauth2/v2.0/devicecode',
        'http://127.0.0.1:43463/proxy/42001/oidc/v1/authorize',
        'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
        'about:blank',
      ]),
      [
        `https://127.0.0.1:42000/oidc/v1/authorize${query}`,
        `https://127.0.0.1:42000/oidc/v1/authorize${query}`,
        `https://127.0.0.1:41000/21368747-dab8-42b1-915b-72788729ed99/oauth2/v2.0/authorize${query}`,
        null,
        null,
        null,
        null,
      ],
    );
  });
});
