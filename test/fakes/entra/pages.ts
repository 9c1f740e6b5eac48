// The fake Entra's HTML: device-code entry, the one-click consent page, the
// form_post auto-submit page and error pages. Plain, stable markup with ids
// (#otc, #user, #accept, #cancel, #continue) so Playwright tests can drive it.
import type { DirUser } from '../directory';
import { escapeHtml as e } from '../http/respond';

/** `site`: whose page it is, so a page of the workspace's own sign-in (workspace/u2m.ts) does not claim to be Entra's. */
function layout(title: string, body: string, extraHead = '', site = 'Microsoft Entra ID'): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title>${extraHead}
<style>body{font-family:Segoe UI,system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem;font-weight:600}label{display:block;margin:.8rem 0 .2rem}input,select{width:100%;padding:.4rem;font-size:1rem}
button{margin:1rem .5rem 0 0;padding:.5rem 1.5rem;font-size:1rem}#accept,#continue{background:#0067b8;color:#fff;border:0}
.error{color:#a4262c}.note{color:#605e5c;font-size:.85rem}</style></head>
<body><p class="note">${e(site)} (Access Lens test sandbox)</p>${body}</body></html>`;
}

function userSelect(users: DirUser[], selected: string): string {
  const options = users
    .map((u) => `<option value="${e(u.userName)}"${u.userName === selected ? ' selected' : ''}>${e(u.displayName)} (${e(u.userName)})</option>`)
    .join('');
  return `<label for="user">Sign in as</label><select id="user" name="user">${options}</select>`;
}

export function deviceLoginPage(opts: { users: DirUser[]; selected: string; error?: string; userCode?: string }): string {
  const error = opts.error ? `<p class="error" id="error">${e(opts.error)}</p>` : '';
  return layout(
    'Enter code',
    `<h1>Enter code</h1><p>Enter the code displayed on your app or device.</p>${error}
<form method="post" action="/devicelogin">
<label for="otc">Code</label><input id="otc" name="otc" autocomplete="off" value="${e(opts.userCode ?? '')}" autofocus>
${userSelect(opts.users, opts.selected)}
<button id="continue" type="submit" name="decision" value="approve">Continue</button>
<button id="cancel" type="submit" name="decision" value="deny">Cancel</button>
</form>`,
  );
}

export function deviceLoginDonePage(appName: string, approved: boolean): string {
  return approved
    ? layout('Signed in', `<h1 id="done">${e(appName)}</h1><p>You have signed in to the ${e(appName)} application on your device. You may now close this window.</p>`)
    : layout('Sign-in declined', `<h1 id="done">Sign-in declined</h1><p>You declined to sign in to ${e(appName)} on the other device. You may now close this window.</p>`);
}

export function consentPage(opts: { appName: string; clientId: string; scopes: string[]; action: string; requestId: string; users: DirUser[]; selected: string; site?: string }): string {
  const scopes = opts.scopes.map((s) => `<li>${e(s)}</li>`).join('');
  return layout(
    'Permissions requested',
    `<h1>Permissions requested</h1>
<p><strong>${e(opts.appName)}</strong> <span class="note">(${e(opts.clientId)})</span> wants to:</p><ul id="scopes">${scopes}</ul>
<form method="post" action="${e(opts.action)}">
<input type="hidden" name="request_id" value="${e(opts.requestId)}">
${userSelect(opts.users, opts.selected)}
<button id="accept" type="submit" name="decision" value="accept">Accept</button>
<button id="cancel" type="submit" name="decision" value="cancel">Cancel</button>
</form>`,
    '',
    opts.site,
  );
}

/** response_mode=form_post: the browser posts code and state to the redirect URI by itself. */
export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
    .join('');
  return layout(
    'Working...',
    `<form method="post" action="${e(redirectUri)}" id="form_post">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
<script>document.getElementById('form_post').submit();</script>`,
  );
}

export function errorPage(title: string, description: string, site?: string): string {
  return layout(title, `<h1>${e(title)}</h1><p class="error" id="error">${e(description)}</p>`, '', site);
}
