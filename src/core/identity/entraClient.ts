/**
 * The one module that talks to MSAL. One PublicClientApplication per client id
 * + authority, calls on it serialised, its cache in the keychain. Flows:
 * device code, and the browser with PKCE on a loopback redirect we run
 * ourselves (getAuthCodeUrl + acquireTokenByCode), which works the same in the
 * CLI and the extension host and accepts query and form_post answers.
 *
 * The cache item is shared with the other windows and the CLI: silent calls run
 * holding its lock across processes, so a refresh sees what another process
 * stored (a fresh token, a rotated refresh token) before it redeems anything.
 * Sign-ins queue apart and take the lock only around each cache access, so a
 * sign-in waiting on a person does not hold up silent refreshes.
 */
import type { AccountInfo, AuthenticationResult, Configuration, PublicClientApplication } from '@azure/msal-node';
import { CancelledError } from '../errors';
import { DEFAULT_GROUPS_CLAIM } from '../config';
import { KeychainUnavailableError, TokenStore, storeKey } from '../keychain/tokenStore';
import { NamedLocks, fileLocks } from '../lock/namedLocks';
import { Logger } from '../log';
import { HttpsClient } from '../net/httpsClient';
import { decodeJwt } from '../tokens/jwt';
import { keychainCachePlugin } from './cachePlugin';
import { loadMsal } from './lazyLibraries';
import { GroupClaimSources, readGroupClaim } from './groupClaims';
import { IdentityError, toIdentityError } from './identityError';
import { startLoopback } from './loopback';
import { RecordingNetworkModule, msalNetworkModule } from './msalNetwork';
import { BrowserSignInOptions, DeviceCodePrompt, IdentityAccount, IdentityProvider, IdentityToken, StoreNamespace, claimValues } from './provider';
import { Sequencer } from './sequencer';

export type { DeviceCodePrompt } from './provider';
/** The Entra side keeps its historical names; they are the provider-neutral types. */
export type EntraAccount = IdentityAccount;
export type EntraToken = IdentityToken;

export interface EntraSettings {
  /** Cloud instance origin, e.g. https://login.microsoftonline.com */
  readonly authority: string;
  readonly tenant: string;
  readonly clientId: string;
}

export interface EntraDeps {
  readonly store: TokenStore;
  readonly http: HttpsClient;
  readonly logger: Logger;
  readonly onRequest?: (method: string, url: string) => void;
  /** The access-token claim that lists the user's groups; default `groups`. */
  readonly groupsClaim?: string;
  /** Locks shared with the other processes of the user; default lock files in the state folder. */
  readonly locks?: NamedLocks;
}

function toAccount(info: AccountInfo): EntraAccount {
  return { username: info.username, objectId: info.localAccountId, tenantId: info.tenantId, homeAccountId: info.homeAccountId, name: info.name };
}

interface ClientEntry {
  readonly pca: PublicClientApplication;
  readonly network: RecordingNetworkModule;
  /** Silent calls and sign-outs, each holding the cache lock. */
  readonly sequencer: Sequencer;
  /** Sign-ins, which wait on a person. */
  readonly interactive: Sequencer;
  readonly cacheKey: string;
  readonly locks: NamedLocks;
  readonly lockName: string;
}

const clients = new Map<string, ClientEntry>();

/** The group claim of an access token; a token we cannot read has none (the broker reports it when it matters). */
export function tokenGroups(accessToken: string, claim: string): string[] {
  try {
    return claimValues(decodeJwt(accessToken), claim);
  } catch {
    return [];
  }
}

/** The group claim as each token carries it: the access token for the resource, and the ID token for this app. */
export function entraGroupClaims(accessToken: string, idTokenClaims: object | undefined, claim: string): GroupClaimSources {
  let accessClaims: Record<string, unknown> | undefined;
  try {
    accessClaims = decodeJwt(accessToken);
  } catch {
    accessClaims = undefined;
  }
  const idClaims = idTokenClaims && Object.keys(idTokenClaims).length > 0 ? (idTokenClaims as Record<string, unknown>) : undefined;
  return { accessToken: readGroupClaim(accessClaims, claim), ...(idClaims ? { idToken: readGroupClaim(idClaims, claim) } : {}) };
}

export class EntraClient implements IdentityProvider {
  readonly kind = 'entra';
  readonly label = 'Entra ID';
  readonly namespace: StoreNamespace;
  private readonly entry: ClientEntry;

  constructor(
    readonly settings: EntraSettings,
    private readonly deps: EntraDeps,
  ) {
    this.namespace = { tenant: settings.tenant, clientId: settings.clientId };
    const authorityUrl = `${settings.authority}/${settings.tenant}`;
    const id = `${settings.clientId}|${authorityUrl}`;
    const cacheKey = storeKey(settings.tenant, settings.clientId, 'msal-cache');
    let entry = clients.get(id);
    if (!entry) {
      const locks = deps.locks ?? fileLocks();
      const lockName = `msal-cache|${cacheKey}`;
      const network = msalNetworkModule(deps.http, { onRequest: deps.onRequest });
      const configuration: Configuration = {
        auth: {
          clientId: settings.clientId,
          authority: authorityUrl,
          // Naming the host skips instance discovery, which would call login.microsoftonline.com
          // even for a sovereign cloud or a local authority.
          knownAuthorities: [new URL(settings.authority).host],
        },
        cache: { cachePlugin: keychainCachePlugin(deps.store, cacheKey, locks, lockName) },
        system: {
          networkClient: network,
          loggerOptions: {
            piiLoggingEnabled: false,
            logLevel: 1,
            loggerCallback: (_level, message) => deps.logger.debug(`msal: ${message}`),
          },
        },
      };
      entry = { pca: new (loadMsal().PublicClientApplication)(configuration), network, sequencer: new Sequencer(), interactive: new Sequencer(), cacheKey, locks, lockName };
      clients.set(id, entry);
    }
    this.entry = entry;
  }

  /**
   * `persistOnRejection`: only after a silent refresh has MSAL loaded the cache and dropped the
   * rejected refresh token in memory; persisting after an interactive flow would write back a
   * cache this process never loaded, wiping the accounts the other program stored.
   */
  private run<T>(what: string, task: (pca: PublicClientApplication) => Promise<T>, persistOnRejection = false): Promise<T> {
    return this.entry.sequencer.queue(() => this.withCacheLock(() => this.attempt(what, task, persistOnRejection)));
  }

  private interactively<T>(what: string, task: (pca: PublicClientApplication) => Promise<T>): Promise<T> {
    return this.entry.interactive.queue(() => this.attempt(what, task, false));
  }

  withCacheLock<T>(work: () => Promise<T>): Promise<T> {
    return this.entry.locks.run(this.entry.lockName, work);
  }

  private async attempt<T>(what: string, task: (pca: PublicClientApplication) => Promise<T>, persistOnRejection: boolean): Promise<T> {
    this.entry.network.takeLastError();
    try {
      return await task(this.entry.pca);
    } catch (error) {
      if (error instanceof CancelledError || error instanceof KeychainUnavailableError) throw error;
      const e = error as { name?: string; errorCode?: string; subError?: string; errorNo?: unknown; errorMessage?: string };
      this.deps.logger.debug(`${what}: ${e.name ?? 'Error'} errorCode=${e.errorCode ?? ''} subError=${e.subError ?? ''} errorNo=${String(e.errorNo ?? '')} ${e.errorMessage ?? ''}`);
      const identityError = toIdentityError(error, this.entry.network.takeLastError());
      this.deps.logger.warn(`${what} failed: ${identityError.code}: ${identityError.message}`);
      if (persistOnRejection && identityError.interactionRequired) await this.persistCache();
      throw identityError;
    }
  }

  /** MSAL drops a rejected refresh token in memory only; write that removal to the keychain too. */
  private async persistCache(): Promise<void> {
    try {
      await this.deps.store.set(this.entry.cacheKey, this.entry.pca.getTokenCache().serialize());
    } catch (error) {
      this.deps.logger.warn(`Could not persist the token cache after a rejected refresh token: ${(error as Error).message}`);
    }
  }

  async accounts(): Promise<EntraAccount[]> {
    return this.run('Listing accounts', async (pca) => (await pca.getAllAccounts()).map(toAccount));
  }

  private async accountInfo(pca: PublicClientApplication, homeAccountId: string): Promise<AccountInfo> {
    const info = await pca.getTokenCache().getAccountByHomeId(homeAccountId);
    if (!info) throw new IdentityError('SIGN_IN_REQUIRED', 'That account is no longer signed in. Sign in again.', true, undefined);
    return info;
  }

  private result(result: AuthenticationResult | null, scopes: readonly string[]): EntraToken {
    if (!result?.account || !result.accessToken || !result.expiresOn) {
      throw new IdentityError('SIGN_IN_FAILED', 'Entra ID answered without an access token or account. Sign in again; if it repeats, check accessLens.authority.', true, undefined);
    }
    return {
      accessToken: result.accessToken,
      expiresOn: result.expiresOn,
      account: toAccount(result.account),
      scopes: result.scopes.length > 0 ? result.scopes : scopes,
      groups: tokenGroups(result.accessToken, this.deps.groupsClaim ?? DEFAULT_GROUPS_CLAIM),
      groupClaims: entraGroupClaims(result.accessToken, result.idTokenClaims, this.deps.groupsClaim ?? DEFAULT_GROUPS_CLAIM),
    };
  }

  async acquireSilent(homeAccountId: string, scopes: readonly string[], options: { forceRefresh?: boolean } = {}): Promise<EntraToken> {
    return this.run('Silent token refresh', async (pca) => {
      const account = await this.accountInfo(pca, homeAccountId);
      return this.result(await pca.acquireTokenSilent({ account, scopes: [...scopes], forceRefresh: options.forceRefresh ?? false }), scopes);
    }, true);
  }

  async signInWithDeviceCode(scopes: readonly string[], onPrompt: (prompt: DeviceCodePrompt) => void, signal?: AbortSignal, claims?: string): Promise<EntraToken> {
    return this.interactively('Device code sign-in', async (pca) => {
      const request = {
        scopes: [...scopes],
        claims,
        cancel: false,
        deviceCodeCallback: (response: { userCode: string; verificationUri: string; message: string; expiresIn: number }) =>
          onPrompt({ userCode: response.userCode, verificationUri: response.verificationUri, message: response.message, expiresInSeconds: response.expiresIn }),
      };
      // MSAL polls until `cancel` turns true; an abort sets it.
      const onAbort = (): void => {
        request.cancel = true;
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await pca.acquireTokenByDeviceCode(request);
        if (signal?.aborted) throw new CancelledError('Sign-in cancelled');
        return this.result(result, scopes);
      } catch (error) {
        if (signal?.aborted) throw new CancelledError('Sign-in cancelled');
        throw error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  async signInWithBrowser(scopes: readonly string[], openUrl: (url: string) => Promise<boolean>, signal?: AbortSignal, options: BrowserSignInOptions = {}): Promise<EntraToken> {
    return this.interactively('Browser sign-in', async (pca) => {
      const crypto = new (loadMsal().CryptoProvider)();
      const { verifier, challenge } = await crypto.generatePkceCodes();
      const state = crypto.createNewGuid();
      const loopback = await startLoopback({ state, timeoutMs: options.timeoutMs ?? 5 * 60_000, signal });
      try {
        const url = await pca.getAuthCodeUrl({
          scopes: [...scopes],
          redirectUri: loopback.redirectUri,
          codeChallenge: challenge,
          codeChallengeMethod: 'S256',
          state,
          prompt: 'select_account',
          responseMode: 'query' as never,
          claims: options.claims,
          loginHint: options.loginHint,
        });
        if (!(await openUrl(url))) {
          throw new IdentityError('BROWSER_UNAVAILABLE', 'No browser could be opened for the sign-in. Use the device code instead.', true, undefined);
        }
        const { code } = await loopback.result;
        return this.result(await pca.acquireTokenByCode({ code, scopes: [...scopes], redirectUri: loopback.redirectUri, codeVerifier: verifier, state, claims: options.claims }), scopes);
      } finally {
        loopback.close();
      }
    });
  }

  async signOut(homeAccountId: string): Promise<void> {
    await this.run('Sign-out', async (pca) => {
      const info = await pca.getTokenCache().getAccountByHomeId(homeAccountId);
      if (info) await pca.getTokenCache().removeAccount(info);
    });
  }

  forgetInMemory(): void {
    resetEntraClients();
  }
}

/** Forgets the in-memory clients (tests, and after a sign-out of everything). */
export function resetEntraClients(): void {
  clients.clear();
}
