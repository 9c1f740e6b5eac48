import * as assert from 'node:assert/strict';
import { AccessObject, Subject, evaluate } from '../../../src/core/access';
import { renderVerdict } from '../../../src/extension/views/why/renderVerdict';

const subject: Subject = { userName: 'alice@contoso.com', groups: [], entraGroupIds: ['e-gpu'] };
const object: AccessObject = {
  kind: 'cluster',
  id: '0123-<script>alert(1)</script>',
  name: 'gpu "train" <b>',
  host: 'https://adb-1.2.azuredatabricks.net',
  acl: { state: 'readable', entries: [{ principal: 'group:gpu-users', permissions: [{ level: 'CAN_RESTART', inherited: false, inheritedFrom: null }] }, { principal: 'user:bob@contoso.com', permissions: [{ level: 'CAN_MANAGE', inherited: false, inheritedFrom: null }] }] },
};

describe('why view HTML', () => {
  const verdict = evaluate(subject, object, 'attach', (name) => (name === 'gpu-users' ? { displayName: 'gpu-users', externalId: 'e-gpu' } : undefined));
  const html = renderVerdict(verdict, 'n0nce', 'vscode-resource:');

  it('escapes every value taken from the workspace', () => {
    assert.ok(!html.includes('<script>alert(1)'), 'no injected script');
    assert.ok(!html.includes('"train" <b>'), 'no injected markup');
    assert.ok(html.includes('gpu &#34;train&#34; &#60;b&#62;'));
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
  });

  it('allows only its own nonce-tagged script and style', () => {
    assert.match(html, /default-src 'none'; style-src vscode-resource: 'nonce-n0nce'; script-src 'nonce-n0nce'/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="n0nce">/);
  });

  it('shows the verdict, the blocker, the remedies and a copyable access request', () => {
    assert.match(html, /class="status denied"/);
    assert.match(html, /<code>GROUP_NOT_SYNCED<\/code>/);
    assert.match(html, /SCIM provisioning/);
    assert.match(html, /<h2>Access request<\/h2><blockquote>Hello, my Entra group membership has not been provisioned/);
    assert.match(html, /data-copy="Hello, my Entra group membership/);
  });
});

describe('explained error HTML', () => {
  it('shows the code, the object and the remedies, escaped, and the analysis when given', async () => {
    const { explainError } = await import('../../../src/core/explain/explain');
    const { renderExplanation } = await import('../../../src/extension/views/why/renderVerdict');
    const explanation = explainError('{"error_code":"PERMISSION_DENIED","message":"User <img src=x> does not have Attach permissions on cluster 0413-112233-bob5t6u7."}');
    const html = renderExplanation(explanation, undefined, 'n', 'csp:');
    assert.match(html, /PERMISSION_DENIED/);
    assert.match(html, /<code>0413-112233-bob5t6u7<\/code>/);
    assert.ok(!html.includes('<img'), 'no markup from the error text');
    const verdict = evaluate(subject, object, 'attach');
    assert.match(renderExplanation(explanation, verdict, 'n', 'csp:'), /For you, right now/);
  });
});
