/**
 * Settings and environment → the HTTPS client's options, for both front ends:
 * the CLI reads the environment only; the extension adds VS Code's `http.*`
 * settings. No VS Code here, so the mapping is unit-tested without it.
 */
import { HttpsClientOptions, extraCasFromEnv } from './httpsClient';
import { SystemCaOptions, loadSystemCas, switchedOff, systemCertificatesEnabled } from './systemCas';

/** VS Code's `http.*` settings as `getConfiguration('http').get()` returns them (unset → undefined). */
export interface VsCodeHttpSettings {
  readonly proxy?: string;
  readonly proxyStrictSSL?: boolean;
  readonly noProxy?: readonly string[];
  readonly proxySupport?: string;
  readonly proxyAuthorization?: string | null;
  readonly systemCertificates?: boolean;
}

export interface NetworkOptions {
  readonly options: HttpsClientOptions;
  /** Where the trusted certificates came from, for a debug line in the log. */
  readonly notes: string[];
  /** What the user should know (strict SSL off, an unreadable SSL_CERT_FILE), for a warning in the log. */
  readonly warnings: string[];
}

type StoreOverrides = Pick<SystemCaOptions, 'platform' | 'nodeSystemCas' | 'bundles'>;

function trust(env: NodeJS.ProcessEnv, useSystemStore: boolean, store: StoreOverrides): { pems: string[]; notes: string[]; warnings: string[] } {
  const extra = extraCasFromEnv(env);
  if (!useSystemStore) return { pems: extra, notes: ['OS certificate store: off'], warnings: [] };
  const system = loadSystemCas({ env, ...store });
  return { pems: [...system.pems, ...extra], notes: [`OS certificate store: ${system.sources.join(', ') || 'nothing found'}`], warnings: system.problems };
}

/** HTTP/2 where the server offers it, unless ACCESS_LENS_HTTP2=off (httpsClient.ts); a debug note when it is off. */
function http2(env: NodeJS.ProcessEnv, notes: string[]): boolean {
  if (!switchedOff(env.ACCESS_LENS_HTTP2)) return true;
  notes.push('HTTP/2: off (ACCESS_LENS_HTTP2)');
  return false;
}

/** The CLI: Node's roots, the OS store (unless ACCESS_LENS_SYSTEM_CERTIFICATES=false), NODE_EXTRA_CA_CERTS, HTTPS_PROXY/NO_PROXY. */
export function cliNetworkOptions(env: NodeJS.ProcessEnv, store: StoreOverrides = {}): NetworkOptions {
  const { pems, notes, warnings } = trust(env, systemCertificatesEnabled(env), store);
  return { options: { extraCaPem: pems, env, http2: http2(env, notes) }, notes, warnings };
}

const PROXY_SUPPORT = new Set(['off', 'on', 'override', 'fallback']);

/**
 * The extension: as the CLI, plus `http.proxy` (wins over HTTPS_PROXY), `http.noProxy` (replaces
 * NO_PROXY when non-empty), `http.proxySupport: off`, `http.proxyStrictSSL`, `http.proxyAuthorization`
 * and `http.systemCertificates` (false turns the OS store off; so does ACCESS_LENS_SYSTEM_CERTIFICATES).
 */
export function vscodeNetworkOptions(settings: VsCodeHttpSettings, env: NodeJS.ProcessEnv, store: StoreOverrides = {}): NetworkOptions {
  const useSystemStore = settings.systemCertificates !== false && systemCertificatesEnabled(env);
  const { pems, notes, warnings } = trust(env, useSystemStore, store);
  const proxySupport = PROXY_SUPPORT.has(settings.proxySupport ?? '') ? (settings.proxySupport as HttpsClientOptions['proxySupport']) : undefined;
  const proxyStrictSSL = settings.proxyStrictSSL !== false;
  if (!proxyStrictSSL && proxySupport !== 'off') {
    warnings.push('http.proxyStrictSSL is false: certificates are not checked on requests that go through a proxy, so anyone on that path can read your tokens. Add the proxy\'s CA to the OS trust store and set it back to true.');
  }
  return {
    options: {
      extraCaPem: pems,
      env,
      proxyUrl: settings.proxy?.trim() || undefined,
      noProxy: Array.isArray(settings.noProxy) ? settings.noProxy.filter((e): e is string => typeof e === 'string') : undefined,
      proxySupport,
      proxyStrictSSL,
      proxyAuthorization: settings.proxyAuthorization?.trim() || undefined,
      http2: http2(env, notes),
      // VS Code's proxy patch of node:https is on unless proxySupport is off (directRoute.ts).
      resolvedByVsCode: proxySupport !== 'off',
    },
    notes,
    warnings,
  };
}
