/**
 * Our own HTTPS client on node:https. We do not use the global fetch because
 * inside the VS Code extension host it ignores NODE_EXTRA_CA_CERTS (docs/facts.md),
 * and msal-node 5+ dropped its proxy option; this client trusts the extra CAs,
 * goes through proxies with CONNECT, and puts a timeout on every request.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { Socket } from 'node:net';
import { ProxySettings, proxyFor } from './proxy';
import { uniquePems } from './systemCas';
import { abortError, deadline, untilAborted } from './deadline';
import { WarmingAgent } from './warmSockets';
import { DirectRoutes } from './directRoute';
import { Http2Sessions } from './http2Sessions';
import { NetworkError, networkFailure } from './networkError';
import type { HttpRequest, HttpResponse } from './httpTypes';

export type { HttpRequest, HttpResponse } from './httpTypes';
export { NetworkError } from './networkError';

export interface HttpsClientOptions extends ProxySettings {
  /** Extra PEM certificates on top of Node's roots (e.g. from NODE_EXTRA_CA_CERTS or the OS store). */
  readonly extraCaPem?: readonly string[];
  /**
   * VS Code's `http.proxyStrictSSL`. `false` skips certificate checks on requests that go through a
   * proxy (the proxy's own, and the server's inside the tunnel), as VS Code does; direct requests
   * are always checked.
   */
  readonly proxyStrictSSL?: boolean;
  /** VS Code's `http.proxyAuthorization`: the Proxy-Authorization value, used when the proxy URL carries no user. */
  readonly proxyAuthorization?: string;
  readonly defaultTimeoutMs?: number;
  readonly maxResponseBytes?: number;
  /**
   * HTTP/2 where the server offers it, on direct connections (http2Sessions.ts); default true.
   * False (ACCESS_LENS_HTTP2=off) keeps every request on HTTP/1.1.
   */
  readonly http2?: boolean;
  /**
   * True in VS Code's extension host unless `http.proxySupport` is off: VS Code's proxy resolution
   * decides where a request goes (directRoute.ts), so HTTP/2, which it does not see, is used for a
   * host only while its last answer there was DIRECT.
   */
  readonly resolvedByVsCode?: boolean;
}

/**
 * How long a burst to a host lasts: from its first request, or from the next warming asked for
 * there (a listing begins). Within it, HTTP/2 carries what no idle keep-alive connection takes;
 * after it, keep-alive connections are warmed and opened as needed (http2Sessions.ts).
 */
const BURST_MS = 1_000;

/**
 * Keep-alive connections warmed when a burst ends, at most: the long run is paced (a hundred reads
 * a second at 50 ms is five at once), and requests open more as they need them. Warming the burst's
 * whole width (the permission reads' 50) finished some fifty TLS handshakes together a second into
 * every fill, one of the extension host's longest stalls (host-fill bench, 93-96 ms at 1.1-1.3 s).
 */
const LONG_RUN_WARM = 8;

/** Where a URL points: the host without IPv6 brackets (as sockets take it), the port, and `host:port` as the URL writes it (the key of directRoute.ts and of bursts). */
function endpoint(url: URL): { hostname: string; port: number; origin: string } {
  const port = Number(url.port || 443);
  return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port, origin: `${url.hostname}:${port}` };
}

/** Reads the file named by NODE_EXTRA_CA_CERTS, if any: Node reads it only at start, and fetch not at all. */
export function extraCasFromEnv(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}

export type HttpsClient = ((request: HttpRequest) => Promise<HttpResponse>) & {
  /**
   * Opens up to `count` connections to `origin` ahead of a burst of requests there (warmSockets.ts);
   * none through a proxy. Sends nothing: the caller calls it only for a host it is sending to.
   */
  readonly preconnect?: (origin: string, count: number) => void;
};

export function createHttpsClient(options: HttpsClientOptions = {}): HttpsClient {
  const ca = uniquePems([...tls.rootCertificates, ...(options.extraCaPem ?? [])]);
  // One secure context and one keep-alive agent per client. Passing `ca` with every request would
  // parse every root certificate again for each new connection and key the global agent's pool on
  // the whole list: at a few ms of CPU per handshake, the first screenful of 50 permission reads paid
  // for 50 context builds before its first byte (issue 4's first-50 target).
  const secureContext = tls.createSecureContext({ ca });
  const agent = new WarmingAgent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo' }, secureContext);
  const direct = new DirectRoutes();
  const h2 = options.http2 === false ? undefined : new Http2Sessions(secureContext, agent);
  /** Whether a request to `hostname:port` with no proxy of ours may take HTTP/2. */
  const mayUseHttp2 = (origin: string): boolean => h2 !== undefined && (!options.resolvedByVsCode || direct.holds(origin));
  /** Per host: until when its current burst lasts. */
  const bursts = new Map<string, number>();
  const inBurst = (origin: string): boolean => {
    const until = bursts.get(origin) ?? bursts.set(origin, Date.now() + BURST_MS).get(origin)!;
    return until > Date.now();
  };
  const defaultTimeout = options.defaultTimeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? 50 * 1024 * 1024;

  const client = async (request: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(request.url);
    if (url.protocol !== 'https:') throw new NetworkError(`Refusing to send a request over ${url.protocol} to ${url.host}: only https is used.`);
    const timeoutMs = request.timeoutMs ?? defaultTimeout;
    const timer = deadline(timeoutMs);
    try {
      return await send(request, url, timeoutMs, timer.signal);
    } finally {
      timer.clear();
    }
  };
  const preconnect = (target: string, count: number): void => {
    const url = new URL(target);
    if (url.protocol !== 'https:' || proxyFor(url, options)) return;
    const { hostname, port, origin } = endpoint(url);
    // Over HTTP/2 one connection carries the burst; the HTTP/1.1 pool is warmed only when the server answers HTTP/1.1.
    const warm = (): void => {
      const session = h2 && mayUseHttp2(origin) ? h2.session(hostname, port) : undefined;
      if (!session) return agent.preconnect(hostname, port, count);
      // HTTP/2 carries the burst; keep-alive connections for the long run that follows are opened
      // once the burst has had its answers (http2Sessions.ts, on what a request costs on each).
      bursts.set(origin, Date.now() + BURST_MS);
      const later = (): void => void setTimeout(() => agent.preconnect(hostname, port, Math.min(count, LONG_RUN_WARM)), BURST_MS).unref();
      if (session instanceof Promise) void session.then((s) => (s ? later() : agent.preconnect(hostname, port, count)));
      else later();
    };
    // In VS Code, before its proxy resolution has answered for the host: whether warming is HTTP/1.1's
    // or HTTP/2's one connection depends on that answer, so it waits for it.
    if (h2 && options.resolvedByVsCode && !direct.holds(origin)) direct.afterAnswer(origin, warm);
    else warm();
  };
  return Object.assign(client, { preconnect });

  async function send(request: HttpRequest, url: URL, timeoutMs: number, expiry: AbortSignal): Promise<HttpResponse> {
    const signal = request.signal ? AbortSignal.any([request.signal, expiry]) : expiry;
    const proxy = proxyFor(url, options);
    const verify = !proxy || options.proxyStrictSSL !== false;
    const socket = proxy ? await tunnel(proxy, url, signal, { ca, verify, authorization: options.proxyAuthorization }) : undefined;
    const { hostname, port, origin } = endpoint(url);
    // In a burst, HTTP/2 for what would otherwise open a connection; an idle keep-alive one is cheaper
    // still (http2Sessions.ts). The burst is asked first: after it, no request scans the agent's pools.
    if (!proxy && h2 && mayUseHttp2(origin) && inBurst(origin) && !agent.idle(hostname, port)) {
      const found = h2.session(hostname, port);
      const session = found instanceof Promise ? await untilAborted(found, signal, (error) => networkFailure(error, url, timeoutMs, expiry)) : found;
      if (session) return h2.send(session, request, url, signal, maxBytes, (error) => networkFailure(error, url, timeoutMs, expiry));
    }

    return new Promise<HttpResponse>((resolve, reject) => {
      const requestOptions: https.RequestOptions = {
        method: request.method,
        // Said outright although https.request assumes it: inside VS Code's extension host the
        // proxy patch's agent (agent-base) otherwise tells https from http by capturing and
        // scanning a stack trace, for every request (docs/architecture.md, "100,000 objects").
        protocol: 'https:',
        hostname,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        // Keep-alive said outright on our pooled sockets: VS Code's proxy patch hands every request
        // a fresh agent without keepAlive, so Node would send Connection: close and each request
        // paid a new TLS handshake (microsoft/vscode#173861; docs/architecture.md, "100,000 objects").
        // Only a request to the server: VS Code's proxy resolution still runs, and a proxy in
        // between still decides. Not on our own tunnel, whose socket no agent would take back.
        headers: { ...(socket ? {} : { connection: 'keep-alive' }), ...(request.headers ?? {}), ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
        // Through a proxy: no agent at all, since Node uses createConnection only then (with
        // `agent: false` it makes a fresh agent that dials the target itself, around the tunnel).
        ...(socket ? { createConnection: () => tls.connect({ socket, servername: url.hostname, secureContext, rejectUnauthorized: verify }) } : { agent, secureContext }),
      };
      const answered = (res: http.IncomingMessage): void => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy(new NetworkError(`${url.host} sent more than ${maxBytes} bytes; the answer was dropped.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => reject(networkFailure(error, url, timeoutMs, expiry)));
      };
      // Our own tunnel goes through https.request as it is; a direct request may go around VS Code's
      // proxy patch while its resolver's last answer for the host was DIRECT (directRoute.ts).
      const { req, around } = socket ? { req: https.request(requestOptions, answered), around: false } : direct.request(origin, requestOptions, answered);
      req.on('error', (error) => {
        if (around) direct.forget(origin);
        reject(networkFailure(error, url, timeoutMs, expiry));
      });
      // The signal is watched here rather than passed to https.request, whose handling of it
      // (addAbortSignal and end-of-stream listeners) allocated about 3 KB per request: 5% of what
      // the extension host allocated filling 100,000 objects. Same outcome: an AbortError.
      const abort = (): void => void req.destroy(abortError(signal));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      req.once('close', () => signal.removeEventListener('abort', abort));
      if (request.body !== undefined) req.write(request.body);
      req.end();
    });
  }
}

interface TunnelOptions {
  readonly ca: string[];
  /** false only with http.proxyStrictSSL: false. */
  readonly verify: boolean;
  readonly authorization?: string;
}

function proxyAuthorization(proxy: URL, fallback: string | undefined): string | undefined {
  if (proxy.username) return `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
  return fallback || undefined;
}

/**
 * A 407 says what to change: where credentials go, whether ours were refused, and, when the proxy
 * wants only Negotiate/NTLM (which we cannot answer), that an exception for the host is the way out.
 * The proxy is named by host:port only: its URL may carry a password.
 */
export function proxyAuthMessage(proxyHost: string, targetHost: string, sentCredentials: boolean, authenticate: string | string[] | undefined): string {
  const offered = (Array.isArray(authenticate) ? authenticate : authenticate ? [authenticate] : []).map((v) => v.trim().split(/\s+/)[0] ?? '').filter(Boolean);
  const basic = offered.length === 0 || offered.some((scheme) => scheme.toLowerCase() === 'basic');
  const what = sentCredentials ? 'refused the proxy credentials given' : 'needs proxy credentials';
  const fix = basic
    ? `Put the user and password in the proxy URL (http://USER:PASSWORD@${proxyHost}, special characters percent-encoded) in http.proxy or HTTPS_PROXY, or set http.proxyAuthorization in VS Code${sentCredentials ? '; check that they are right' : ''}.`
    : `It asks for ${offered.join(', ')}, which Access Lens cannot answer (it sends Basic credentials only): ask for ${targetHost} to be reachable without proxy authentication, or list it in NO_PROXY / http.noProxy if it is reachable directly.`;
  return `The proxy ${proxyHost} ${what} to open a tunnel to ${targetHost} (HTTP 407 Proxy Authentication Required). ${fix}`;
}

/** Opens a CONNECT tunnel through an HTTP(S) proxy to the target's host and port. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal, options: TunnelOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const authorization = proxyAuthorization(proxy, options.authorization);
    const port = target.port || '443';
    const req = (proxy.protocol === 'https:' ? https : http).request({
      method: 'CONNECT',
      hostname: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      path: `${target.hostname}:${port}`,
      headers: { host: `${target.hostname}:${port}`, ...(authorization ? { 'proxy-authorization': authorization } : {}) },
      signal,
      ...(proxy.protocol === 'https:' ? { ca: options.ca, rejectUnauthorized: options.verify } : {}),
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        const code = res.statusCode === 407 ? 'PROXY_AUTH_REQUIRED' : undefined;
        const message =
          res.statusCode === 407
            ? proxyAuthMessage(proxy.host, target.host, authorization !== undefined, res.headers['proxy-authenticate'])
            : `The proxy ${proxy.host} refused the tunnel to ${target.host} (HTTP ${res.statusCode}). Check http.proxy or HTTPS_PROXY and its credentials.`;
        reject(new NetworkError(message, { code }));
      }
    });
    req.on('error', (error) => reject(new NetworkError(`Could not reach the proxy ${proxy.host} (${(error as NodeJS.ErrnoException).code ?? error.message}). Check http.proxy or HTTPS_PROXY.`, { cause: error })));
    req.end();
  });
}
