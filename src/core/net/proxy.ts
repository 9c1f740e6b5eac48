/**
 * Which proxy a request goes through: VS Code's `http.proxy` when given, else
 * HTTPS_PROXY/https_proxy (and ALL_PROXY), minus NO_PROXY. Loopback is never
 * proxied: the sandbox and loopback redirects live there.
 */
export interface ProxySettings {
  /** e.g. VS Code's `http.proxy`; wins over the environment. */
  readonly proxyUrl?: string;
  readonly env?: NodeJS.ProcessEnv;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** NO_PROXY semantics as curl and Go: `*`, exact hosts, domain suffixes with or without a leading dot, optional port. */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (isLoopback(target.hostname)) return true;
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [name = '', entryPort] = entry.split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) continue;
    const suffix = name.startsWith('.') ? name.slice(1) : name.startsWith('*.') ? name.slice(2) : name;
    if (host === suffix || host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

export function proxyFor(target: URL, settings: ProxySettings): URL | undefined {
  const env = settings.env ?? {};
  const noProxy = env.NO_PROXY ?? env.no_proxy;
  if (bypassesProxy(target, noProxy)) return undefined;
  const candidate = settings.proxyUrl || env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy;
  if (!candidate) return undefined;
  try {
    const url = new URL(candidate.includes('://') ? candidate : `http://${candidate}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
