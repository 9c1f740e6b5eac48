/**
 * Sign-in with any standard OpenID Connect provider (Okta, Ping, Keycloak,
 * Auth0, …) through openid-client, a certified relying-party library. No
 * Entra assumptions: the endpoints come from `<issuer>/.well-known/openid-configuration`,
 * the device flow uses the RFC 8628 grant type (MSAL's non-standard
 * `device_code` is rejected by these providers, docs/facts.md), the browser flow
 * is the authorization code with PKCE on a 127.0.0.1 loopback (RFC 8252).
 *
 * Each signed-in account is one keychain item with its refresh token
 * (oidcAccounts.ts). Providers that rotate refresh tokens and reject
 * reuse (oidc-provider, Auth0, Keycloak) revoke the grant when one is redeemed
 * twice, and the VS Code windows and the CLI share the keychain: so a refresh
 * re-reads the record under the account's lock across processes and uses what
 * another process already refreshed, a record is never written back over a
 * newer refresh token or after a sign-out, and a sign-out takes the same lock.
 * Interactive sign-ins queue apart from silent calls: a sign-in waiting on the
 * browser or a device code must not hold up the refresh of another account.
 */
import type * as client from 'openid-client';
import { CancelledError, AccessLensError } from '../errors';
import { TokenStore } from '../keychain/tokenStore';
import { NamedLocks, fileLocks } from '../lock/namedLocks';
import { Logger } from '../log';
import { HttpsClient } from '../net/httpsClient';
import { isFresh } from '../tokens/lifetime';
import { IdentityError } from './identityError';
import { startLoopback } from './loopback';
import { loadOpenIdClient } from './lazyLibraries';
import { fetchOverHttps } from './oidcFetch';
import { toOidcIdentityError } from './oidcErrors';
import { OidcAccounts } from './oidcAccounts';
import { OidcRecord, OidcTokenResponse, recordFrom, subjectLifetimeSeconds } from './oidcTokens';
import { BrowserSignInOptions, DeviceCodePrompt, IdentityAccount, IdentityProvider, IdentityToken, StoreNamespace } from './provider';
import { Sequencer } from './sequencer';

export interface OidcSettings {
  /** As configured, without a trailing slash. */
  readonly issuer: string;
  readonly clientId: string;
  readonly groupsClaim: string;
}

export interface OidcDeps {
  readonly store: TokenStore;
  readonly http: HttpsClient;
  readonly logger: Logger;
  readonly onRequest?: (method: string, url: string) => void;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  /** Locks shared with the other processes of the user; default lock files in the state folder. */
  readonly locks?: NamedLocks;
}


interface Shared {
  configuration: Promise<client.Configuration> | undefined;
  /**
   * Sign-ins, which wait on the browser or a device code. Silent refreshes and sign-outs do not queue
   * here: the account's lock serialises them, and they must not wait behind a person.
   */
  readonly interactive: Sequencer;
}

/** Per issuer + client id: the discovered configuration and the call sequencer, shared by every OidcClient of the process. */
const shared = new Map<string, Shared>();

/** `work`, or a CancelledError as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new CancelledError('Sign-in cancelled'));
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancelledError('Sign-in cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

export class OidcClient implements IdentityProvider {
  readonly kind = 'oidc';
  readonly label: string;
  readonly namespace: StoreNamespace;
  private readonly shared: Shared;
  private readonly id: string;
  private readonly now: () => number;
  private readonly store: OidcAccounts;

  constructor(
    readonly settings: OidcSettings,
    private readonly deps: OidcDeps,
  ) {
    this.label = `the identity provider ${settings.issuer}`;
    this.namespace = { tenant: settings.issuer, clientId: settings.clientId };
    this.id = `${settings.clientId}|${settings.issuer}`;
    this.now = deps.now ?? Date.now;
    this.store = new OidcAccounts(deps.store, deps.locks ?? fileLocks(), settings.issuer, settings.clientId, deps.logger);
    let entry = shared.get(this.id);
    if (!entry) {
      entry = { configuration: undefined, interactive: new Sequencer() };
      shared.set(this.id, entry);
    }
    this.shared = entry;
  }

  /** The provider's metadata, read once per process; a failed read is tried again next time. */
  private configuration(): Promise<client.Configuration> {
    const pending = this.shared.configuration ?? this.discover();
    this.shared.configuration = pending;
    pending.catch(() => {
      if (this.shared.configuration === pending) this.shared.configuration = undefined;
    });
    return pending;
  }

  private async discover(): Promise<client.Configuration> {
    const { issuer, clientId } = this.settings;
    const fetch = fetchOverHttps(this.deps.http, this.deps.onRequest);
    const oidc = loadOpenIdClient();
    try {
      const configuration = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), { [oidc.customFetch]: fetch });
      configuration[oidc.customFetch] = fetch;
      this.deps.logger.info(`Read the OpenID configuration of ${issuer}.`);
      return configuration;
    } catch (error) {
      if (error instanceof AccessLensError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new AccessLensError(
        'CONFIG',
        `Could not use ${issuer}/.well-known/openid-configuration (${detail}). Check accessLens.issuer (--issuer, ACCESS_LENS_ISSUER): it must be the provider's issuer exactly, e.g. https://contoso.okta.com/oauth2/default for Okta's default authorization server.`,
        ['openSettings'],
        { cause: error },
      );
    }
  }

  private async run<T>(what: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      const mapped = toOidcIdentityError(error, this.label);
      if (!(mapped instanceof CancelledError)) this.deps.logger.warn(`${what} failed: ${mapped instanceof AccessLensError ? `${mapped.code}: ` : ''}${mapped.message}`);
      throw mapped;
    }
  }

  private interactively<T>(what: string, task: () => Promise<T>): Promise<T> {
    return this.shared.interactive.queue(() => this.run(what, task));
  }

  private token(record: OidcRecord): IdentityToken {
    return { accessToken: record.subjectToken, expiresOn: new Date(record.expiresAt), account: record.account, scopes: record.scopes, groups: record.groups };
  }

  private recordOf(response: OidcTokenResponse, previous: OidcRecord | undefined, scopes: readonly string[]): OidcRecord {
    const record = recordFrom(response, previous, { issuer: this.settings.issuer, groupsClaim: this.settings.groupsClaim, requestedScopes: scopes, nowMs: this.now() });
    if (!record.refreshToken) this.deps.logger.warn(`${this.label} sent no refresh token: allow offline_access for the application, or you will sign in again when the token expires.`);
    return record;
  }

  /** After an interactive sign-in: the new grant replaces whatever was stored, under the account's lock. */
  private async complete(response: OidcTokenResponse, scopes: readonly string[]): Promise<IdentityToken> {
    const record = this.recordOf(response, undefined, scopes);
    await this.store.locked(record.account.homeAccountId, () => this.store.save(record));
    return this.token(record);
  }

  accounts(): Promise<IdentityAccount[]> {
    return this.store.all();
  }

  async acquireSilent(homeAccountId: string, scopes: readonly string[], options: { forceRefresh?: boolean } = {}): Promise<IdentityToken> {
    return this.run('Silent token refresh', async () => {
      const seen = await this.store.load(homeAccountId);
      if (!seen) throw this.signedOut();
      // Renewed ahead of expiry (5 minutes, as MSAL does, or less for short-lived tokens), so the broker never gets a nearly spent token.
      if (!options.forceRefresh && this.fresh(seen)) return this.token(seen);
      return this.store.locked(homeAccountId, () => this.refreshLocked(seen, scopes, options.forceRefresh ?? false));
    });
  }

  private fresh(record: OidcRecord): boolean {
    return isFresh(Date.parse(record.expiresAt), subjectLifetimeSeconds(record), this.now());
  }

  private signedOut(): IdentityError {
    return new IdentityError('SIGN_IN_REQUIRED', 'That account is no longer signed in. Sign in again.', true, undefined);
  }

  /** Under the account's lock: what another process did while we waited counts before anything is redeemed. */
  private async refreshLocked(seen: OidcRecord, scopes: readonly string[], force: boolean): Promise<IdentityToken> {
    const record = await this.store.load(seen.account.homeAccountId);
    if (!record) throw this.signedOut();
    // Another window or command refreshed meanwhile: its token is newer than the one we (or the server) judged.
    const refreshedElsewhere = record.refreshToken !== seen.refreshToken || record.subjectToken !== seen.subjectToken;
    if (this.fresh(record) && (!force || refreshedElsewhere)) return this.token(record);
    const refreshToken = record.refreshToken;
    if (!refreshToken) {
      throw new IdentityError('SIGN_IN_REQUIRED', `The token from ${this.label} expired and there is no refresh token (offline_access was not granted). Sign in again.`, true, undefined);
    }
    const configuration = await this.configuration();
    const oidc = loadOpenIdClient();
    let response: OidcTokenResponse;
    try {
      response = await oidc.refreshTokenGrant(configuration, refreshToken);
    } catch (error) {
      const mapped = toOidcIdentityError(error, this.label);
      // A refused refresh token stays refused: forget it, so the next attempt asks for a sign-in at once.
      if (mapped instanceof IdentityError && mapped.interactionRequired) await this.store.saveIfUnchanged(refreshToken, { ...record, refreshToken: undefined, expiresAt: new Date(0).toISOString() });
      throw mapped;
    }
    const refreshed = this.recordOf(response, record, scopes);
    if (!(await this.store.saveIfUnchanged(refreshToken, refreshed))) {
      const stored = await this.store.load(seen.account.homeAccountId);
      if (!stored) throw this.signedOut();
    }
    return this.token(refreshed);
  }

  async signInWithDeviceCode(scopes: readonly string[], onPrompt: (prompt: DeviceCodePrompt) => void, signal?: AbortSignal): Promise<IdentityToken> {
    return this.interactively('Device code sign-in', async () => {
      const configuration = await this.configuration();
      const oidc = loadOpenIdClient();
      if (!configuration.serverMetadata().device_authorization_endpoint) {
        throw new IdentityError('SIGN_IN_FAILED', `${this.label} does not offer the device authorization grant (no device_authorization_endpoint in its OpenID configuration). Enable it for the application, or sign in with the browser.`, false, undefined);
      }
      const device = await oidc.initiateDeviceAuthorization(configuration, { scope: scopes.join(' ') });
      const where = device.verification_uri;
      onPrompt({ userCode: device.user_code, verificationUri: where, message: `To sign in, open ${where} and enter the code ${device.user_code}.`, expiresInSeconds: device.expires_in });
      // openid-client looks at the signal only between its waits: a cancel must not sit out the poll interval.
      const expiry = AbortSignal.timeout(device.expires_in * 1000);
      const polling = oidc.pollDeviceAuthorizationGrant(configuration, device, undefined, { signal: signal ? AbortSignal.any([signal, expiry]) : expiry });
      polling.catch(() => undefined);
      try {
        return await this.complete(await untilAborted(polling, signal), scopes);
      } catch (error) {
        if (signal?.aborted) throw new CancelledError('Sign-in cancelled');
        throw error;
      }
    });
  }

  async signInWithBrowser(scopes: readonly string[], openUrl: (url: string) => Promise<boolean>, signal?: AbortSignal, options: BrowserSignInOptions = {}): Promise<IdentityToken> {
    return this.interactively('Browser sign-in', async () => {
      const configuration = await this.configuration();
      const oidc = loadOpenIdClient();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const loopback = await startLoopback({ state, timeoutMs: options.timeoutMs ?? 5 * 60_000, signal, redirectHost: '127.0.0.1' });
      try {
        const url = oidc.buildAuthorizationUrl(configuration, {
          redirect_uri: loopback.redirectUri,
          scope: scopes.join(' '),
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          ...(options.loginHint ? { login_hint: options.loginHint } : {}),
        });
        if (!(await openUrl(url.href))) {
          throw new IdentityError('BROWSER_UNAVAILABLE', 'No browser could be opened for the sign-in. Use the device code instead.', true, undefined);
        }
        const { params } = await loopback.result;
        const callback = new URL(`${loopback.redirectUri}?${params.toString()}`);
        const response = await oidc.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: verifier, expectedState: state });
        return await this.complete(response, scopes);
      } finally {
        loopback.close();
      }
    });
  }

  async signOut(homeAccountId: string): Promise<void> {
    // The lock makes a sign-out win over a refresh in flight: that refresh saves first and is then deleted,
    // or it re-reads after the deletion and saves nothing.
    const record = await this.store.locked(homeAccountId, async () => {
      const stored = await this.store.load(homeAccountId);
      await this.store.remove(homeAccountId);
      return stored;
    });
    if (record?.refreshToken) await this.revoke(record.refreshToken);
  }

  /** Best effort: a provider with a revocation endpoint forgets the refresh token too. */
  private async revoke(refreshToken: string): Promise<void> {
    try {
      const configuration = await this.configuration();
      const oidc = loadOpenIdClient();
      if (!configuration.serverMetadata().revocation_endpoint) return;
      await oidc.tokenRevocation(configuration, refreshToken, { token_type_hint: 'refresh_token' });
    } catch (error) {
      this.deps.logger.info(`${this.label} did not revoke the refresh token (${error instanceof Error ? error.message : String(error)}); it was removed from the keychain all the same.`);
    }
  }

  forgetInMemory(): void {
    shared.delete(this.id);
  }
}
