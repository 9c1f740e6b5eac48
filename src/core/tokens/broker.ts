/**
 * The token broker: hands out Databricks tokens per host and account.
 * entra mode: the Entra token for the Azure Databricks resource is the bearer.
 * federation mode: the Entra token is exchanged at <host>/oidc/v1/token.
 * It checks audience, issuer, tenant and expiry before a token goes anywhere,
 * sends tokens only to allowed hosts, refreshes ahead of expiry, and makes one
 * request however many callers ask at once. Across processes, the refresh and
 * the token's write-back hold the account's lock (as a sign-out does), so a
 * window or command that waited uses the token another one just stored, and a
 * token is never written back after a sign-out.
 */
import { AccessLensConfig, AZURE_DATABRICKS_RESOURCE_ID, TokenMode, mayReceiveTokens } from '../config';
import { audiencesFor, identityScopes, resolveTokenMode, storeNamespace } from '../config/derived';
import { AccessLensError } from '../errors';
import { TokenStore, storeKey } from '../keychain/tokenStore';
import { Logger } from '../log';
import { HttpsClient } from '../net/httpsClient';
import { exchangeToken } from './federation';
import { checkClaims, decodeJwt } from './jwt';
import { isFresh, jwtLifetimeSeconds, minimumValiditySeconds } from './lifetime';
import { Secret } from './secret';
import { SingleFlight } from './singleFlight';

/** What the broker needs from identity: a fresh provider token for an account, refreshed silently. */
export interface SilentTokenSource {
  acquireSilent(accountId: string, scopes: readonly string[], options?: { forceRefresh?: boolean }): Promise<{ accessToken: string; expiresOn: Date; account: { tenantId: string } }>;
  /** Runs `work` holding the account's lock across processes (the one a sign-out takes); absent in tests of one process. */
  withAccountLock?<T>(accountId: string, work: () => Promise<T>): Promise<T>;
}

/** After a rejected token, at most one forced refresh per host and account in this time (a run of 401s is not a run of refreshes). */
export const FORCED_REFRESH_COOLDOWN_MS = 30_000;

export interface DatabricksToken {
  readonly host: string;
  readonly token: Secret;
  readonly expiresAt: Date;
  readonly mode: TokenMode;
  /** When it was issued, so the refresh margin can follow its lifetime; unknown for tokens stored by older versions. */
  readonly issuedAt?: Date;
}

export interface BrokerDeps {
  readonly config: AccessLensConfig;
  readonly identity: SilentTokenSource;
  readonly store: TokenStore;
  readonly http: HttpsClient;
  readonly logger: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

/** How early tokens are refreshed and how much life they must have: see ./lifetime. */
export { MIN_VALIDITY_SECONDS } from './lifetime';

/** Cloud → the v1 issuer host Entra uses for resource tokens (v2 issuers are `<authority>/<tid>/v2.0`). */
const V1_ISSUER_HOSTS: Record<string, string> = {
  'login.microsoftonline.com': 'https://sts.windows.net',
  'login.microsoftonline.us': 'https://sts.windows.net',
  'login.chinacloudapi.cn': 'https://sts.chinacloudapi.cn',
};


interface StoredToken {
  readonly accessToken: string;
  readonly expiresAt: string;
  readonly mode: TokenMode;
  readonly issuedAt?: string;
}

export class TokenBroker {
  private readonly memory = new Map<string, DatabricksToken>();
  private readonly flight = new SingleFlight<DatabricksToken>();
  private readonly now: () => number;
  /** When a rejected token last forced a refresh, per `host|account` and per account (the identity token). */
  private readonly forcedAt = new Map<string, number>();
  /** The last forced refresh per host and account: calls refused with the token it replaced retry with its result. */
  private readonly forcedToken = new Map<string, Promise<DatabricksToken>>();

  constructor(private readonly deps: BrokerDeps) {
    this.now = deps.now ?? Date.now;
  }

  private storeKeyFor(host: string, accountId: string): string {
    const { tenant, clientId } = storeNamespace(this.deps.config);
    return storeKey(tenant, clientId, 'databricks', host, accountId);
  }

  /** Outside its refresh margin, which scales with the token's lifetime (a 45 s token is not "always due"). */
  private fresh(token: DatabricksToken | undefined): token is DatabricksToken {
    if (token === undefined) return false;
    const lifetime = token.issuedAt ? (token.expiresAt.getTime() - token.issuedAt.getTime()) / 1000 : undefined;
    return isFresh(token.expiresAt.getTime(), lifetime, this.now());
  }

  /**
   * A Databricks token for `host` with at least the refresh margin left, fetched once for concurrent callers.
   * `forceRefresh` mints a new one; by default the identity token behind it is refreshed too (a rejected
   * token may have been revoked), unless `identityIsFresh` says the caller has just signed in: with a
   * provider that rotates refresh tokens, refreshing then would spend a rotation for nothing.
   */
  async getDatabricksToken(host: string, accountId: string, options: { forceRefresh?: boolean; identityIsFresh?: boolean } = {}): Promise<DatabricksToken> {
    if (!mayReceiveTokens(host, this.deps.config.trustedHosts)) {
      throw new AccessLensError('HOST_NOT_ALLOWED', `${host} is not a Databricks domain and is not in your user settings, so no token is sent there. Add it to accessLens.workspaces in your user settings (or pass --host) if you trust it.`, ['openSettings']);
    }
    const key = `${host}|${accountId}`;
    if (!options.forceRefresh) {
      const cached = this.memory.get(key);
      if (this.fresh(cached)) return cached;
    }
    const forceIdentity = (options.forceRefresh ?? false) && !options.identityIsFresh;
    return this.flight.run(`${key}|${options.forceRefresh ? (forceIdentity ? 'force' : 'force-exchange') : 'normal'}`, () =>
      this.withAccountLock(accountId, async () => {
        if (!options.forceRefresh) {
          // Read under the lock: another window or command may have stored a fresh one while we waited.
          const stored = await this.readStored(host, accountId);
          if (this.fresh(stored)) {
            this.memory.set(key, stored);
            return stored;
          }
        }
        // The identity refresh inside re-reads the account under this lock: after a sign-out it fails, and nothing is written.
        const token = await this.mint(host, accountId, forceIdentity);
        this.memory.set(key, token);
        await this.deps.store.set(this.storeKeyFor(host, accountId), JSON.stringify({ accessToken: token.token.reveal(), expiresAt: token.expiresAt.toISOString(), mode: token.mode, issuedAt: token.issuedAt?.toISOString() } satisfies StoredToken));
        return token;
      }),
    );
  }

  private withAccountLock<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    return this.deps.identity.withAccountLock ? this.deps.identity.withAccountLock(accountId, work) : work();
  }

  /**
   * What to retry with after `rejected` was refused (401): the token another caller has refreshed since,
   * else a forced refresh, but at most one per host and account in FORCED_REFRESH_COOLDOWN_MS (and one
   * identity refresh per account); undefined within that time, so the caller reports the server's answer.
   */
  async tokenAfterRejection(host: string, accountId: string, rejected: DatabricksToken): Promise<DatabricksToken | undefined> {
    const current = await this.getDatabricksToken(host, accountId);
    if (current.token.reveal() !== rejected.token.reveal()) return current;
    const now = this.now();
    const recently = (key: string): boolean => now - (this.forcedAt.get(key) ?? -Infinity) < FORCED_REFRESH_COOLDOWN_MS;
    const hostKey = `${host}|${accountId}`;
    if (recently(hostKey)) {
      // Requests sent together with one token are refused together: the first forces a refresh, the
      // others (our copy of the token still looks fresh to us) retry with what it brought.
      const refreshed = await this.forcedToken.get(hostKey)?.catch(() => undefined);
      if (refreshed && refreshed.token.reveal() !== rejected.token.reveal()) return refreshed;
      this.deps.logger.warn(`${host} refused a token refreshed ${Math.round((now - (this.forcedAt.get(hostKey) ?? now)) / 1000)} s ago; not refreshing again for ${FORCED_REFRESH_COOLDOWN_MS / 1000} s.`);
      return undefined;
    }
    const identityIsFresh = recently(accountId);
    this.forcedAt.set(hostKey, now);
    if (!identityIsFresh) this.forcedAt.set(accountId, now);
    const refreshing = this.getDatabricksToken(host, accountId, { forceRefresh: true, identityIsFresh });
    this.forcedToken.set(hostKey, refreshing);
    return refreshing;
  }

  private async readStored(host: string, accountId: string): Promise<DatabricksToken | undefined> {
    const raw = await this.deps.store.get(this.storeKeyFor(host, accountId));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as StoredToken;
      const expiresAt = new Date(parsed.expiresAt);
      if (typeof parsed.accessToken !== 'string' || Number.isNaN(expiresAt.getTime())) return undefined;
      const issuedAt = typeof parsed.issuedAt === 'string' ? new Date(parsed.issuedAt) : undefined;
      return { host, token: new Secret(parsed.accessToken), expiresAt, mode: parsed.mode, ...(issuedAt && !Number.isNaN(issuedAt.getTime()) ? { issuedAt } : {}) };
    } catch {
      this.deps.logger.warn(`Ignoring an unreadable cached token for ${host}; a new one will be fetched.`);
      return undefined;
    }
  }

  private async mint(host: string, accountId: string, forceRefresh: boolean): Promise<DatabricksToken> {
    const { config } = this.deps;
    const mode = resolveTokenMode(config, host);
    const oidc = config.identityProvider === 'oidc';
    const scopes = identityScopes(config, mode);
    if (mode === 'databricks') return this.workspaceOwnToken(host, accountId, scopes, forceRefresh);
    const entra = await this.deps.identity.acquireSilent(accountId, scopes, { forceRefresh });
    const claims = decodeJwt(entra.accessToken);
    const nowSeconds = Math.floor(this.now() / 1000);
    const issuers = oidc && config.issuer
      ? [config.issuer]
      : [`${config.authority}/${entra.account.tenantId}/v2.0`, `${V1_ISSUER_HOSTS[new URL(config.authority).host] ?? config.authority}/${entra.account.tenantId}/`];
    const scope = scopes[0] ?? '';
    checkClaims(claims, {
      audiences: oidc ? undefined : mode === 'entra' ? [AZURE_DATABRICKS_RESOURCE_ID, ...audiencesFor(scope)] : audiencesFor(scope),
      issuers,
      tenantId: config.identityProvider === 'oidc' ? undefined : entra.account.tenantId,
      now: nowSeconds,
      // A token just issued with a short life is still good: the minimum follows its lifetime.
      minRemainingSeconds: minimumValiditySeconds(jwtLifetimeSeconds(claims)),
    });
    if (mode === 'entra') {
      this.deps.logger.info(`Using the Entra token for Azure Databricks at ${host} (expires ${new Date((claims.exp ?? 0) * 1000).toISOString()})`);
      const issuedAt = typeof claims.iat === 'number' ? new Date(claims.iat * 1000) : new Date(this.now());
      return { host, token: new Secret(entra.accessToken), expiresAt: new Date((claims.exp ?? 0) * 1000), mode, issuedAt };
    }
    const exchanged = await exchangeToken(this.deps.http, host, entra.accessToken);
    const issuedAt = new Date(this.now());
    const expiresAt = new Date(issuedAt.getTime() + exchanged.expiresInSeconds * 1000);
    this.deps.logger.info(`Exchanged the identity token for a Databricks token at ${host} (expires ${expiresAt.toISOString()})`);
    return { host, token: new Secret(exchanged.accessToken), expiresAt, mode, issuedAt };
  }

  /**
   * Token mode `databricks`: the workspace's own OAuth token is the bearer, for the workspace that issued it
   * only (its provider checked issuer and expiry, databricksOAuth.ts). Another host needs its own sign-in.
   */
  private async workspaceOwnToken(host: string, accountId: string, scopes: readonly string[], forceRefresh: boolean): Promise<DatabricksToken> {
    const signedInTo = storeNamespace(this.deps.config).tenant;
    if (host !== signedInTo) {
      throw new AccessLensError('HOST_NOT_ALLOWED', `The Databricks sign-in is for ${signedInTo}; its token is never sent to ${host}. Sign in to that workspace: access-lens login --idp databricks --host ${host} (in VS Code, select it and sign in).`, ['signIn']);
    }
    const own = await this.deps.identity.acquireSilent(accountId, scopes, { forceRefresh });
    if (own.expiresOn.getTime() <= this.now()) throw new AccessLensError('SIGN_IN_REQUIRED', `The token from ${host} has expired. Sign in again: access-lens login --idp databricks.`, ['signIn']);
    this.deps.logger.info(`Using the workspace's own token at ${host} (expires ${own.expiresOn.toISOString()})`);
    const issuedAt = (own as { issuedAt?: Date }).issuedAt;
    return { host, token: new Secret(own.accessToken), expiresAt: own.expiresOn, mode: 'databricks', ...(issuedAt ? { issuedAt } : {}) };
  }

  /** Drops cached Databricks tokens of an account from memory and the keychain. */
  async forget(accountId: string, hosts: readonly string[]): Promise<void> {
    await this.withAccountLock(accountId, async () => {
      for (const host of hosts) {
        this.memory.delete(`${host}|${accountId}`);
        await this.deps.store.delete(this.storeKeyFor(host, accountId));
      }
    });
  }
}
