/** The end of every text-mode why: what blocks you and how to fix it, each under its heading when there is any. */
export function blockersAndRemedies(v: { readonly blockers: readonly { code: string; message: string }[]; readonly remedies: readonly string[] }): string[] {
  const lines: string[] = [];
  if (v.blockers.length > 0) lines.push('', 'What blocks you:', ...v.blockers.map((b) => `  ${b.code}: ${b.message}`));
  if (v.remedies.length > 0) lines.push('', 'How to fix it:', ...v.remedies.map((r) => `  - ${r}`));
  return lines;
}
