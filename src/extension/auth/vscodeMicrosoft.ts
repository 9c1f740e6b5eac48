/**
 * VS Code's built-in Microsoft account as an identity source (`accessLens.identityProvider: "microsoft"`):
 * `vscode.authentication.getSession('microsoft', …)` for the Azure Databricks resource, so nobody has to
 * register an app. VS Code keeps and refreshes the tokens (its MSAL cache in SecretStorage): we never
 * store them, and "refresh" means asking VS Code again, silently. The scopes follow the conventions of
 * VS Code's extensions/microsoft-authentication (docs/facts.md): `VSCODE_TENANT:<tenant>` picks the
 * tenant (default `organizations`), `VSCODE_CLIENT_ID:<id>` another app than VS Code's own; neither is
 * sent to Entra. The token goes to the broker, which checks audience, issuer, tenant and expiry as for
 * any Entra token before it is sent anywhere.
 */
import type * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { IdentityError } from '../../core/identity/identityError';
import { IdentityAccount, IdentityProvider, IdentityToken, StoreNamespace, claimValues } from '../../core/identity/provider';
import { readGroupClaim } from '../../core/identity/groupClaims';
import { decodeJwt } from '../../core/tokens/jwt';

/** The provider id of VS Code's Microsoft account. */
export const MICROSOFT_PROVIDER_ID = 'microsoft';

/** The part of `vscode.authentication` this source uses (a test hands in its own). */
export interface AuthenticationApi {
  getSession(providerId: string, scopes: readonly string[], options: vscode.AuthenticationGetSessionOptions): Thenable<vscode.AuthenticationSession | undefined>;
}

/** Whether the user signed out here: VS Code keeps the account, so a reload must not adopt it again silently. */
export interface SignedOutFlag {
  get(): boolean;
  set(value: boolean): Thenable<void> | void;
}

export interface VsCodeMicrosoftOptions {
  /** `microsoft`, or a test provider standing in for it. */
  readonly providerId: string;
  readonly tenant: string;
  /** An app of the user's own instead of VS Code's (accessLens.clientId), if set. */
  readonly clientId?: string;
  readonly groupsClaim: string;
}

/** The scopes VS Code's Microsoft provider reads: the resource scopes, the tenant and the app. */
export function microsoftScopes(scopes: readonly string[], tenant: string, clientId?: string): string[] {
  return [...scopes, `VSCODE_TENANT:${tenant}`, ...(clientId ? [`VSCODE_CLIENT_ID:${clientId}`] : [])];
}

export class VsCodeMicrosoftProvider implements IdentityProvider {
  readonly kind = 'microsoft' as const;
  readonly label = "VS Code's Microsoft account";
  /** VS Code picks browser or device code itself: offering "the other flow" would ask VS Code the same again. */
  readonly choosesFlow = true;
  readonly namespace: StoreNamespace;
  /** The accounts VS Code handed us in this window, by VS Code's account id. */
  private readonly known = new Map<string, vscode.AuthenticationSessionAccountInformation>();
  private adopted: Promise<void> | undefined;

  constructor(
    private readonly api: AuthenticationApi,
    private readonly options: VsCodeMicrosoftOptions,
    private readonly signedOut: SignedOutFlag,
    private readonly resourceScopes: readonly string[],
  ) {
    this.namespace = { tenant: `vscode-${options.providerId}`, clientId: options.clientId ?? 'vscode' };
  }

  private scopes(scopes: readonly string[]): string[] {
    return microsoftScopes(scopes, this.options.tenant, this.options.clientId);
  }

  /** The account VS Code already lets us use (no prompt), once per window, unless the user signed out here. */
  private adoptSilently(): Promise<void> {
    this.adopted ??= (async () => {
      if (this.signedOut.get()) return;
      const session = await this.api.getSession(this.options.providerId, this.scopes(this.resourceScopes), { silent: true });
      if (session) this.known.set(session.account.id, session.account);
    })().catch(() => undefined);
    return this.adopted;
  }

  async accounts(): Promise<IdentityAccount[]> {
    await this.adoptSilently();
    // The account's tenant and object id live in the token: the list answers with what VS Code said.
    return [...this.known.values()].map((a) => ({ username: a.label, objectId: '', tenantId: this.options.tenant, homeAccountId: a.id, name: a.label }));
  }

  async acquireSilent(homeAccountId: string, scopes: readonly string[]): Promise<IdentityToken> {
    let account = this.known.get(homeAccountId);
    if (!account && !this.signedOut.get()) {
      // A core rebuilt after VS Code's sessions changed may have asked VS Code before a sign-in
      // elsewhere in this window finished: ask again rather than keep that empty answer.
      this.adopted = undefined;
      await this.adoptSilently();
      account = this.known.get(homeAccountId);
    }
    // VS Code refreshes the token itself when it nears expiry; it offers no forced refresh without a prompt.
    const session = account ? await this.api.getSession(this.options.providerId, this.scopes(scopes), { silent: true, account }) : undefined;
    if (!session) {
      throw new IdentityError('SIGN_IN_REQUIRED', `VS Code's Microsoft account has no token for Azure Databricks${account ? ` for ${account.label}` : ''}. Run "Access Lens: Sign In" to allow it.`, true, undefined);
    }
    return this.toToken(session, scopes);
  }

  private async signIn(scopes: readonly string[]): Promise<IdentityToken> {
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await this.api.getSession(this.options.providerId, this.scopes(scopes), { createIfNone: true });
    } catch (error) {
      // VS Code rejects when the user declines its prompt or closes the sign-in.
      if (/cancel|did not consent|declined/i.test(error instanceof Error ? error.message : String(error))) throw new CancelledError();
      throw new IdentityError('SIGN_IN_FAILED', `VS Code's Microsoft account could not sign in: ${error instanceof Error ? error.message : String(error)}. Try again, or pick another source with "Access Lens: Sign In".`, false, undefined, { cause: error });
    }
    if (!session) throw new CancelledError();
    await this.signedOut.set(false);
    this.known.set(session.account.id, session.account);
    return this.toToken(session, scopes);
  }

  signInWithBrowser(scopes: readonly string[]): Promise<IdentityToken> {
    return this.signIn(scopes);
  }

  /** VS Code chooses the flow itself (browser, or device code in a remote window). */
  signInWithDeviceCode(scopes: readonly string[]): Promise<IdentityToken> {
    return this.signIn(scopes);
  }

  /** Forgets the account here; it stays signed in to VS Code (the Accounts menu signs it out there). */
  async signOut(homeAccountId: string): Promise<void> {
    this.known.delete(homeAccountId);
    if (this.known.size === 0) await this.signedOut.set(true);
  }

  /** After VS Code's sessions changed: ask again on next use. */
  forgetInMemory(): void {
    this.known.clear();
    this.adopted = undefined;
  }

  private toToken(session: vscode.AuthenticationSession, scopes: readonly string[]): IdentityToken {
    const claims = decodeJwt(session.accessToken);
    const exp = typeof claims.exp === 'number' ? claims.exp : 0;
    const account: IdentityAccount = {
      username: typeof claims.upn === 'string' ? claims.upn : typeof claims.preferred_username === 'string' ? claims.preferred_username : session.account.label,
      objectId: typeof claims.oid === 'string' ? claims.oid : '',
      tenantId: typeof claims.tid === 'string' ? claims.tid : this.options.tenant,
      homeAccountId: session.account.id,
      name: typeof claims.name === 'string' ? claims.name : session.account.label,
    };
    const groupClaims = { accessToken: readGroupClaim(claims, this.options.groupsClaim) };
    return { accessToken: session.accessToken, expiresOn: new Date(exp * 1000), account, scopes, groups: claimValues(claims, this.options.groupsClaim), groupClaims };
  }
}
