/**
 * What the rest of Access Lens needs from an identity provider, whichever it
 * is: Entra ID through MSAL (entraClient.ts) or any standard OpenID Connect
 * provider through openid-client (oidcClient.ts). Both keep their tokens in
 * the same TokenStore (the OS keychain), namespaced so that logout removes
 * exactly what one sign-in stored.
 */
import { IdentityProviderKind } from '../config';
import type { GroupClaimSources } from './groupClaims';

export interface IdentityAccount {
  readonly username: string;
  /** Entra: the object id (oid). OIDC: the subject (sub). */
  readonly objectId: string;
  /** Entra: the tenant id. OIDC: the issuer. */
  readonly tenantId: string;
  /** The key of the account in the provider's cache (MSAL home account id, or the OIDC subject). */
  readonly homeAccountId: string;
  readonly name: string | undefined;
}

export interface IdentityToken {
  /** The JWT that goes to Databricks: as the bearer (Entra mode) or into the token exchange (federation). */
  readonly accessToken: string;
  readonly expiresOn: Date;
  readonly account: IdentityAccount;
  readonly scopes: readonly string[];
  /** The values of the configured group claim (Entra group object ids, or an OIDC provider's group names). */
  readonly groups: readonly string[];
  /** How the group claim came in each token (a list, an overage marker, or nothing); absent when not read. */
  readonly groupClaims?: GroupClaimSources;
}

export interface DeviceCodePrompt {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly message: string;
  readonly expiresInSeconds: number;
}

export interface BrowserSignInOptions {
  /** An Entra claims challenge; OIDC providers ignore it. */
  readonly claims?: string;
  readonly loginHint?: string;
  readonly timeoutMs?: number;
}

/** Where one provider's keychain items live: every key starts with `<tenant>|<clientId>|`. */
export interface StoreNamespace {
  /** Entra: the tenant. OIDC: the issuer. */
  readonly tenant: string;
  readonly clientId: string;
}

export interface IdentityProvider {
  readonly kind: IdentityProviderKind;
  /** For messages: "Entra ID" or "the identity provider <issuer>". */
  readonly label: string;
  readonly namespace: StoreNamespace;
  accounts(): Promise<IdentityAccount[]>;
  acquireSilent(homeAccountId: string, scopes: readonly string[], options?: { forceRefresh?: boolean }): Promise<IdentityToken>;
  signInWithDeviceCode(scopes: readonly string[], onPrompt: (prompt: DeviceCodePrompt) => void, signal?: AbortSignal, claims?: string): Promise<IdentityToken>;
  signInWithBrowser(scopes: readonly string[], openUrl: (url: string) => Promise<boolean>, signal?: AbortSignal, options?: BrowserSignInOptions): Promise<IdentityToken>;
  signOut(homeAccountId: string): Promise<void>;
  /**
   * Runs `work` while no process of the user can write this provider's shared cache (Entra's one MSAL
   * cache item); absent where every write holds the account's lock instead (OIDC).
   */
  withCacheLock?<T>(work: () => Promise<T>): Promise<T>;
  /** True when the provider picks the flow itself (VS Code's accounts): another flow is never offered after a failure. */
  readonly choosesFlow?: boolean;
  /** Forgets in-memory state (clients, cached metadata) after everything was signed out. */
  forgetInMemory(): void;
}

/** The scopes every OIDC sign-in asks for: identity, and a refresh token. */
export const OIDC_BASE_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** The string values of one claim, whether the provider sends a list or a single string. */
export function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
