import * as assert from 'node:assert/strict';
import { judgeChain } from '../../../src/core/catalog';
import type { UcVerdict } from '../../../src/core/catalog/types';
import { grantRequestText, grantStatements, ucVerdictMarkdown } from '../../../src/extension/diagnostics/tableHover';
import { tableFacts } from '../catalog/chainFixtures';

describe('Table reference hover', () => {
  const denied = judgeChain(tableFacts({ schema: { effective: [] } }));

  it('shows the chain link by link, what blocks you, who can grant, and the GRANT in a fence', () => {
    const md = ucVerdictMarkdown(denied, 'https://adb-1.azuredatabricks.net');
    assert.match(md, /^\*\*Access Lens: can you select table main\\\.features\\\.churn\?\*\* \$\(circle-slash\) denied/);
    assert.match(md, /\| `USE_CATALOG` \| catalog:main \| ✓ \| user:alice@contoso\\\.com \|/);
    assert.match(md, /\| `USE_SCHEMA` \| schema:main\\\.features \| ✗ \| — \|/);
    assert.match(md, /\*\*What blocks you\*\*\n- `PRIVILEGE_MISSING` You do not hold USE SCHEMA/);
    assert.match(md, /\*\*Who can grant it\*\*\n- Ask data\\-platform \\\(owner of schema main\\\.features\\\)/);
    assert.match(md, /```sql\nGRANT USE SCHEMA ON SCHEMA `main`\.`features` TO `alice@contoso\.com`;\n```/);
    assert.match(md, /\*In adb\\-1\\\.azuredatabricks\\\.net\.\*/);
    assert.equal(grantRequestText(denied)?.includes('GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `alice@contoso.com`;'), true);
  });

  it('escapes what the workspace names, and fences a GRANT longer than any backtick run in it', () => {
    const hostile: UcVerdict = {
      ...denied,
      name: 'x](command:evil)',
      chain: [{ securable: 'table:a.b.`c`', privilege: 'SELECT', held: null, via: '<img src=x>' }],
      remedies: ['Ask someone: GRANT SELECT ON TABLE `a`.`b`.```c``` TO `me`'],
    };
    const md = ucVerdictMarkdown(hostile);
    assert.doesNotMatch(md, /\]\(command:evil\)/);
    assert.doesNotMatch(md, /(?<!\\)<img/);
    assert.match(md, /\| \? \|/);
    assert.deepEqual(grantStatements(hostile), ['GRANT SELECT ON TABLE `a`.`b`.```c``` TO `me`']);
    assert.match(md, /````sql\nGRANT SELECT ON TABLE `a`\.`b`\.```c``` TO `me`;\n````/);
  });

  it('copies the statements to run yourself when there is no one to ask, and nothing when there is no GRANT', () => {
    const mine = judgeChain(tableFacts({ schema: { owner: 'alice@contoso.com' }, table: { effective: [] } }));
    assert.equal(grantRequestText(mine), 'GRANT SELECT ON TABLE `main`.`features`.`churn` TO `alice@contoso.com`;');
    assert.equal(grantRequestText(judgeChain(tableFacts())), undefined);
  });
});
