/**
 * The identity tokens this process already holds: the one a sign-in returned and each one a
 * silent refresh brought, per account and scopes, until they near expiry. The broker (to mint
 * Databricks tokens) and the provider-groups reader (for the groups claim) ask the session for
 * the identity token; without this each asked the provider again for the token the sign-in had
 * just returned. Memory only: tokens never reach logs or files.
 */
import { decodeJwt } from '../tokens/jwt';
import { isFresh, jwtLifetimeSeconds } from '../tokens/lifetime';
import type { IdentityToken } from './provider';

function keyOf(accountId: string, scopes: readonly string[]): string {
  return `${accountId}\n${[...scopes].sort().join(' ')}`;
}

/** The token's lifetime from its claims; unknown (counted as long-lived) for a token that is not a JWT. */
function lifetimeOf(token: IdentityToken): number | undefined {
  try {
    return jwtLifetimeSeconds(decodeJwt(token.accessToken));
  } catch {
    return undefined;
  }
}

export class HeldTokens {
  private readonly tokens = new Map<string, IdentityToken>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps the token a sign-in or refresh returned for the scopes it was asked with. */
  keep(scopes: readonly string[], token: IdentityToken): void {
    this.tokens.set(keyOf(token.account.homeAccountId, scopes), token);
  }

  /**
   * The held token for the account and scopes while it is outside its refresh margin (the rule the
   * broker and the OIDC client use, tokens/lifetime.ts), so no caller is handed a nearly spent token.
   */
  fresh(accountId: string, scopes: readonly string[]): IdentityToken | undefined {
    const key = keyOf(accountId, scopes);
    const token = this.tokens.get(key);
    if (!token) return undefined;
    if (isFresh(token.expiresOn.getTime(), lifetimeOf(token), this.now())) return token;
    this.tokens.delete(key);
    return undefined;
  }

  forgetAccount(accountId: string): void {
    for (const key of [...this.tokens.keys()]) if (key.startsWith(`${accountId}\n`)) this.tokens.delete(key);
  }

  clear(): void {
    this.tokens.clear();
  }
}
