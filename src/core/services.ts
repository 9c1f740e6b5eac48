/**
 * Builds the objects below the views from one configuration, the same way for
 * the extension and the CLI: the HTTPS client, the identity provider (Entra ID
 * or OpenID Connect) and sign-in session, and the token broker. Nothing here
 * does I/O until asked.
 */
import { AccessLensConfig } from './config';
import { AccessLensError } from './errors/accessLensError';
import { EntraClient } from './identity/entraClient';
import { OidcClient } from './identity/oidcClient';
import { IdentityProvider, StoreNamespace } from './identity/provider';
import { SignInSession } from './identity/signInSession';
import { TokenStore } from './keychain/tokenStore';
import { Logger } from './log';
import { HttpsClient } from './net/httpsClient';
import { TokenBroker, identityScopes, resolveTokenMode, storeNamespace } from './tokens/broker';
import { AuthorizedHttp, authorizedHttp } from './workspace/authorizedHttp';

export interface CoreDeps {
  readonly config: AccessLensConfig;
  readonly store: TokenStore;
  readonly http: HttpsClient;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly onRequest?: (method: string, url: string) => void;
}

export interface Core {
  readonly config: AccessLensConfig;
  /** Where this sign-in's keychain items live (tenant or issuer, and client id). */
  readonly namespace: StoreNamespace;
  readonly session: SignInSession;
  readonly broker: TokenBroker;
  /** The scope to sign in with: the one the first workspace needs. */
  readonly signInScopes: readonly string[];
  workspaceHttp(host: string, accountId: string): AuthorizedHttp;
  readonly logger: Logger;
}

export function requireClientId(config: AccessLensConfig): string {
  if (!config.clientId) {
    const where = config.identityProvider === 'oidc' ? 'the Client ID of your OpenID Connect application (Okta: General → Client Credentials)' : 'the id of your Entra app registration';
    throw new AccessLensError('CONFIG', `No application (client) id is set. Set accessLens.clientId (VS Code), --client-id or ACCESS_LENS_CLIENT_ID to ${where} (see the README).`, ['openSettings']);
  }
  return config.clientId;
}

/** Entra ID through MSAL, or any standard OpenID Connect provider. */
function identityProvider(config: AccessLensConfig, deps: CoreDeps): IdentityProvider {
  const clientId = requireClientId(config);
  const common = { store: deps.store, http: deps.http, logger: deps.logger, onRequest: deps.onRequest };
  if (config.identityProvider === 'oidc') {
    if (!config.issuer) throw new AccessLensError('CONFIG', 'accessLens.identityProvider is "oidc" but no issuer is set. Set accessLens.issuer, --issuer or ACCESS_LENS_ISSUER.', ['openSettings']);
    return new OidcClient({ issuer: config.issuer, clientId, groupsClaim: config.groupsClaim }, { ...common, now: deps.now });
  }
  return new EntraClient({ authority: config.authority, tenant: config.tenant, clientId }, { ...common, groupsClaim: config.groupsClaim });
}

export function createCore(deps: CoreDeps): Core {
  const { config } = deps;
  const session = new SignInSession(identityProvider(config, deps), deps.store);
  const broker = new TokenBroker({ config, identity: session, store: deps.store, http: deps.http, logger: deps.logger, now: deps.now });
  const firstHost = config.workspaces[0]?.host;
  const mode = firstHost ? resolveTokenMode(config, firstHost) : config.tokenMode === 'federation' || config.identityProvider === 'oidc' ? 'federation' : 'entra';
  return {
    config,
    namespace: storeNamespace(config),
    session,
    broker,
    signInScopes: identityScopes(config, mode),
    logger: deps.logger,
    workspaceHttp: (host, accountId) =>
      authorizedHttp(deps.http, broker, host, accountId, (status) => deps.logger.info(`${host} rejected the token (HTTP ${status}); refreshed it and retried once.`)),
  };
}
