/**
 * Builds the objects below the views from one configuration, the same way for
 * the extension and the CLI: the HTTPS client, the Entra client and sign-in
 * session, and the token broker. Nothing here does I/O until asked.
 */
import { AccessLensConfig } from './config';
import { AccessLensError } from './errors/accessLensError';
import { EntraClient, EntraSettings } from './identity/entraClient';
import { SignInSession } from './identity/signInSession';
import { TokenStore } from './keychain/tokenStore';
import { Logger } from './log';
import { HttpsClient } from './net/httpsClient';
import { TokenBroker, resolveTokenMode, scopeFor } from './tokens/broker';
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
  readonly entra: EntraSettings;
  readonly session: SignInSession;
  readonly broker: TokenBroker;
  /** The scope to sign in with: the one the first workspace needs. */
  readonly signInScopes: readonly string[];
  workspaceHttp(host: string, accountId: string): AuthorizedHttp;
}

export function requireClientId(config: AccessLensConfig): string {
  if (!config.clientId) {
    throw new AccessLensError('CONFIG', 'No application (client) id is set. Set accessLens.clientId (VS Code), --client-id or ACCESS_LENS_CLIENT_ID to the id of your Entra app registration (see the README).', ['openSettings']);
  }
  return config.clientId;
}

export function createCore(deps: CoreDeps): Core {
  const { config } = deps;
  const entra: EntraSettings = { authority: config.authority, tenant: config.tenant, clientId: requireClientId(config) };
  const client = new EntraClient(entra, { store: deps.store, http: deps.http, logger: deps.logger, onRequest: deps.onRequest });
  const session = new SignInSession(client, deps.store, entra);
  const broker = new TokenBroker({ config, identity: session, store: deps.store, http: deps.http, logger: deps.logger, now: deps.now });
  const firstHost = config.workspaces[0]?.host;
  const mode = firstHost ? resolveTokenMode(config, firstHost) : config.tokenMode === 'federation' ? 'federation' : 'entra';
  return {
    config,
    entra,
    session,
    broker,
    signInScopes: [scopeFor(config, mode)],
    workspaceHttp: (host, accountId) =>
      authorizedHttp(deps.http, broker, host, accountId, (status) => deps.logger.info(`${host} rejected the token (HTTP ${status}); refreshed it and retried once.`)),
  };
}
