/**
 * A Unity Catalog verdict as hover Markdown for a table or volume the code names: the privilege
 * chain (each link held ✓, missing ✗ or unknown ?, and how), what blocks you, who can grant it, and
 * the GRANT statement to ask for. Every value from the workspace is escaped; the GRANT sits in a
 * code fence longer than any backtick run inside it. No vscode import, so it is unit-tested.
 */
import { REQUEST_PREFIX } from '../../core/access/remedies';
import type { UcVerdict } from '../../core/catalog/types';
import { escapeMarkdown, inlineCode } from '../views/markdown';

const STATUS = { true: '$(pass-filled) allowed', false: '$(circle-slash) denied', null: '$(question) unknown' } as const;
const HELD = { true: '✓', false: '✗', null: '?' } as const;

/** The GRANT statements of the verdict's remedies (catalog/grantSql.ts writes them; names quoted, inner backticks doubled). */
export function grantStatements(v: UcVerdict): string[] {
  const found = new Set<string>();
  for (const remedy of v.remedies) for (const m of remedy.matchAll(/GRANT [A-Z_ ]+ ON [A-Z_ ]+ (?:`(?:[^`]|``)*`\.?)+ TO `(?:[^`]|``)*`/g)) found.add(m[0]);
  return [...found];
}

/** The text "Copy GRANT request" copies: the access request when there is one, else the statements to run yourself. */
export function grantRequestText(v: UcVerdict): string | undefined {
  const request = v.remedies.find((r) => r.startsWith(REQUEST_PREFIX))?.slice(REQUEST_PREFIX.length);
  if (request) return request;
  const grants = grantStatements(v);
  return grants.length > 0 ? grants.map((g) => `${g};`).join('\n') : undefined;
}

function fenced(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}sql\n${code}\n${fence}`;
}

export function ucVerdictMarkdown(v: UcVerdict, host?: string): string {
  const lines = [
    `**Access Lens: can you ${escapeMarkdown(v.action)} ${escapeMarkdown(v.kind)} ${escapeMarkdown(v.name)}?** ${STATUS[String(v.allowed) as keyof typeof STATUS]}`,
    '',
    escapeMarkdown(v.summary),
    '',
    '| privilege | on | held | via |',
    '|---|---|---|---|',
    ...v.chain.map((l) => `| ${inlineCode(l.privilege)} | ${escapeMarkdown(l.securable)} | ${HELD[String(l.held) as keyof typeof HELD]} | ${l.via ? escapeMarkdown(l.via) : '—'} |`),
  ];
  if (host) lines.push('', `*In ${escapeMarkdown(host.replace(/^https:\/\//, ''))}.*`);
  if (v.blockers.length) lines.push('', '**What blocks you**', ...v.blockers.map((b) => `- ${inlineCode(b.code)} ${escapeMarkdown(b.message)}`));
  const fixes = v.remedies.filter((r) => !r.startsWith(REQUEST_PREFIX));
  if (fixes.length) lines.push('', '**Who can grant it**', ...fixes.map((r) => `- ${escapeMarkdown(r)}`));
  const grants = grantStatements(v);
  if (grants.length) lines.push('', '**The GRANT to ask for**', '', fenced(grants.map((g) => `${g};`).join('\n')));
  return lines.join('\n');
}
