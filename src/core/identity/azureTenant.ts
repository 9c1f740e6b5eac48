/**
 * Finds the Entra tenant of an Azure Databricks workspace, as the Databricks SDKs do (the Python SDK's
 * `get_azure_tenant_id_from_host`; docs/facts.md): `GET <host>/aad/auth` without following the redirect
 * answers 3xx with `Location: https://login.microsoftonline.com/<tenant>/oauth2/authorize?…`, whatever
 * cloud the login host is. Signing in to that tenant instead of `organizations` gives a guest or a
 * member of several tenants a token the workspace accepts (a home-tenant token is refused).
 */
import type { AccessLensConfig } from '../config';
import type { HttpsClient } from '../net/httpsClient';

/** Path segments that name no tenant: the multi-tenant endpoints and an empty path. */
const NOT_A_TENANT = new Set(['', 'common', 'organizations', 'consumers']);
const TENANT_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/i;

export type TenantInference = { readonly tenant: string } | { readonly unknown: string };

/** The tenant named by the first path segment of an Entra authorize URL; undefined when it names none. */
export function tenantFromLoginRedirect(location: string): string | undefined {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  const segment = decodeURIComponent(url.pathname.split('/')[1] ?? '');
  if (NOT_A_TENANT.has(segment.toLowerCase()) || !TENANT_SEGMENT.test(segment)) return undefined;
  return segment.toLowerCase();
}

/** Asks the workspace which tenant it signs in with; the reason when it does not say (never a guess). */
export async function inferAzureTenant(http: HttpsClient, host: string, timeoutMs = 10_000): Promise<TenantInference> {
  const url = `${host}/aad/auth`;
  let response;
  try {
    response = await http({ method: 'GET', url, timeoutMs });
  } catch (error) {
    return { unknown: `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (response.status < 300 || response.status > 399) return { unknown: `GET ${url} answered ${response.status}, not a redirect to Entra ID` };
  const location = response.headers.location;
  if (!location) return { unknown: `GET ${url} redirected without a Location header` };
  const tenant = tenantFromLoginRedirect(location);
  return tenant ? { tenant } : { unknown: `GET ${url} redirected to ${new URL(location, url).origin}… which names no tenant` };
}

/**
 * The configuration with the workspace's tenant when the user set none and the first workspace takes
 * Entra tokens directly (token mode entra: `entra` or `microsoft` on an Azure host). Anything else, or a
 * workspace that does not say, keeps the configuration as it is and says why in `note`.
 */
export async function withInferredTenant(
  config: AccessLensConfig,
  http: HttpsClient,
  usesEntraTokens: (host: string) => boolean,
): Promise<{ config: AccessLensConfig; note?: string }> {
  const host = config.workspaces[0]?.host;
  if (!config.tenantIsDefault || !host || !usesEntraTokens(host)) return { config };
  const inferred = await inferAzureTenant(http, host);
  if ('unknown' in inferred) return { config, note: `Could not find the tenant of ${host} (${inferred.unknown}); signing in with "${config.tenant}". Set accessLens.tenant, --tenant or ACCESS_LENS_TENANT if the workspace is in another tenant.` };
  return { config: { ...config, tenant: inferred.tenant }, note: `${host} signs in with tenant ${inferred.tenant} (from ${host}/aad/auth); set accessLens.tenant to override.` };
}
