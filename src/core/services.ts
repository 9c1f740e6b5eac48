/**
 * Builds the objects below the views from one configuration, the same way for
 * the extension and the CLI: the HTTPS client, the keychain, the audit trail,
 * the identity provider (Entra ID or OpenID Connect) and sign-in session, and
 * the token broker. A front end hands in only what is its own: paths, its
 * network options, VS Code's SecretStorage. Nothing here does I/O until asked.
 */
import type { IdpGroups } from './access/types';
import { AuditEventName, AuditLog, identityEvent } from './audit/auditLog';
import { AccessLensConfig } from './config';
import { AccessLensError } from './errors';
import { EntraClient } from './identity/entraClient';
import { GraphGroupsError, graphEndpointFor, readMemberObjects } from './identity/graphGroups';
import { DatabricksU2mClient } from './identity/databricksU2m';
import { IdentityError } from './identity/identityError';
import { DATABRICKS_SIGN_IN_GROUPS, resolveIdpGroups } from './identity/idpGroups';
import { OidcClient } from './identity/oidcClient';
import { IdentityProvider, StoreNamespace } from './identity/provider';
import { SignInSession } from './identity/signInSession';
import { KeytarStore } from './keychain/keytarStore';
import { KeychainUnavailableError, TokenStore } from './keychain/tokenStore';
import { NamedLocks, fileLocks } from './lock/namedLocks';
import { Logger } from './log';
import { HttpsClient, createHttpsClient } from './net/httpsClient';
import type { NetworkOptions } from './net/networkOptions';
import { withTransientRetries } from './net/transientRetry';
import { identityScopes, signInTokenMode, storeNamespace } from './config/derived';
import { TokenBroker } from './tokens/broker';
import { AuthorizedHttp, authorizedHttp } from './workspace/authorizedHttp';
import { VerdictStore } from './workspace/verdictStore';
import * as path from 'node:path';

export interface CoreDeps {
  readonly config: AccessLensConfig;
  readonly store: TokenStore;
  readonly http: HttpsClient;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly onRequest?: (method: string, url: string) => void;
  /** Locks shared with the other processes of the user; default lock files in the user's state folder. */
  readonly locks?: NamedLocks;
  /** The identity provider; default the one the configuration names (tests hand in one that counts its calls). */
  readonly provider?: IdentityProvider;
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
  /** Your identity provider's groups and where they came from (token claims, else Microsoft Graph), or why unknown. */
  idpGroups(accountId: string): Promise<IdpGroups>;
  readonly logger: Logger;
}

/**
 * The one HTTPS client of a front end, from the network options it read (VS Code's http.* settings,
 * or the CLI's environment): its notes go to the debug log, its warnings to the user. Nothing else
 * in src builds a client, so proxy, CA and strict-SSL handling cannot differ between paths.
 */
export function createHttp(network: NetworkOptions, logger: Logger): HttpsClient {
  for (const note of network.notes) logger.debug(note);
  for (const warning of network.warnings) logger.warn(warning);
  return createHttpsClient(network.options);
}

/** The local audit trail of one front end, and the one way to write to it. */
export interface AuditTrail {
  readonly log: AuditLog;
  /** Records an identity event; a failure to write is logged, never thrown into the command. */
  record(event: AuditEventName, outcome: 'ok' | 'error', account?: { objectId: string; username: string; tenantId: string }, details?: { host?: string; userName?: string; code?: string; detail?: string }): Promise<void>;
}

export function createAudit(file: string, source: 'vscode' | 'cli', logger: Logger): AuditTrail {
  const log = new AuditLog(file);
  return {
    log,
    async record(event, outcome, account, details = {}) {
      try {
        await log.append(identityEvent(event, source, outcome, account, details));
      } catch (error) {
        logger.warn(`Could not write the audit log ${file}: ${(error as Error).message}`);
      }
    },
  };
}

/**
 * The verdict cache of a front end that restarts often (the extension): a folder of its own in the
 * front end's storage (`storageFolder`), owner-only; only summaries and verdicts, never a token.
 */
export function createVerdictStore(storageFolder: string, logger: Logger): VerdictStore {
  return new VerdictStore(path.join(storageFolder, 'verdicts'), logger);
}

/** A store a front end can fall back to when the OS keychain does not work (VS Code's SecretStorage). */
export interface FallbackStore {
  /** For the log line: "VS Code SecretStorage". */
  readonly name: string;
  open(): TokenStore;
}

/**
 * The OS keychain through keytar, shared by both front ends. With a fallback, a keychain that cannot
 * load or does not work gives the fallback and one log line saying why; without one (the CLI) it is
 * an error: tokens are never kept in plaintext.
 */
export async function openTokenStore(logger: Logger, fallback?: FallbackStore): Promise<TokenStore> {
  try {
    const store = new KeytarStore();
    await store.probe();
    if (fallback) logger.info('Tokens are kept in the OS keychain (keytar), shared with the access-lens CLI.');
    return store;
  } catch (error) {
    if (fallback) {
      logger.warn(`OS keychain unavailable, using ${fallback.name} instead (not shared with the CLI): ${(error as Error).message}`);
      return fallback.open();
    }
    if (error instanceof KeychainUnavailableError) throw new KeychainUnavailableError(`${error.message} Tokens are only ever kept in the OS keychain, so nothing was stored.`);
    throw error;
  }
}

/** For doctor: where tokens would be kept, or the keychain's error saying why it does not work. */
export async function probeKeychain(): Promise<string> {
  await new KeytarStore().probe();
  return 'the OS keychain (keytar, service access-lens)';
}

export function requireClientId(config: AccessLensConfig): string {
  if (!config.clientId) {
    const where = config.identityProvider === 'oidc' ? 'the Client ID of your OpenID Connect application (Okta: General → Client Credentials)' : 'the id of your Entra app registration';
    throw new AccessLensError('CONFIG', `No application (client) id is set. Set accessLens.clientId (VS Code), --client-id or ACCESS_LENS_CLIENT_ID to ${where} (see the README).`, ['openSettings']);
  }
  return config.clientId;
}

/** Entra ID through MSAL, or any standard OpenID Connect provider. */
function identityProvider(config: AccessLensConfig, deps: CoreDeps, locks: NamedLocks): IdentityProvider {
  if (config.identityProvider === 'microsoft') {
    // Only the extension has VS Code's accounts: it hands its provider in (src/extension/auth/vscodeMicrosoft.ts).
    throw new AccessLensError('CONFIG', 'The identity provider "microsoft" is VS Code\'s built-in Microsoft account and works only in the extension. On the command line use --idp entra (with --client-id) or set ACCESS_LENS_IDP to entra.', ['openSettings']);
  }
  if (config.identityProvider === 'databricks') return databricksProvider(config, deps, locks);
  const clientId = requireClientId(config);
  const common = { store: deps.store, http: deps.http, logger: deps.logger, onRequest: deps.onRequest, locks };
  if (config.identityProvider === 'oidc') {
    if (!config.issuer) throw new AccessLensError('CONFIG', 'accessLens.identityProvider is "oidc" but no issuer is set. Set accessLens.issuer, --issuer or ACCESS_LENS_ISSUER.', ['openSettings']);
    return new OidcClient({ issuer: config.issuer, clientId, groupsClaim: config.groupsClaim }, { ...common, now: deps.now });
  }
  return new EntraClient({ authority: config.authority, tenant: config.tenant, clientId }, { ...common, groupsClaim: config.groupsClaim });
}

/** The workspace's own OAuth: per workspace, with databricks-cli unless a client id is set (docs/cli.md, --idp). */
function databricksProvider(config: AccessLensConfig, deps: CoreDeps, locks: NamedLocks): IdentityProvider {
  const host = config.workspaces[0]?.host;
  if (!host) throw new AccessLensError('CONFIG', 'The Databricks sign-in (--idp databricks) is per workspace, and no workspace is set. Set --host, DATABRICKS_HOST or accessLens.workspaces.', ['openSettings']);
  const { clientId } = storeNamespace(config);
  return new DatabricksU2mClient({ host, clientId, redirectPort: config.redirectPort }, { store: deps.store, http: deps.http, logger: deps.logger, now: deps.now, locks });
}

/**
 * Microsoft Graph through its own silent token: a Graph token never serves another host, and an
 * app without consent for it (AADSTS65001, interaction required) simply has no Graph source.
 */
function graphGroupsOf(session: SignInSession, deps: CoreDeps, accountId: string): () => Promise<readonly string[]> {
  const endpoint = graphEndpointFor(deps.config.authority);
  return async () => {
    let token: string;
    try {
      token = (await session.acquireSilent(accountId, [endpoint.scope])).accessToken;
    } catch (error) {
      const code = error instanceof IdentityError ? error.code : 'UNKNOWN';
      const consent = error instanceof IdentityError && (code === 'CONSENT_REQUIRED' || error.interactionRequired);
      throw new GraphGroupsError(consent ? `the app may not read your memberships (no consent for ${endpoint.scope}, ${code})` : `no Microsoft Graph token (${code}: ${error instanceof Error ? error.message : String(error)})`);
    }
    return readMemberObjects(deps.http, endpoint, token);
  };
}

export function createCore(deps: CoreDeps): Core {
  const { config } = deps;
  const locks = deps.locks ?? fileLocks();
  // The session keeps the sign-in's identity token (and its groups): the broker and idpGroups below read it there.
  const session = new SignInSession(deps.provider ?? identityProvider(config, deps, locks), deps.store, locks, deps.now);
  const broker = new TokenBroker({ config, identity: session, store: deps.store, http: deps.http, logger: deps.logger, now: deps.now });
  const signInScopes = identityScopes(config, signInTokenMode(config));
  // Workspace reads ride out a dropped connection or a gateway's 502/504 (bounded; transientRetry.ts).
  const workspaceTransport = withTransientRetries(deps.http, {
    onRetry: (request, reason, waitMs, attempt) => deps.logger.info(`${request.method} ${new URL(request.url).host} failed (${reason}); try ${attempt} in ${waitMs} ms.`),
  });
  return {
    config,
    namespace: storeNamespace(config),
    session,
    broker,
    signInScopes,
    idpGroups: async (accountId) => {
      // No token to read: the workspace's own carries no provider groups, and asking for it would only cost a refresh.
      if (config.identityProvider === 'databricks') return DATABRICKS_SIGN_IN_GROUPS;
      const token = await session.acquireSilent(accountId, signInScopes);
      return resolveIdpGroups({
        provider: config.identityProvider,
        groupsClaim: config.groupsClaim,
        accessToken: token.accessToken,
        groupClaims: token.groupClaims,
        groups: token.groups,
        graph: config.identityProvider === 'entra' ? graphGroupsOf(session, deps, accountId) : undefined,
      });
    },
    logger: deps.logger,
    workspaceHttp: (host, accountId) =>
      authorizedHttp(workspaceTransport, broker, host, accountId, (status) => deps.logger.info(`${host} rejected the token (HTTP ${status}); refreshed it and retried once.`)),
  };
}
