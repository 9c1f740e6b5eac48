/** Raw server and provider text in the doctor's report is redacted before any front end shows it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { doctorMarkdown, runDoctor } from '../../../src/core/doctor/doctor';
import { redact, shownErrorMessage } from '../../../src/core/log';

const REFRESH = `0.AXkAv4j5cvGGr0GRqy180BHbR1S4nT${'x9Kq'.repeat(20)}.AgABAAEAAAD`;
const PAT = `dapi${'0123456789abcdef'.repeat(2)}-2`;
const OKTA = 'Zx9kQ2m7Lr4TbW1pYv8sNc3Hd6Jf0Ga5Ue';

describe('redaction of what leaves the process', () => {
  it('the doctor report (webview, Copy as Markdown, CLI) carries no token from an error text', async () => {
    const checks = await runDoctor({
      host: 'https://adb-1.1.azuredatabricks.net',
      now: Date.now(),
      keychainKind: () => Promise.reject(new Error(`keychain answered with ${REFRESH}`)),
      core: () => Promise.reject(new Error(`server said: invalid grant for refresh ${OKTA} and ${PAT}`)),
      secrets: () => Promise.reject(new Error(`could not read .env holding ${PAT}`)),
    });
    const all = JSON.stringify(checks) + doctorMarkdown(checks, { host: 'h', when: new Date(0) });
    for (const secret of [REFRESH, PAT, OKTA]) assert.ok(!all.includes(secret.slice(4, 24)), `${secret} leaked: ${all}`);
    assert.match(all, /«redacted»/);
  });

  it('tree problem items and object errors show redacted messages', () => {
    assert.equal(shownErrorMessage(new Error(`403 for ${PAT}`)), redact(`403 for ${PAT}`));
    assert.ok(!shownErrorMessage(new Error(`refresh ${REFRESH}`)).includes('AXkAv4j5'));
    const tree = path.resolve(__dirname, '../../../../src/extension/views/tree');
    assert.match(fs.readFileSync(path.join(tree, 'nodes.ts'), 'utf8'), /const message = shownErrorMessage\(error\);/);
    const provider = fs.readFileSync(path.join(tree, 'accessTreeProvider.ts'), 'utf8');
    assert.ok(!/\.error = \(error as Error\)\.message/.test(provider), 'an object error is shown unredacted');
  });
});
