// The Catalog view's words and the why view's HTML for Unity Catalog securables: pure renderers,
// fed with verdicts of the real chain model (core/catalog/chain.ts) over the model's fixtures.
import * as assert from 'node:assert/strict';
import { judgeChain } from '../../../src/core/catalog/chain';
import type { UcVerdict } from '../../../src/core/catalog/types';
import { describeVerdict, mainAction, securableState, securableTooltip, viaText } from '../../../src/extension/views/catalog/catalogText';
import { grantIn, renderUcVerdict } from '../../../src/extension/views/why/renderUcVerdict';
import { renderExplanation } from '../../../src/extension/views/why/renderVerdict';
import { explainError } from '../../../src/core/explain/explain';
import { held, tableFacts } from '../catalog/chainFixtures';

const brokenSchema = (): UcVerdict => judgeChain(tableFacts({ schema: { effective: [] } }));

describe('Catalog view: what each securable item says', () => {
  it('answers the main action of each kind', () => {
    assert.deepEqual(['catalog', 'schema', 'table', 'volume', 'function', 'registered-model'].map((k) => mainAction(k as never)), ['use', 'use', 'select', 'read', 'execute', 'execute']);
  });

  it('names the privilege and the group it comes through when allowed', () => {
    const v = judgeChain(tableFacts({ table: { effective: [held('SELECT', 'engineers')] } }));
    assert.equal(securableState(v, undefined), 'allowed');
    assert.equal(describeVerdict(v, undefined), 'SELECT · via engineers');
  });

  it('names the missing link and where when the chain breaks', () => {
    const v = brokenSchema();
    assert.equal(securableState(v, undefined), 'denied');
    assert.equal(describeVerdict(v, undefined), 'USE_SCHEMA missing on main.features');
  });

  it('shows a readable but filtered table as limited, saying what filters it', () => {
    const v = judgeChain(tableFacts({ table: { rowFilter: true, columnMasks: true } }));
    const filtering = { rowFilter: true, columnMasks: true };
    assert.equal(securableState(v, undefined, filtering), 'limited');
    assert.equal(describeVerdict(v, undefined, filtering), 'SELECT · granted to you · filtered (row filter and column masks)');
  });

  it('says "not bound" for a catalog bound to other workspaces only, and unknown (never denied) for what cannot be read', () => {
    assert.equal(describeVerdict(judgeChain(tableFacts({ catalog: { boundToThisWorkspace: false } })), undefined), 'not bound to this workspace');
    const unreadable = judgeChain(tableFacts({ table: { effective: null, unreadableReason: '403' } }));
    assert.equal(securableState(unreadable, undefined), 'unknown');
    assert.equal(describeVerdict(unreadable, undefined), 'unknown: SELECT on main.features.churn not readable');
    assert.equal(securableState(undefined, 'Forbidden'), 'unknown');
    assert.equal(securableState(undefined, undefined), 'loading');
  });

  it('words every kind of via', () => {
    assert.deepEqual(['owner', 'user:alice', 'group:ds', 'inherited:catalog:main', null].map(viaText), ['as owner', 'granted to you', 'via ds', 'inherited from catalog main', '']);
  });

  it('escapes workspace values in the tooltip and shows the chain', () => {
    const tooltip = securableTooltip('main.features.[x](command:evil)', 'table', brokenSchema(), undefined);
    assert.ok(!tooltip.includes('[x](command:evil)'));
    assert.match(tooltip, /\| schema:main\\\.features \| `USE_SCHEMA` \| \$\(circle-slash\) \|/);
  });
});

describe('why view HTML for a Unity Catalog securable', () => {
  const html = renderUcVerdict(brokenSchema(), 'n0nce', 'vscode-resource:');

  it('shows the chain as a table with held, missing and via', () => {
    assert.match(html, /<tr><td><code>catalog:main<\/code><\/td><td><code>USE_CATALOG<\/code><\/td><td><span class="held"[^>]*>✓<\/span><\/td><td>user:alice@contoso\.com<\/td><\/tr>/);
    assert.match(html, /<td><code>schema:main\.features<\/code><\/td><td><code>USE_SCHEMA<\/code><\/td><td><span class="missing"[^>]*>✗<\/span><\/td><td>—<\/td>/);
    assert.match(html, /<code>PRIVILEGE_MISSING<\/code>/);
  });

  it('offers the GRANT statement and the request with copy buttons', () => {
    assert.match(html, /<pre><code>GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `alice@contoso.com`<\/code><\/pre>/);
    assert.match(html, /<button data-copy="GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `alice@contoso.com`">Copy GRANT<\/button>/);
    assert.match(html, /<button data-copy="Hello, could you run[^"]*">Copy GRANT request<\/button>/);
    assert.equal(grantIn('Ask x: GRANT SELECT ON TABLE `a`.`b`.`c` TO `me`'), 'GRANT SELECT ON TABLE `a`.`b`.`c` TO `me`');
  });

  it('escapes every value and allows only its own nonce', () => {
    const evil = judgeChain({ ...tableFacts({ schema: { effective: [] } }), subject: { userName: '"><script>alert(1)</script>', groups: [], entraGroupIds: [] } });
    const page = renderUcVerdict(evil, 'n0nce', 'vscode-resource:');
    assert.ok(!page.includes('<script>alert(1)'));
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.match(page, /script-src 'nonce-n0nce'/);
  });

  it('renders a Unity Catalog analysis under an explained error', () => {
    const explained = renderExplanation(explainError("PERMISSION_DENIED: User does not have USE SCHEMA on Schema 'main.features'"), brokenSchema(), 'n0nce', 'x');
    assert.match(explained, /For you, right now/);
    assert.match(explained, /The privilege chain/);
  });
});
