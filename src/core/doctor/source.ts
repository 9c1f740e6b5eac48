/**
 * Doctor check `source`: which sign-in source is in use (the identity provider, its app and tenant,
 * and how the workspace token is made) and what it cannot see. A source whose tokens can never list
 * your identity provider's groups (VS Code's Microsoft account, the workspace's own OAuth) warns and
 * says how to enable group checks, so the group-sync check's "could not run" is never a surprise.
 */
import { AccessLensConfig, DEFAULT_TENANT } from '../config';
import { MICROSOFT_HOW_TO_ENABLE } from '../identity/idpGroups';
import { resolveTokenMode } from '../config/derived';
import type { CheckResult } from './check';

const NO_GROUPS_FROM_DATABRICKS =
  'To compare groups, sign in with Entra ID (accessLens.identityProvider "entra" with an app registration that lists groups) or with an OpenID Connect provider whose tokens carry a groups claim ("oidc").';

function tenantNote(config: AccessLensConfig): string {
  if (!config.tenantIsDefault) return `tenant ${config.tenant} (set)`;
  return config.tenant === DEFAULT_TENANT ? `tenant ${DEFAULT_TENANT} (not set, and the workspace did not name one)` : `tenant ${config.tenant} (named by the workspace)`;
}

export function checkSource(config: AccessLensConfig, host: string): CheckResult {
  const mode = resolveTokenMode(config, host);
  const bearer = mode === 'entra' ? 'its token is the Databricks bearer (token mode entra)' : 'its token is exchanged for a Databricks token (token mode federation)';
  // Kinds other engineers add (the workspace's own OAuth) arrive as strings before their wording does.
  const kind: string = config.identityProvider;
  if (kind === 'microsoft') {
    return {
      id: 'source',
      status: 'warn',
      message: `Signing in with VS Code's Microsoft account (VS Code's own app${config.clientId ? ` or ${config.clientId}` : ''}, ${tenantNote(config)}); ${bearer}. It cannot see your Entra groups: VS Code's app cannot be given a groups claim or Microsoft Graph consent, so group sync cannot be compared.`,
      fix: MICROSOFT_HOW_TO_ENABLE,
    };
  }
  if (kind === 'databricks') {
    return {
      id: 'source',
      status: 'warn',
      message: `Signing in with the workspace's own OAuth (Databricks sign-in). Databricks tokens carry no list of your identity provider's groups, so group sync cannot be compared.`,
      fix: NO_GROUPS_FROM_DATABRICKS,
    };
  }
  if (kind === 'oidc') {
    return { id: 'source', status: 'pass', message: `Signing in with the OpenID Connect provider ${config.issuer ?? '(no issuer set)'} (client ${config.clientId ?? 'not set'}); ${bearer}. Your groups come from its "${config.groupsClaim}" claim (see group-sync).` };
  }
  return {
    id: 'source',
    status: 'pass',
    message: `Signing in with Microsoft Entra ID through the app ${config.clientId ?? '(no client id set)'} at ${config.authority}, ${tenantNote(config)}; ${bearer}. Your groups come from the token's "${config.groupsClaim}" claim, else Microsoft Graph when the app may read them (see group-sync).`,
  };
}
