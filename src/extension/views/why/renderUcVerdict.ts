/**
 * The why view for a Unity Catalog securable (docs/views.md, "The why view for Unity Catalog"): the
 * summary, the privilege chain as a table, what blocks you, the remedies with the GRANT each one
 * asks for, and the access request with a "Copy GRANT request" button. Every value escaped. No
 * vscode import, so it is unit-tested.
 */
import { REQUEST_PREFIX } from '../../../core/access';
import type { ChainLink, UcVerdict } from '../../../core/catalog/types';
import { escapeHtml } from '../webview';
import { page } from './whyPage';

/** The statement a remedy quotes (chainRemedies.ts ends it with `GRANT … TO …`). */
export function grantIn(remedy: string): string | undefined {
  const at = remedy.lastIndexOf('GRANT ');
  return at < 0 ? undefined : remedy.slice(at).trim();
}

const HELD = (link: ChainLink): string =>
  link.held === true ? '<span class="held" title="held">✓</span>' : link.held === false ? '<span class="missing" title="missing">✗</span>' : '<span class="open" title="could not be read">?</span>';

function chainTable(chain: readonly ChainLink[]): string {
  const rows = chain.map((l) => `<tr><td><code>${escapeHtml(l.securable)}</code></td><td><code>${escapeHtml(l.privilege)}</code></td><td>${HELD(l)}</td><td>${l.via ? escapeHtml(l.via) : '—'}</td></tr>`).join('');
  return `<table class="chain"><tr><th>Securable</th><th>Privilege</th><th>Held</th><th>Via</th></tr>${rows}</table>`;
}

export function ucVerdictBody(v: UcVerdict): string {
  const status = v.allowed === true ? 'allowed' : v.allowed === false ? 'denied' : 'unknown';
  const request = v.remedies.find((r) => r.startsWith(REQUEST_PREFIX))?.slice(REQUEST_PREFIX.length);
  const remedies = v.remedies
    .filter((r) => !r.startsWith(REQUEST_PREFIX))
    .map((r) => {
      const grant = grantIn(r);
      const text = grant ? r.slice(0, r.length - grant.length).replace(/:\s*$/, '') : r;
      return `<li>${escapeHtml(text)}${grant ? `<pre><code>${escapeHtml(grant)}</code></pre><button data-copy="${escapeHtml(grant)}">Copy GRANT</button>` : ''}</li>`;
    })
    .join('');
  const blockers = v.blockers.map((b) => `<li><code>${escapeHtml(b.code)}</code> ${escapeHtml(b.message)}</li>`).join('');
  return `<h1>${escapeHtml(v.name)} <span class="status ${status}">${status}</span></h1>
<p>${escapeHtml(v.summary)}</p>
<p><b>${escapeHtml(v.kind)}</b> <code>${escapeHtml(v.id)}</code> · action <b>${escapeHtml(v.action)}</b> needs <code>${escapeHtml(v.required)}</code> · you hold <code>${escapeHtml(v.granted.join(', ') || 'nothing')}</code> here</p>
<p><button data-copy="${escapeHtml(v.id)}">Copy full name</button></p>
<h2>The privilege chain</h2>${chainTable(v.chain)}
${blockers ? `<h2>What blocks you</h2><ul>${blockers}</ul>` : ''}
${remedies ? `<h2>How to fix it</h2><ul>${remedies}</ul>` : ''}
${request ? `<h2>Access request</h2><blockquote>${escapeHtml(request)}</blockquote><button data-copy="${escapeHtml(request)}">Copy GRANT request</button>` : ''}`;
}

export function renderUcVerdict(v: UcVerdict, nonce: string, cspSource: string): string {
  return page(`Why: ${v.name}`, ucVerdictBody(v), nonce, cspSource);
}
