/**
 * Databricks host rules: what a workspace URL looks like, which cloud it is on,
 * and whether a token may be sent to it. Pure: no I/O.
 */

/** Azure Databricks domains: the Entra token for the Azure Databricks resource is accepted there. */
const AZURE_SUFFIXES = ['.azuredatabricks.net', '.databricks.azure.us', '.databricks.azure.cn'];
/** AWS and GCP Databricks domains (commercial and GovCloud). */
const OTHER_SUFFIXES = ['.cloud.databricks.com', '.cloud.databricks.us', '.gcp.databricks.com'];

export class HostError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/**
 * Normalises a workspace URL to its origin (`https://host[:port]`).
 * A bare host name gets `https://`; a path, query or fragment is dropped only
 * when it is the usual `/` or `/?o=<workspace id>` that users copy from the browser.
 */
export function normalizeHost(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') {
    throw new HostError(input, 'The workspace URL is empty. Set it to your workspace address, e.g. https://adb-1234567890123456.7.azuredatabricks.net');
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new HostError(input, `"${input}" is not a URL. Use the workspace address, e.g. https://adb-1234567890123456.7.azuredatabricks.net`);
  }
  if (url.protocol !== 'https:') {
    throw new HostError(input, `"${input}" does not use https. Tokens are only sent over https: use https://${url.host}`);
  }
  if (url.username || url.password) {
    throw new HostError(input, `"${input}" contains a user name or password. Remove them: sign-in happens through Entra ID.`);
  }
  const pathOk = url.pathname === '/' || url.pathname === '';
  const queryOk = url.search === '' || /^\?o=\d+$/.test(url.search);
  if (!pathOk || !queryOk || url.hash) {
    throw new HostError(input, `"${input}" has a path. Use only the workspace address: ${url.origin}`);
  }
  return url.origin;
}

function hostnameOf(origin: string): string {
  return new URL(origin).hostname.toLowerCase();
}

export function isAzureDatabricksHost(origin: string): boolean {
  const name = hostnameOf(origin);
  return AZURE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

export function isDatabricksHost(origin: string): boolean {
  const name = hostnameOf(origin);
  return isAzureDatabricksHost(origin) || OTHER_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/**
 * Tokens go only to Databricks domains or to hosts the user configured in a
 * place they control (user settings, flags, environment), never to a host that
 * only an opened folder's settings named.
 */
export function mayReceiveTokens(origin: string, trustedHosts: readonly string[]): boolean {
  return isDatabricksHost(origin) || trustedHosts.includes(origin);
}
