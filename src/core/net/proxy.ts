/**
 * Which proxy a request goes through: VS Code's `http.proxy` when given, else
 * HTTPS_PROXY/https_proxy (and ALL_PROXY), minus the exceptions: VS Code's
 * `http.noProxy` when it lists any host (then NO_PROXY is ignored, as VS Code's
 * own resolver does), else NO_PROXY. `http.proxySupport: off` sends everything
 * direct. Loopback is never proxied: the sandbox and loopback redirects live there.
 */
export interface ProxySettings {
  /** e.g. VS Code's `http.proxy`; wins over the environment. */
  readonly proxyUrl?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** VS Code's `http.noProxy`: hosts that go direct; when non-empty it replaces NO_PROXY. */
  readonly noProxy?: readonly string[];
  /** VS Code's `http.proxySupport`; `off` turns every proxy off, the environment's too. */
  readonly proxySupport?: 'off' | 'on' | 'override' | 'fallback';
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * NO_PROXY semantics as curl and Go: `*`, exact hosts, domain suffixes with or without a leading dot
 * or `*.`, optional port. A list (VS Code's `http.noProxy`) takes the same entries. No CIDR ranges.
 */
export function bypassesProxy(target: URL, noProxy: string | readonly string[] | undefined): boolean {
  if (isLoopback(target.hostname)) return true;
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const entries = typeof noProxy === 'string' ? noProxy.split(/[\s,]+/) : noProxy.flatMap((e) => e.split(/[\s,]+/));
  for (const raw of entries) {
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
  if (settings.proxySupport === 'off') return undefined;
  const env = settings.env ?? {};
  const configured = (settings.noProxy ?? []).filter((e) => e.trim() !== '');
  const noProxy = configured.length > 0 ? configured : (env.NO_PROXY ?? env.no_proxy);
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
