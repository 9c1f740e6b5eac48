import * as assert from 'node:assert/strict';
import { AccessObject, Subject, evaluate } from '../../../src/core/access';
import { escapeMarkdown, verdictMarkdown } from '../../../src/extension/views/why/verdictMarkdown';

const subject: Subject = { userName: 'alice@contoso.com', groups: [{ id: '1', displayName: 'analysts', externalId: null, path: ['user:alice@contoso.com', 'group:analysts'] }], entraGroupIds: [] };
const grant = (principal: string, level: string) => ({ principal, permissions: [{ level, inherited: false, inheritedFrom: null }] });

describe('verdict hover Markdown', () => {
  it('says what the action needs, what reaches you, what blocks you and what to send', () => {
    const object: AccessObject = { kind: 'job', id: '3001', name: 'daily-report', host: 'https://adb-1.2.azuredatabricks.net', acl: { state: 'readable', entries: [grant('group:analysts', 'CAN_VIEW'), grant('user:bob@contoso.com', 'CAN_MANAGE')] } };
    const markdown = verdictMarkdown(evaluate(subject, object, 'run'));
    assert.match(markdown, /^\*\*Access Lens: can you run job daily\\-report\?\*\* \$\(circle-slash\) denied/);
    assert.match(markdown, /\*run\* needs `CAN_MANAGE_RUN` · you hold `CAN_VIEW`/);
    assert.match(markdown, /\| `CAN_VIEW` \| group:analysts \| user:alice@contoso\\.com → group:analysts \|/);
    assert.match(markdown, /- `LEVEL_TOO_LOW` You hold CAN\\_VIEW/);
    assert.match(markdown, /\*\*Access request\*\*\n\n> /);
  });

  it('escapes names and messages from the workspace, so they cannot inject links or HTML', () => {
    const object: AccessObject = { kind: 'cluster', id: '0101-`x`', name: '[click](command:evil) <img>', acl: { state: 'unreadable', reason: '403' } };
    const markdown = verdictMarkdown(evaluate(subject, object, 'attach'));
    assert.ok(!markdown.includes('[click](command:evil)'));
    assert.ok(!markdown.includes('<img>'));
    assert.match(markdown, /\$\(question\) unknown/);
    assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
  });

  it('shows a level read from a cut-down ACL as a lower bound, with ACL_PARTIAL as what blocks you', () => {
    const object: AccessObject = { kind: 'cluster', id: '0101-1', name: 'shared', acl: { state: 'readable', entries: [grant('user:alice@contoso.com', 'CAN_ATTACH_TO')] } };
    const markdown = verdictMarkdown(evaluate(subject, object, 'restart'));
    assert.match(markdown, /\$\(question\) unknown/);
    assert.match(markdown, /you hold `at least CAN_ATTACH_TO`/);
    assert.match(markdown, /- `ACL_PARTIAL` Only part of this cluster/);
  });
});
