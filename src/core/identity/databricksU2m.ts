/**
 * Sign-in with the workspace's own OAuth (`--idp databricks`): what
 * `databricks auth login` does, needing no app registration or federation
 * policy on any cloud (on Azure the workspace sends the browser to Entra for
 * single sign-on). The token it returns is a Databricks token for this one
 * workspace: it is the bearer (token mode `databricks`) and goes nowhere else.
 *
 * One keychain item per account (`<host>|<client id>|oidc-account|<scim id>`)
 * holds the refresh token. Databricks rotates refresh tokens (single-use
 * refresh tokens, on by default for its published apps; docs/facts.md): a
 * redeemed one is dead. The VS Code windows and the CLI share the keychain,
 * so a refresh re-reads the record under the account's lock across processes
 * and uses what another process already refreshed, and never writes an older
 * refresh token over a newer one or after a sign-out (as oidcClient.ts does).
 *
 * There is no device code for this client: the browser must reach the fixed
 * redirect port on this computer (over SSH, forward that port).
 */
import { AccessLensError, CancelledError } from '../errors';
import { TokenStore, storeKey, storePrefix } from '../keychain/tokenStore';
import { NamedLocks, accountLockName, fileLocks } from '../lock/namedLocks';
import { Logger } from '../log';
import { HttpsClient } from '../net/httpsClient';
import { isFresh } from '../tokens/lifetime';
import { AuthorizationServer, DATABRICKS_REDIRECT_PORT, U2mTokens, authorizeUrl, discoveryUrl, newPkce, oauthErrorOf, parseAuthorizationServer, parseTokenAnswer } from './databricksOAuth';
import { IdentityError } from './identityError';
import { startLoopback } from './loopback';
import { findPortHolder, portTakenMessage } from './portHolder';
import { BrowserSignInOptions, IdentityAccount, IdentityProvider, IdentityToken, StoreNamespace } from './provider';
import { Sequencer } from './sequencer';

export interface DatabricksU2mSettings {
  /** The workspace origin: tokens are per workspace. */
  readonly host: string;
  readonly clientId: string;
  /** Default 8020, the port registered for databricks-cli; another for a client registered with another port. */
  readonly redirectPort?: number;
}

export interface DatabricksU2mDeps {
  readonly store: TokenStore;
  readonly http: HttpsClient;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly locks?: NamedLocks;
}

interface U2mRecord {
  readonly v: 1;
  readonly account: IdentityAccount;
  readonly host: string;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresAt: string;
  readonly issuedAt: string;
  readonly scopes: readonly string[];
}

function parseRecord(raw: string | undefined): U2mRecord | undefined {
  if (!raw) return undefined;
  try {
    const r = JSON.parse(raw) as Partial<U2mRecord>;
    if (r.v !== 1 || typeof r.accessToken !== 'string' || typeof r.account?.homeAccountId !== 'string' || Number.isNaN(Date.parse(r.expiresAt ?? ''))) return undefined;
    return r as U2mRecord;
  } catch {
    return undefined;
  }
}

const json = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

export class DatabricksU2mClient implements IdentityProvider {
  readonly kind = 'databricks';
  readonly label: string;
  readonly namespace: StoreNamespace;
  private server: Promise<AuthorizationServer> | undefined;
  private readonly interactive = new Sequencer();
  private readonly now: () => number;
  private readonly locks: NamedLocks;

  constructor(
    readonly settings: DatabricksU2mSettings,
    private readonly deps: DatabricksU2mDeps,
  ) {
    this.label = `the Databricks workspace ${settings.host}`;
    this.namespace = { tenant: settings.host, clientId: settings.clientId };
    this.now = deps.now ?? Date.now;
    this.locks = deps.locks ?? fileLocks();
  }

  private authorizationServer(): Promise<AuthorizationServer> {
    const pending = this.server ?? this.discover();
    this.server = pending;
    pending.catch(() => {
      if (this.server === pending) this.server = undefined;
    });
    return pending;
  }

  private async discover(): Promise<AuthorizationServer> {
    const { host } = this.settings;
    const response = await this.deps.http({ method: 'GET', url: discoveryUrl(host) });
    if (response.status === 404) {
      throw new AccessLensError('CONFIG', `${host} offers no OAuth sign-in (${discoveryUrl(host)} answered 404). Check the workspace URL, or sign in with --idp entra or --idp oidc.`, ['openSettings']);
    }
    if (response.status !== 200) throw new AccessLensError('NETWORK', `${discoveryUrl(host)} answered HTTP ${response.status}. Try again later; if it repeats, check the workspace URL.`, ['openLog']);
    return parseAuthorizationServer(host, json(response.body));
  }

  /** POSTs a grant to the token endpoint; the answer checked, or the OAuth error as an IdentityError. */
  private async grant(form: Record<string, string>, previousRefreshToken?: string): Promise<U2mTokens> {
    const server = await this.authorizationServer();
    const response = await this.deps.http({
      method: 'POST',
      url: server.tokenEndpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...form, client_id: this.settings.clientId }).toString(),
    });
    const body = json(response.body);
    if (response.status !== 200) throw oauthErrorOf(this.settings.host, response.status, body);
    return parseTokenAnswer(this.settings.host, body, this.now(), previousRefreshToken);
  }

  /** Who the token belongs to in the workspace (SCIM Me), asked of the workspace that issued it. */
  private async accountOf(tokens: U2mTokens): Promise<IdentityAccount> {
    const { host } = this.settings;
    const response = await this.deps.http({ method: 'GET', url: `${host}/api/2.0/preview/scim/v2/Me`, headers: { authorization: `Bearer ${tokens.accessToken}`, accept: 'application/json' } });
    const me = json(response.body) as { id?: unknown; userName?: unknown; displayName?: unknown } | undefined;
    if (response.status !== 200 || typeof me?.id !== 'string' || typeof me.userName !== 'string') {
      throw new IdentityError('SIGN_IN_FAILED', `Signed in at ${host}, but the workspace did not say who you are (SCIM Me answered HTTP ${response.status}). Ask a workspace admin to add you to the workspace.`, false, undefined);
    }
    return { username: me.userName, objectId: me.id, tenantId: host, homeAccountId: me.id, name: typeof me.displayName === 'string' ? me.displayName : undefined };
  }

  // Same key shape as the OIDC client's records, so a sign-out finds the account id at the key's end (signInSession.ts).
  private keyFor(homeAccountId: string): string {
    return storeKey(this.settings.host, this.settings.clientId, 'oidc-account', homeAccountId);
  }

  private async load(homeAccountId: string): Promise<U2mRecord | undefined> {
    return parseRecord(await this.deps.store.get(this.keyFor(homeAccountId)));
  }

  private save(record: U2mRecord): Promise<void> {
    return this.deps.store.set(this.keyFor(record.account.homeAccountId), JSON.stringify(record));
  }

  private locked<T>(homeAccountId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(accountLockName(this.settings.host, this.settings.clientId, homeAccountId), work);
  }

  private record(account: IdentityAccount, tokens: U2mTokens): U2mRecord {
    return { v: 1, account, host: this.settings.host, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt.toISOString(), issuedAt: tokens.issuedAt.toISOString(), scopes: tokens.scopes };
  }

  private token(record: U2mRecord): IdentityToken {
    // No identity-provider groups: a Databricks token carries none (docs/facts.md), and idpGroups.ts says so.
    return { accessToken: record.accessToken, expiresOn: new Date(record.expiresAt), account: record.account, scopes: record.scopes, groups: [] };
  }

  private fresh(record: U2mRecord): boolean {
    const lifetime = (Date.parse(record.expiresAt) - Date.parse(record.issuedAt)) / 1000;
    return isFresh(Date.parse(record.expiresAt), Number.isFinite(lifetime) ? lifetime : undefined, this.now());
  }

  async accounts(): Promise<IdentityAccount[]> {
    const prefix = `${storePrefix(this.settings.host, this.settings.clientId)}oidc-account|`;
    const records = await Promise.all((await this.deps.store.keys(prefix)).map(async (key) => parseRecord(await this.deps.store.get(key))));
    return records.filter((r): r is U2mRecord => r !== undefined).map((r) => r.account);
  }

  private signedOut(): IdentityError {
    return new IdentityError('SIGN_IN_REQUIRED', `That account is no longer signed in to ${this.settings.host}. Sign in again: access-lens login --idp databricks.`, true, undefined);
  }

  async acquireSilent(homeAccountId: string, _scopes: readonly string[], options: { forceRefresh?: boolean } = {}): Promise<IdentityToken> {
    const seen = await this.load(homeAccountId);
    if (!seen) throw this.signedOut();
    if (!options.forceRefresh && this.fresh(seen)) return this.token(seen);
    return this.locked(homeAccountId, async () => {
      const record = await this.load(homeAccountId);
      if (!record) throw this.signedOut();
      // Another window or command refreshed while we waited: use its token, and do not spend the new refresh token.
      const refreshedElsewhere = record.refreshToken !== seen.refreshToken;
      if (this.fresh(record) && (!options.forceRefresh || refreshedElsewhere)) return this.token(record);
      const redeemed = record.refreshToken;
      if (!redeemed) throw new IdentityError('SIGN_IN_REQUIRED', `The token from ${this.settings.host} expired and there is no refresh token (offline_access was not granted). Sign in again.`, true, undefined);
      let tokens: U2mTokens;
      try {
        tokens = await this.grant({ grant_type: 'refresh_token', refresh_token: redeemed }, redeemed);
      } catch (error) {
        // A refused refresh token stays refused: forget it, so the next call asks for a sign-in at once.
        if (error instanceof IdentityError && error.interactionRequired) await this.save({ ...record, refreshToken: undefined, expiresAt: new Date(0).toISOString() });
        throw error;
      }
      const refreshed = this.record(record.account, tokens);
      await this.save(refreshed);
      this.deps.logger.info(`Refreshed the Databricks sign-in for ${record.account.username} at ${this.settings.host} (expires ${refreshed.expiresAt}).`);
      return this.token(refreshed);
    });
  }

  signInWithDeviceCode(): Promise<IdentityToken> {
    const port = this.settings.redirectPort ?? DATABRICKS_REDIRECT_PORT;
    return Promise.reject(
      new IdentityError(
        'SIGN_IN_FAILED',
        `The workspace's own sign-in (--idp databricks) has no device code: it always returns to http://localhost:${port} in the browser. ` +
          `Over SSH, forward that port from your computer (ssh -L ${port}:localhost:${port} <this host>), run "access-lens login --idp databricks --browser" here and open the URL it prints in your own browser.`,
        false,
        undefined,
      ),
    );
  }

  async signInWithBrowser(scopes: readonly string[], openUrl: (url: string) => Promise<boolean>, signal?: AbortSignal, options: BrowserSignInOptions = {}): Promise<IdentityToken> {
    return this.interactive.queue(async () => {
      const server = await this.authorizationServer();
      const pkce = newPkce();
      const port = this.settings.redirectPort ?? DATABRICKS_REDIRECT_PORT;
      let loopback;
      try {
        loopback = await startLoopback({ state: pkce.state, timeoutMs: options.timeoutMs ?? 5 * 60_000, signal, port, bareRedirect: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new IdentityError('SIGN_IN_PORT_IN_USE', portTakenMessage(port, findPortHolder(port)), false, undefined, { cause: error });
        throw error;
      }
      try {
        const url = authorizeUrl(server, { clientId: this.settings.clientId, redirectUri: loopback.redirectUri, scopes, pkce });
        if (!(await openUrl(url))) {
          throw new IdentityError('BROWSER_UNAVAILABLE', `No browser could be opened. Open this address in a browser on this computer (over SSH: forward port ${port} first, ssh -L ${port}:localhost:${port}): ${url}`, true, undefined);
        }
        const { code } = await loopback.result;
        const tokens = await this.grant({ grant_type: 'authorization_code', code, redirect_uri: loopback.redirectUri, code_verifier: pkce.verifier });
        const record = this.record(await this.accountOf(tokens), tokens);
        if (!record.refreshToken) this.deps.logger.warn(`${this.settings.host} sent no refresh token: you will sign in again when the token expires.`);
        await this.locked(record.account.homeAccountId, () => this.save(record));
        return this.token(record);
      } catch (error) {
        if (signal?.aborted) throw new CancelledError('Sign-in cancelled');
        throw error;
      } finally {
        loopback.close();
      }
    });
  }

  async signOut(homeAccountId: string): Promise<void> {
    await this.locked(homeAccountId, () => this.deps.store.delete(this.keyFor(homeAccountId)));
  }

  forgetInMemory(): void {
    this.server = undefined;
  }
}
