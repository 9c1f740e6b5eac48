/**
 * The environment a handed-off process gets (docs/cli.md, `exec`): the variables that point the
 * Databricks SDKs and CLI at our metadata service, and none of the secrets that would sign it in
 * some other way.
 */

/** What `exec` and the terminals set. */
export function handoffVariables(host: string, metadataServiceUrl: string): Record<string, string> {
  return {
    DATABRICKS_HOST: host,
    DATABRICKS_AUTH_TYPE: 'metadata-service',
    DATABRICKS_METADATA_SERVICE_URL: metadataServiceUrl,
  };
}

/**
 * Removed from the child's environment. With DATABRICKS_AUTH_TYPE set, the SDKs (JS
 * DefaultCredentials.js, Go config/auth_default.go, Python credentials_provider.py) try only that
 * one method, so nothing here would win over the metadata service in them; we still remove these
 * because tools that ignore DATABRICKS_AUTH_TYPE or predate metadata-service (older SDKs, scripts
 * reading DATABRICKS_TOKEN directly) would otherwise sign in with a long-lived secret, and a
 * child has no business seeing one:
 * - PAT, basic and OAuth M2M: DATABRICKS_TOKEN, DATABRICKS_PASSWORD (with DATABRICKS_USERNAME),
 *   DATABRICKS_CLIENT_SECRET; an ID token for OIDC federation: DATABRICKS_OIDC_TOKEN.
 * - Azure service principals: ARM_CLIENT_SECRET (the SDKs' azure-client-secret) and
 *   AZURE_CLIENT_SECRET (the Azure Identity libraries' environment credential).
 * - Google: GOOGLE_CREDENTIALS (a service-account key in the SDKs' google-credentials).
 * - DATABRICKS_CONFIG_PROFILE: it selects a profile whose `token` or `client_secret` the SDKs
 *   load into their configuration, and an explicitly named profile that is missing from the file
 *   is an error in the SDKs; the hand-off supplies the host itself.
 */
export const SCRUBBED_VARIABLES: readonly string[] = [
  'DATABRICKS_TOKEN',
  'DATABRICKS_PASSWORD',
  'DATABRICKS_USERNAME',
  'DATABRICKS_CLIENT_SECRET',
  'DATABRICKS_OIDC_TOKEN',
  'DATABRICKS_CONFIG_PROFILE',
  'ARM_CLIENT_SECRET',
  'AZURE_CLIENT_SECRET',
  'GOOGLE_CREDENTIALS',
];

/** `env` without the secrets (names compared case-insensitively, as Windows does) plus the hand-off variables. */
export function handoffEnvironment(env: NodeJS.ProcessEnv, host: string, metadataServiceUrl: string): NodeJS.ProcessEnv {
  const scrubbed = new Set(SCRUBBED_VARIABLES.map((name) => name.toUpperCase()));
  const variables = handoffVariables(host, metadataServiceUrl);
  const replaced = new Set(Object.keys(variables));
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const upper = name.toUpperCase();
    if (!scrubbed.has(upper) && !replaced.has(upper)) out[name] = value;
  }
  return { ...out, ...variables };
}
