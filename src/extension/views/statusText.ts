/** What the status bar says about an account, as plain text: pure, so the countdown is unit-tested. */
import type { SignedInAccount } from '../session';

export interface StatusText {
  /** After the shield icon: "alice@contoso.com · 42 min", "… · token expired", or just the user. */
  readonly text: string;
  readonly expired: boolean;
  /** The line about the token for the tooltip, if a token time is known. */
  readonly tokenLine?: string;
}

/**
 * A clock time as 24-hour "HH:MM", local, without ICU: the first `toLocaleTimeString()` of a process
 * builds ICU's date formatter, 36 ms of one task in code-server's extension host right after sign-in
 * (a CPU profile of the host fill; 20 ms in a quiet Node 20), and the status bar formats on every
 * update. The minutes left stand beside it, so the hour cycle of the user's locale is not needed.
 */
export function clockTime(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function statusText(account: Pick<SignedInAccount, 'username' | 'tokenExpiresAt'>, now: number): StatusText {
  const expires = account.tokenExpiresAt;
  if (!expires) return { text: account.username, expired: false };
  if (expires.getTime() <= now) {
    return { text: `${account.username} · token expired`, expired: true, tokenLine: `The Databricks token expired at ${clockTime(expires)}: it is renewed on the next request, or click → Refresh Tokens.` };
  }
  // Rounded up: "1 min" until the last second, never "0 min" for a token that still works.
  const minutes = Math.ceil((expires.getTime() - now) / 60_000);
  return { text: `${account.username} · ${minutes} min`, expired: false, tokenLine: `Databricks token valid until ${clockTime(expires)} (${minutes} min).` };
}

/** Where the sign-in comes from, for the tooltip: "Tenant <id>", "Issuer <url>" or, for the workspace's own sign-in, "Workspace <host>". */
export function signInSource(account: Pick<SignedInAccount, 'tenantId' | 'mode'>): { label: 'Tenant' | 'Issuer' | 'Workspace'; value: string } {
  // The workspace's own sign-in keeps its records under the workspace host; an OIDC account's "tenant" is its issuer (a URL).
  if (account.mode === 'databricks') return { label: 'Workspace', value: account.tenantId };
  return { label: /^https:\/\//.test(account.tenantId) ? 'Issuer' : 'Tenant', value: account.tenantId };
}

/** What the tooltip says about the token mode (docs/settings.md, accessLens.tokenMode), if one is known. */
export function tokenModeLine(mode: string | undefined): string | undefined {
  switch (mode) {
    case undefined:
      return undefined;
    case 'entra':
      return 'Token mode: Entra token as bearer (Azure Databricks)';
    case 'federation':
      return 'Token mode: token federation (RFC 8693 exchange)';
    case 'databricks':
      return "Token mode: the workspace's own OAuth token (sign-in at the workspace, databricks-cli)";
    default:
      return `Token mode: ${mode}`;
  }
}
