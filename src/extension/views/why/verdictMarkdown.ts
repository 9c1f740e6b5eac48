/**
 * A verdict as hover Markdown: the why view's content in short (status, what
 * the action needs and what you hold, the grants that reach you, what blocks
 * you, how to fix it, the access request). Every value from the workspace is
 * escaped. No vscode import, so it is unit-tested.
 */
import { Verdict, actionVerb, heldText } from '../../../core/access';
import { escapeMarkdown, inlineCode } from '../markdown';
import { verdictParts } from './renderVerdict';

export { escapeMarkdown };

const STATUS = { allowed: '$(pass-filled) allowed', denied: '$(circle-slash) denied', unknown: '$(question) unknown' } as const;

export function verdictMarkdown(v: Verdict, maxGrants = 5): string {
  const { status, remedies, request } = verdictParts(v);
  const lines = [
    `**Access Lens: can you ${actionVerb(v.kind, v.action)} ${escapeMarkdown(v.kind)} ${escapeMarkdown(v.name)}?** ${STATUS[status]}`,
    '',
    // With blockers, the list below says it: the summary would repeat the diagnostic's message.
    ...(v.blockers.length ? [] : [escapeMarkdown(v.summary), '']),
    `${escapeMarkdown(v.kind)} ${inlineCode(v.id)} · *${v.action}* needs \`${v.required}\` · you hold \`${heldText(v)}\``,
  ];
  if (v.grants.length) {
    lines.push('', '| level | granted to | how it reaches you |', '|---|---|---|');
    for (const g of v.grants.slice(0, maxGrants)) lines.push(`| \`${g.level}\` | ${escapeMarkdown(g.principal)} | ${g.path.map(escapeMarkdown).join(' → ')} |`);
    if (v.grants.length > maxGrants) lines.push(`| … | ${v.grants.length - maxGrants} more | |`);
  }
  if (v.blockers.length) lines.push('', '**What blocks you**', ...v.blockers.map((b) => `- \`${b.code}\` ${escapeMarkdown(b.message)}`));
  if (remedies.length) lines.push('', '**How to fix it**', ...remedies.map((r) => `- ${escapeMarkdown(r)}`));
  if (request) lines.push('', '**Access request**', '', `> ${escapeMarkdown(request)}`);
  return lines.join('\n');
}
