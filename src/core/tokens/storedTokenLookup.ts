/**
 * The `token` command's fast path (docs/cli.md, "token"): from one listing of the keychain's
 * entries, the Databricks token the full path would hand out without a refresh, or undefined
 * when anything needs the full path (no current account, no stored token, one inside its refresh
 * margin, several tenants that could be meant, a value split into parts). Pure: no keychain, no
 * clock, so both the rule and "one keychain round trip" are checked without a keychain.
 */
import type { TokenMode } from '../config';
import { storeKey } from '../keychain/tokenStore';
import { MIN_VALIDITY_SECONDS, isFresh } from './lifetime';

export interface StoredTokenQuery {
  readonly host: string;
  readonly clientId: string;
  /** The sign-in's tenant (or issuer, or workspace); undefined when only the network could say (a tenant inferred from the workspace). */
  readonly tenant: string | undefined;
  readonly nowMs: number;
}

export interface HandedOutToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly mode: TokenMode;
}

/** What the broker stores (tokens/broker.ts). */
interface StoredToken {
  readonly accessToken?: unknown;
  readonly expiresAt?: unknown;
  readonly mode?: unknown;
  readonly issuedAt?: unknown;
}

const CURRENT_ACCOUNT = 'current-account';

/** The tenants that have a current account for this client id, from the keys alone. */
function tenantsWithCurrentAccount(entries: ReadonlyMap<string, string>, clientId: string): string[] {
  const suffix = `|${clientId.toLowerCase()}|${CURRENT_ACCOUNT}`;
  return [...entries.keys()].filter((key) => key.endsWith(suffix)).map((key) => key.slice(0, -suffix.length));
}

function parseStored(raw: string): StoredToken | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as StoredToken) : undefined;
  } catch {
    return undefined;
  }
}

/** The stored token of the tenant's current account for `host`, if the full path would hand it out as it is. */
function handOut(entries: ReadonlyMap<string, string>, tenant: string, query: StoredTokenQuery): HandedOutToken | undefined {
  const account = entries.get(storeKey(tenant, query.clientId, CURRENT_ACCOUNT));
  if (!account) return undefined;
  const raw = entries.get(storeKey(tenant, query.clientId, 'databricks', query.host, account));
  const stored = raw === undefined ? undefined : parseStored(raw);
  if (!stored || typeof stored.accessToken !== 'string' || typeof stored.expiresAt !== 'string') return undefined;
  if (stored.mode !== 'entra' && stored.mode !== 'federation' && stored.mode !== 'databricks') return undefined;
  const expiresAt = new Date(stored.expiresAt);
  const issuedAt = typeof stored.issuedAt === 'string' ? Date.parse(stored.issuedAt) : NaN;
  if (Number.isNaN(expiresAt.getTime())) return undefined;
  const lifetimeSeconds = Number.isNaN(issuedAt) ? undefined : (expiresAt.getTime() - issuedAt) / 1000;
  // The broker's own test for a stored token, and the command's 2 minutes on top (cli/commands/identity.ts).
  if (!isFresh(expiresAt.getTime(), lifetimeSeconds, query.nowMs)) return undefined;
  if (expiresAt.getTime() - query.nowMs < MIN_VALIDITY_SECONDS * 1000) return undefined;
  return { accessToken: stored.accessToken, expiresAt, mode: stored.mode };
}

export function findStoredToken(entries: ReadonlyMap<string, string>, query: StoredTokenQuery): HandedOutToken | undefined {
  const tenants = query.tenant !== undefined ? [query.tenant.toLowerCase()] : tenantsWithCurrentAccount(entries, query.clientId);
  const found = tenants.map((tenant) => handOut(entries, tenant, query)).filter((token): token is HandedOutToken => token !== undefined);
  // Several tenants hold a token for this host: which one the workspace's tenant is only the network can say.
  return found.length === 1 ? found[0] : undefined;
}
