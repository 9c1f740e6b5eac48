/**
 * The why view's HTML (a verdict, or an explained error text with its
 * analysis): every value escaped, scripts and styles only with the nonce.
 * No vscode import, so it is unit-tested.
 */
import { REQUEST_PREFIX, Verdict, heldText } from '../../../core/access';
import { Explanation } from '../../../core/explain/explain';
import { cspMeta, escapeHtml } from '../webview';

function page(title: string, body: string, nonce: string, cspSource: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
${cspMeta(nonce, cspSource)}
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1.2em 2em;line-height:1.5}
h1{font-size:1.3em} .status{font-weight:600;padding:.1em .5em;border-radius:3px}
.allowed{background:var(--vscode-testing-iconPassed);color:var(--vscode-editor-background)} .denied{background:var(--vscode-testing-iconFailed);color:var(--vscode-editor-background)} .unknown{background:var(--vscode-disabledForeground);color:var(--vscode-editor-background)}
table{border-collapse:collapse} td,th{border-bottom:1px solid var(--vscode-widget-border, #8884);padding:.25em .8em .25em 0;text-align:left}
blockquote{border-left:3px solid var(--vscode-textBlockQuote-border);background:var(--vscode-textBlockQuote-background);margin:.5em 0;padding:.5em 1em}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;padding:.35em .9em;margin:.2em .4em .2em 0;cursor:pointer}
button:hover{background:var(--vscode-button-hoverBackground)}
</style></head><body>
${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const button of document.querySelectorAll('button[data-copy]')) button.addEventListener('click', () => vscode.postMessage({ copy: button.dataset.copy }));
</script></body></html>`;
}

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
export function renderExplanation(e: Explanation, analysis: Verdict | undefined, nonce: string, cspSource: string): string {
  const head = `<h1>${escapeHtml(e.matched ? e.title : 'No access error recognised')} <span class="status ${e.matched ? 'denied' : 'unknown'}">${escapeHtml(e.code)}</span></h1>
<p>${escapeHtml(e.explanation)}</p>
${e.object ? `<p><b>${escapeHtml(e.object.kind)}</b> <code>${escapeHtml(e.object.id)}</code>${e.permission ? ` · needs <code>${escapeHtml(e.permission)}</code>` : ''} <button data-copy="${escapeHtml(e.object.id)}">Copy id</button></p>` : ''}
${e.remedies.length ? `<h2>What to do</h2><ul>${e.remedies.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : ''}`;
  return page('Explain Access Error', analysis ? `${head}<hr><h2>For you, right now</h2>${verdictBody(analysis)}` : head, nonce, cspSource);
}
