/**
 * Accounts and sign-in on top of an identity provider (Entra ID or OIDC): which account is current (shared
 * with the CLI through the keychain), interactive sign-in with one fallback to
 * the other flow, claims challenges passed through, and sign-out that leaves
 * nothing of ours in the keychain, even while another window or command is
 * refreshing (it holds the accounts' locks, which every refresh and the
 * broker's write-back take too). It never loops on prompts: one interactive
 * attempt per flow, at most two flows per request.
 */
import { AccessLensError, CancelledError } from '../errors';
import { TokenStore, storeKey, storePrefix } from '../keychain/tokenStore';
import { NamedLocks, accountLockName, fileLocks } from '../lock/namedLocks';
import { IdentityError, toIdentityError } from './identityError';
import { ConcreteFlow, otherFlow } from './flowChoice';
import { HeldTokens } from './heldTokens';
import { DeviceCodePrompt, IdentityAccount, IdentityProvider, IdentityToken } from './provider';

export interface SignInUi {
  openBrowser(url: string): Promise<boolean>;
  showDeviceCode(prompt: DeviceCodePrompt): void;
  /** Asked at most once per sign-in, after the first flow failed. */
  offerOtherFlow(failed: ConcreteFlow, error: IdentityError): Promise<boolean>;
  readonly signal?: AbortSignal;
}

/** Blocks that hold for every flow: offering the other one would only waste the user's time. */
const SAME_FOR_EVERY_FLOW = new Set(['CONDITIONAL_ACCESS_BLOCKED', 'USER_NOT_ASSIGNED', 'NOT_FOUND', 'SIGN_IN_CANCELLED']);
const OTHER_FLOW_MAY_HELP = (error: IdentityError): boolean => !SAME_FOR_EVERY_FLOW.has(error.code);

export class SignInSession {
  /** The claims challenge of the last silent failure (MFA, sign-in frequency), for the next interactive sign-in. */
  private pendingClaims: string | undefined;
  /** The sign-in's identity token and each refresh's, served to the broker and the groups reader until they near expiry. */
  private readonly held: HeldTokens;

  constructor(
    private readonly client: IdentityProvider,
    private readonly store: TokenStore,
    private readonly locks: NamedLocks = fileLocks(),
    now: () => number = Date.now,
  ) {
    this.held = new HeldTokens(now);
  }

  /** Runs `work` holding the account's lock across processes (the broker's write-back takes it too). */
  withAccountLock<T>(homeAccountId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(accountLockName(this.client.namespace.tenant, this.client.namespace.clientId, homeAccountId), work);
  }

  /** Holds the locks of every account (sorted, so two sign-outs cannot deadlock), then the provider's cache lock. */
  private async withLocksOf(accountIds: readonly string[], work: () => Promise<number>): Promise<number> {
    const [first, ...rest] = [...new Set(accountIds)].sort();
    if (first === undefined) return this.client.withCacheLock ? this.client.withCacheLock(work) : work();
    return this.withAccountLock(first, () => this.withLocksOf(rest, work));
  }

  /** Which provider this session signs in with: its kind and a label for messages. */
  get provider(): Pick<IdentityProvider, 'kind' | 'label' | 'namespace'> {
    return this.client;
  }

  private get currentKey(): string {
    return storeKey(this.client.namespace.tenant, this.client.namespace.clientId, 'current-account');
  }

  accounts(): Promise<IdentityAccount[]> {
    return this.client.accounts();
  }

  /** The account chosen last (by the extension or the CLI), else the only one. */
  async currentAccount(): Promise<IdentityAccount | undefined> {
    const accounts = await this.client.accounts();
    const chosen = await this.store.get(this.currentKey);
    return accounts.find((a) => a.homeAccountId === chosen) ?? (accounts.length === 1 ? accounts[0] : undefined) ?? accounts[0];
  }

  async setCurrent(account: IdentityAccount): Promise<void> {
    await this.store.set(this.currentKey, account.homeAccountId);
  }

  /**
   * The identity token for the account: the one held from the sign-in or the last refresh while it is
   * fresh, else the provider's (which may refresh it). A held token is served only while the account is
   * still signed in, in any process (a sign-out elsewhere removes it from the shared cache), so nothing
   * is minted or written back for an account signed out meanwhile.
   */
  async acquireSilent(homeAccountId: string, scopes: readonly string[], options?: { forceRefresh?: boolean }): Promise<IdentityToken> {
    const held = options?.forceRefresh ? undefined : this.held.fresh(homeAccountId, scopes);
    if (held && (await this.client.accounts()).some((a) => a.homeAccountId === homeAccountId)) return held;
    try {
      const token = await this.client.acquireSilent(homeAccountId, scopes, options);
      this.held.keep(scopes, token);
      return token;
    } catch (error) {
      // Whatever needs a sign-in (a refused refresh token, a claims challenge) needs it for the held token too.
      if (error instanceof IdentityError && error.interactionRequired) this.held.forgetAccount(homeAccountId);
      if (error instanceof IdentityError && error.interactionRequired && error.claims) this.pendingClaims = error.claims;
      throw error;
    }
  }

  async signIn(flow: ConcreteFlow, scopes: readonly string[], ui: SignInUi, explicitClaims?: string): Promise<IdentityToken> {
    // A challenge from a refused silent refresh goes with the sign-in it asked for, once.
    const claims = explicitClaims ?? this.pendingClaims;
    this.pendingClaims = undefined;
    let token: IdentityToken;
    try {
      token = await this.runFlow(flow, scopes, ui, claims);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      // A configuration problem (say, an issuer that is not an OpenID provider) is the same for every flow.
      if (error instanceof AccessLensError && !(error instanceof IdentityError) && error.code === 'CONFIG') throw error;
      const identityError = toIdentityError(error);
      // The Databricks sign-in has one flow (no device code for its client): there is nothing else to offer.
      const oneFlow = this.client.kind === 'databricks';
      if (ui.signal?.aborted || oneFlow || this.client.choosesFlow || !OTHER_FLOW_MAY_HELP(identityError) || !(await ui.offerOtherFlow(flow, identityError))) throw identityError;
      token = await this.runFlow(otherFlow(flow), scopes, ui, claims);
    }
    this.held.keep(scopes, token);
    await this.setCurrent(token.account);
    return token;
  }

  private runFlow(flow: ConcreteFlow, scopes: readonly string[], ui: SignInUi, claims?: string): Promise<IdentityToken> {
    return flow === 'browser'
      ? this.client.signInWithBrowser(scopes, (url) => ui.openBrowser(url), ui.signal, { claims })
      : this.client.signInWithDeviceCode(scopes, (prompt) => ui.showDeviceCode(prompt), ui.signal, claims);
  }

  /** Signs one account out: its MSAL entries and every Databricks token stored for it. */
  async signOut(account: IdentityAccount): Promise<void> {
    this.held.forgetAccount(account.homeAccountId);
    await this.withAccountLock(account.homeAccountId, async () => {
      await this.client.signOut(account.homeAccountId);
      const prefix = storePrefix(this.client.namespace.tenant, this.client.namespace.clientId);
      for (const key of await this.store.keys(prefix)) {
        if (key.endsWith(`|${account.homeAccountId}`)) await this.store.delete(key);
      }
    });
    if ((await this.store.get(this.currentKey)) === account.homeAccountId) await this.store.delete(this.currentKey);
  }

  /**
   * Removes every keychain item stored for this tenant and client (CONTRACT: logout). Returns how many.
   * A refresh in flight in another process finishes first and its result is removed too; one that starts
   * later finds no account and stores nothing.
   */
  /**
   * Whether the keychain still holds anything of this sign-in. Read there on every call, unlike
   * accounts(): the provider's memory outlives a sign-out made by another window or command.
   */
  async keychainHoldsSignIn(): Promise<boolean> {
    return (await this.store.keys(storePrefix(this.client.namespace.tenant, this.client.namespace.clientId))).length > 0;
  }

  async signOutEverywhere(): Promise<number> {
    const prefix = storePrefix(this.client.namespace.tenant, this.client.namespace.clientId);
    const listed = await this.store.keys(prefix);
    // Account ids end the keys of OIDC records and Databricks tokens; Entra's live in its cache.
    const fromKeys = listed.filter((k) => /\|(?:oidc-account|databricks)\|/.test(k)).map((k) => k.slice(k.lastIndexOf('|') + 1));
    const fromProvider = (await this.client.accounts().catch(() => [])).map((a) => a.homeAccountId);
    const removed = await this.withLocksOf([...fromKeys, ...fromProvider], async () => {
      const keys = await this.store.keys(prefix);
      for (const key of keys) await this.store.delete(key);
      return new Set([...listed, ...keys]).size;
    });
    this.held.clear();
    this.client.forgetInMemory();
    return removed;
  }
}
