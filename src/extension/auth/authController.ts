import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { DeviceCodePrompt, IdentityAccount } from '../../core/identity/provider';
import { browserSafeUrl } from '../../core/identity/browserUrl';
import { flowFor } from '../../core/identity/flowChoice';
import { IdentityError } from '../../core/identity/identityError';
import { SignInUi } from '../../core/identity/signInSession';
import { TokenStore } from '../../core/keychain/tokenStore';
import { Logger } from '../../core/log';
import { AuditEventName, AuditLog } from '../../core/audit/auditLog';
import { Telemetry } from '../../core/telemetry';
import { AccessLensError } from '../../core/errors';
import type { AccessLensConfig } from '../../core/config';
import { resolveTokenMode } from '../../core/config/derived';
import { withInferredTenant } from '../../core/identity/azureTenant';
import { MemoryTokenStore } from '../../core/keychain/memoryStore';
import { AuditTrail, Core, createCore } from '../../core/services';
import { DatabricksToken } from '../../core/tokens/broker';
import { Disposable } from '../lifecycle';
import { createExtensionHttpsClient } from '../network';
import { notificationText } from '../views/markdown';
import { clockTime } from '../views/statusText';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { deviceCodeMessage } from './deviceCodeMessage';
import { openExtensionTokenStore } from './tokenStores';
import { MicrosoftAccountOptions, microsoftAccountProvider, microsoftProviderId } from './microsoftAccount';

/** The command behind the "Copy & Open" link of a device-code sign-in. */
export const COPY_DEVICE_CODE = 'accessLens.copyDeviceCode';

/**
 * Sign-in, sign-out and tokens for the extension. The core is built lazily on
 * first use (never during activation) and rebuilt when a setting changes.
 */
export class AuthController extends Disposable {
  private store: Promise<TokenStore> | undefined;
  /** The core being built or built: one promise, so callers racing a rebuild (a settings or session change) share one core. */
  private core: Promise<Core> | undefined;
  /** The device code of the sign-in in progress, for "Copy & Open"; cleared when that sign-in ends. */
  private deviceCode: DeviceCodePrompt | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly config: ConfigWatcher,
    private readonly session: SessionState,
    private readonly logger: Logger,
    private readonly trail: AuditTrail,
    private readonly telemetry: Telemetry,
    private readonly microsoft?: MicrosoftAccountOptions,
  ) {
    super();
    // VS Code's own sign-out (Accounts menu) or another account: ask VS Code again.
    this.register(vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id !== this.microsoftProviderId || this.config.value.config.identityProvider !== 'microsoft') return;
      this.core = undefined;
      void this.restore();
    }));
    this.register(config.onDidConfigChange(() => {
      this.core = undefined;
      void this.restore();
    }));
    // A new proxy or trust setting takes effect on the next request, without a reload.
    this.register(vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('http')) this.core = undefined;
    }));
  }

  /** Records an identity event; a failure to write is logged, never shown. */
  async record(event: AuditEventName, outcome: 'ok' | 'error', account?: IdentityAccount, details: { host?: string; userName?: string; code?: string; detail?: string } = {}): Promise<void> {
    await this.trail.record(event, outcome, account, details);
  }

  /** The audit log, for the audit view and commands. */
  get audit(): AuditLog {
    return this.trail.log;
  }

  async storeKind(): Promise<string> {
    const store = await this.tokenStore();
    return store.kind === 'os-keychain' ? 'the OS keychain (keytar, shared with the CLI)' : 'VS Code SecretStorage (the OS keychain module could not load)';
  }

  private tokenStore(): Promise<TokenStore> {
    this.store ??= openExtensionTokenStore(this.secrets, this.logger);
    return this.store;
  }

  /** The settings as they are now (the core may not exist yet: a first run has no source). */
  settings(): AccessLensConfig {
    return this.config.value.config;
  }

  /** Rebuilds the core on next use (a setting was just written). */
  forgetCore(): void {
    this.core = undefined;
  }

  private get microsoftProviderId(): string {
    return microsoftProviderId(this.microsoft);
  }

  getCore(): Promise<Core> {
    if (this.core) return this.core;
    const building = (this.core = this.buildCore());
    // A failed build is not kept: the next caller tries again.
    building.catch(() => this.core === building && (this.core = undefined));
    return building;
  }

  private async buildCore(): Promise<Core> {
    const http = createExtensionHttpsClient(this.logger);
    const settings = this.config.value.config;
    // Azure workspaces name their tenant (docs/facts.md): guests get a token the workspace accepts.
    const inferred = await withInferredTenant(settings, http, (host) => settings.identityProvider !== 'oidc' && resolveTokenMode(settings, host) === 'entra');
    if (inferred.note) this.logger.info(inferred.note);
    const config = inferred.config;
    if (config.identityProvider === 'microsoft') {
      // VS Code keeps and refreshes these tokens: we hold them in memory only, never in the keychain.
      const provider = microsoftAccountProvider(config, this.microsoftProviderId, this.microsoft?.state);
      return createCore({ config, store: new MemoryTokenStore(), http, logger: this.logger, provider });
    }
    const store = await this.tokenStore();
    return createCore({ config, store, http, logger: this.logger });
  }

  /** Finds the account signed in earlier (here or in the CLI) without any prompt. */
  async restore(): Promise<void> {
    // VS Code's Microsoft account needs no app registration; every other source does.
    if (!this.config.value.config.clientId && this.config.value.config.identityProvider !== 'microsoft') {
      this.session.set(undefined);
      return;
    }
    try {
      const core = await this.getCore();
      const account = await core.session.currentAccount();
      this.session.set(account ? this.toSignedIn(account) : undefined);
      if (account) void this.showRestoredExpiry(core, account);
    } catch (error) {
      this.logger.warn(`Could not restore the sign-in: ${(error as Error).message}`);
      this.session.set(undefined);
    }
  }

  /**
   * The Databricks tokens of a restored sign-in, read silently (from the keychain, or refreshed) so
   * the status bar can show how long they last. No prompt: a failure shows where it matters (the views).
   */
  private async showRestoredExpiry(core: Core, account: IdentityAccount): Promise<void> {
    const tokens = await this.fetchTokens(core, account, false);
    if (tokens.length > 0 && this.session.current?.homeAccountId === account.homeAccountId && !this.session.current.tokenExpiresAt) {
      this.session.set(this.toSignedIn(account, tokens));
    }
  }

  private toSignedIn(account: IdentityAccount, tokens: readonly DatabricksToken[] = []): { username: string; tenantId: string; homeAccountId: string; tokenExpiresAt?: Date; mode?: string } {
    const earliest = tokens.map((t) => t.expiresAt).sort((a, b) => a.getTime() - b.getTime())[0];
    return { username: account.username, tenantId: account.tenantId, homeAccountId: account.homeAccountId, tokenExpiresAt: earliest, mode: tokens[0]?.mode };
  }

  /** Picks another signed-in account (shared with the CLI), or signs in with a new one. */
  async switchAccount(): Promise<void> {
    const core = await this.getCore();
    const accounts = await core.session.accounts();
    const current = this.session.current?.homeAccountId;
    const items = [
      ...accounts.map((a) => ({ label: `$(account) ${a.username}`, description: `${/^https:\/\//.test(a.tenantId) ? 'issuer' : 'tenant'} ${a.tenantId}${a.homeAccountId === current ? ' · current' : ''}`, account: a as IdentityAccount | undefined })),
      { label: '$(add) Sign in with another account…', description: '', account: undefined as IdentityAccount | undefined },
    ];
    const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Switch to which account?' });
    if (!pick) throw new CancelledError();
    if (!pick.account) return this.signIn();
    await core.session.setCurrent(pick.account);
    const tokens = await this.fetchTokens(core, pick.account, false);
    this.session.set(this.toSignedIn(pick.account, tokens));
  }

  async signIn(): Promise<void> {
    const core = await this.getCore();
    const decision = flowFor(core.config.identityProvider, core.config.signInFlow, { remoteName: vscode.env.remoteName, env: process.env, platform: process.platform }, core.config.redirectPort);
    this.logger.info(`Signing in with ${decision.flow} (${decision.reason}).${decision.note ? ` ${decision.note}` : ''}`);
    let token;
    try {
      // One cancellable notification for the whole sign-in, the device code included: it closes when
      // the sign-in succeeds, fails or is cancelled, so no prompt outlives the flow it belongs to.
      token = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Access Lens: signing in', cancellable: true },
        async (progress, cancellation) => {
          const abort = new AbortController();
          const subscription = cancellation.onCancellationRequested(() => abort.abort());
          try {
            return await core.session.signIn(decision.flow, core.signInScopes, this.signInUi(abort.signal, progress));
          } finally {
            subscription.dispose();
            this.setDeviceCode(undefined);
          }
        },
      );
    } catch (error) {
      const code = error instanceof AccessLensError ? error.code : 'UNEXPECTED';
      await this.record('sign-in', 'error', undefined, { code, detail: decision.flow });
      this.telemetry.event('signIn', { flow: decision.flow, outcome: 'error', errorCode: code });
      throw error;
    }
    await this.record('sign-in', 'ok', token.account, { detail: decision.flow });
    this.telemetry.event('signIn', { flow: decision.flow, outcome: 'ok' });
    const tokens = await this.fetchTokens(core, token.account, false);
    this.session.set(this.toSignedIn(token.account, tokens));
    void vscode.window.showInformationMessage(`Access Lens: signed in as ${token.account.username}.`);
  }

  private signInUi(signal: AbortSignal, progress: vscode.Progress<{ message?: string }>): SignInUi {
    return {
      signal,
      openBrowser: async (url) => {
        progress.report({ message: 'waiting for the browser…' });
        return vscode.env.openExternal(vscode.Uri.parse(browserSafeUrl(url), true));
      },
      showDeviceCode: (prompt) => {
        this.setDeviceCode(prompt);
        progress.report({ message: deviceCodeMessage(prompt, COPY_DEVICE_CODE) });
      },
      offerOtherFlow: async (failed, error: IdentityError) => {
        // The first flow is over: its device code (if any) is no use any more.
        this.setDeviceCode(undefined);
        progress.report({ message: 'the first attempt failed' });
        const other = failed === 'browser' ? 'Use Device Code' : 'Use Browser';
        const pick = await vscode.window.showWarningMessage(`Sign-in failed: ${notificationText(error.message)}`, other);
        return pick === other;
      },
    };
  }

  private setDeviceCode(prompt: DeviceCodePrompt | undefined): void {
    this.deviceCode = prompt;
    void vscode.commands.executeCommand('setContext', 'accessLens.deviceCodePending', prompt !== undefined);
  }

  /**
   * "Copy & Open" of a device-code sign-in: copies the code and opens the sign-in page. Returns whether
   * a sign-in was waiting for its code (false once it has ended, however it ended).
   */
  async copyDeviceCode(): Promise<boolean> {
    const prompt = this.deviceCode;
    if (!prompt) {
      void vscode.window.showInformationMessage('Access Lens: no sign-in is waiting for a device code. Run "Access Lens: Sign In" to start one.');
      return false;
    }
    await vscode.env.clipboard.writeText(prompt.userCode);
    await vscode.env.openExternal(vscode.Uri.parse(browserSafeUrl(prompt.verificationUri), true));
    return true;
  }

  /** Databricks tokens for every configured workspace; failures are logged, not thrown (the tree shows them). */
  private async fetchTokens(core: Core, account: IdentityAccount, forceRefresh: boolean): Promise<DatabricksToken[]> {
    const tokens: DatabricksToken[] = [];
    for (const workspace of core.config.workspaces) {
      try {
        tokens.push(await core.broker.getDatabricksToken(workspace.host, account.homeAccountId, { forceRefresh }));
      } catch (error) {
        this.logger.warn(`No Databricks token for ${workspace.host}: ${(error as Error).message}`);
      }
    }
    return tokens;
  }

  async refreshTokens(): Promise<void> {
    const core = await this.getCore();
    const account = await core.session.currentAccount();
    if (!account) throw new CancelledError('Not signed in');
    const tokens = await this.fetchTokens(core, account, true);
    await this.record('refresh', tokens.length === core.config.workspaces.length ? 'ok' : 'error', account, { detail: `${tokens.length} workspace token(s)` });
    this.telemetry.event('refresh', { outcome: tokens.length === core.config.workspaces.length ? 'ok' : 'error', mode: tokens[0]?.mode ?? 'none' }, { workspaces: core.config.workspaces.length });
    this.session.set(this.toSignedIn(account, tokens));
    const until = tokens[0] ? ` (valid until ${clockTime(tokens[0].expiresAt)})` : '';
    void vscode.window.showInformationMessage(`Access Lens: tokens refreshed for ${tokens.length} workspace(s)${until}.`);
  }

  async signOut(): Promise<void> {
    const core = await this.getCore();
    const accounts = await core.session.accounts();
    if (accounts.length === 0) {
      this.session.set(undefined);
      return;
    }
    let account: IdentityAccount | undefined = accounts[0];
    if (accounts.length > 1) {
      const pick = await vscode.window.showQuickPick(accounts.map((a) => ({ label: a.username, description: a.tenantId, account: a })), { placeHolder: 'Sign out which account?' });
      account = pick?.account;
    }
    if (!account) throw new CancelledError();
    await core.session.signOut(account);
    // The broker's memory too: a signed-out account's token must not be served again.
    await core.broker.forget(account.homeAccountId, core.config.workspaces.map((w) => w.host));
    await this.record('sign-out', 'ok', account);
    const next = await core.session.currentAccount();
    this.session.set(next ? this.toSignedIn(next) : undefined);
    void vscode.window.showInformationMessage(`Access Lens: signed out ${account.username}.`);
  }
}
