/**
 * Values derived from the configuration that several parts need the same way:
 * the token mode per host, the scopes to sign in with, where the keychain
 * items live, and the audiences a token may carry (docs/settings.md says what
 * each setting means). Pure: no I/O.
 */
import { AccessLensError } from '../errors';
import { DATABRICKS_CLI_CLIENT_ID, DATABRICKS_U2M_SCOPES } from '../identity/databricksOAuth';
import { OIDC_BASE_SCOPES, type StoreNamespace } from '../identity/provider';
import { isAzureDatabricksHost } from './hosts';
import { AccessLensConfig, AZURE_DATABRICKS_SCOPE, TokenMode } from './types';

export function resolveTokenMode(config: AccessLensConfig, host: string): TokenMode {
  if (config.identityProvider === 'databricks') return 'databricks';
  if (config.tokenMode !== 'auto') return config.tokenMode;
  if (config.identityProvider === 'oidc') return 'federation';
  // VS Code's Microsoft account signs in with VS Code's own app: only the resource token itself can serve.
  if (config.identityProvider === 'microsoft') return 'entra';
  return isAzureDatabricksHost(host) ? 'entra' : 'federation';
}

export function scopeFor(config: AccessLensConfig, mode: TokenMode): string {
  if (config.scope) return config.scope;
  if (mode === 'entra') return AZURE_DATABRICKS_SCOPE;
  if (!config.clientId) {
    throw new AccessLensError('CONFIG', 'Token federation needs the application (client) id: set accessLens.clientId, --client-id or ACCESS_LENS_CLIENT_ID.', ['openSettings']);
  }
  return `${config.clientId}/.default`;
}

/** The scopes to sign in and refresh with: Entra's one resource scope, or OpenID Connect's standard scopes plus `accessLens.scope`. */
export function identityScopes(config: AccessLensConfig, mode: TokenMode): string[] {
  if (config.identityProvider === 'databricks') return [...DATABRICKS_U2M_SCOPES];
  if (config.identityProvider === 'oidc') return [...OIDC_BASE_SCOPES, ...(config.scope ? [config.scope] : [])];
  return [scopeFor(config, mode)];
}

/** Where this configuration's keychain items live: per tenant (Entra) or issuer (OIDC), and client id. */
export function storeNamespace(config: AccessLensConfig): StoreNamespace {
  // A Databricks token is per workspace: so is the sign-in that brings it.
  if (config.identityProvider === 'databricks') return { tenant: config.workspaces[0]?.host ?? 'no-host', clientId: config.clientId ?? DATABRICKS_CLI_CLIENT_ID };
  const tenant = config.identityProvider === 'oidc' && config.issuer ? config.issuer : config.tenant;
  return { tenant, clientId: config.clientId ?? 'none' };
}

/** The audiences a token requested with `scope` may carry. */
export function audiencesFor(scope: string): string[] {
  // The resource is the scope minus its last segment (`/.default`, `/user_impersonation`), but not the `//` of a scheme.
  const slash = scope.lastIndexOf('/');
  const base = slash > scope.indexOf('://') + 2 ? scope.slice(0, slash) : scope;
  const audiences = [base];
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(base)) audiences.push(`api://${base}`);
  if (base.startsWith('api://')) audiences.push(base.slice('api://'.length));
  return audiences;
}

/** The token mode to sign in for: the first workspace's, else what the settings alone say. */
export function signInTokenMode(config: AccessLensConfig): TokenMode {
  const firstHost = config.workspaces[0]?.host;
  return firstHost ? resolveTokenMode(config, firstHost) : config.identityProvider === 'databricks' ? 'databricks' : config.tokenMode === 'federation' || config.identityProvider === 'oidc' ? 'federation' : 'entra';
}
