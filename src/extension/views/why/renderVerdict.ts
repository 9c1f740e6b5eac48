/**
 * The why view's HTML (a verdict, or an explained error text with its
 * analysis): every value escaped, scripts and styles only with the nonce.
 * No vscode import, so it is unit-tested.
 */
import { REQUEST_PREFIX, Verdict, heldText } from '../../../core/access';
import type { UcVerdict } from '../../../core/catalog/types';
import { Explanation } from '../../../core/explain/explain';
import { escapeHtml } from '../webview';
import { ucVerdictBody } from './renderUcVerdict';
import { page } from './whyPage';

/** What the why view and the editor hovers both show: the status word, the remedies, and the request text apart. */
export function verdictParts(v: Verdict): { status: 'allowed' | 'denied' | 'unknown'; remedies: string[]; request: string | undefined } {
  return {
    status: v.allowed === true ? 'allowed' : v.allowed === false ? 'denied' : 'unknown',
    remedies: v.remedies.filter((r) => !r.startsWith(REQUEST_PREFIX)),
    request: v.remedies.find((r) => r.startsWith(REQUEST_PREFIX))?.slice(REQUEST_PREFIX.length),
  };
}

function verdictBody(v: Verdict): string {
  const parts = verdictParts(v);
  const { status, request } = parts;
  const grants = v.grants.length
    ? `<table><tr><th>Level</th><th>Granted to</th><th>How it reaches you</th></tr>${v.grants
        .map((g) => `<tr><td><code>${escapeHtml(g.level)}</code></td><td>${escapeHtml(g.principal)}</td><td>${g.path.map(escapeHtml).join(' → ')}${g.inheritedFrom ? ` (inherited from ${escapeHtml(g.inheritedFrom)})` : ''}</td></tr>`)
        .join('')}</table>`
    : '<p>No grant reaches you.</p>';
  const blockers = v.blockers.map((b) => `<li><code>${b.code}</code> ${escapeHtml(b.message)}</li>`).join('');
  const remedies = parts.remedies.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
  return `<h1>${escapeHtml(v.name)} <span class="status ${status}">${status}</span></h1>
<p>${escapeHtml(v.summary)}</p>
<p><b>${escapeHtml(v.kind)}</b> <code>${escapeHtml(v.id)}</code> · action <b>${escapeHtml(v.action)}</b> needs <code>${escapeHtml(v.required)}</code> · you hold <code>${escapeHtml(heldText(v))}</code></p>
<p><button data-copy="${escapeHtml(v.id)}">Copy ${escapeHtml(v.kind)} id</button></p>
<h2>Grants that reach you</h2>${grants}
${blockers ? `<h2>What blocks you</h2><ul>${blockers}</ul>` : ''}
${remedies ? `<h2>How to fix it</h2><ul>${remedies}</ul>` : ''}
${request ? `<h2>Access request</h2><blockquote>${escapeHtml(request)}</blockquote><button data-copy="${escapeHtml(request)}">Copy access request</button>` : ''}`;
}

export function renderVerdict(v: Verdict, nonce: string, cspSource: string): string {
  return page(`Why: ${v.name}`, verdictBody(v), nonce, cspSource);
}

/** An explained error text, with the access analysis below it when there is one. */
export function renderExplanation(e: Explanation, analysis: Verdict | UcVerdict | undefined, nonce: string, cspSource: string): string {
  const head = `<h1>${escapeHtml(e.matched ? e.title : 'No access error recognised')} <span class="status ${e.matched ? 'denied' : 'unknown'}">${escapeHtml(e.code)}</span></h1>
<p>${escapeHtml(e.explanation)}</p>
${e.object ? `<p><b>${escapeHtml(e.object.kind)}</b> <code>${escapeHtml(e.object.id)}</code>${e.permission ? ` · needs <code>${escapeHtml(e.permission)}</code>` : ''} <button data-copy="${escapeHtml(e.object.id)}">Copy id</button></p>` : ''}
${e.remedies.length ? `<h2>What to do</h2><ul>${e.remedies.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : ''}`;
  return page('Explain Access Error', analysis ? `${head}<hr><h2>For you, right now</h2>${'chain' in analysis ? ucVerdictBody(analysis) : verdictBody(analysis)}` : head, nonce, cspSource);
}
