/**
 * Our own HTTPS client on node:https. We do not use the global fetch because
 * inside the VS Code extension host it ignores NODE_EXTRA_CA_CERTS (FACTS.md),
 * and msal-node 5+ dropped its proxy option; this client trusts the extra CAs,
 * goes through proxies with CONNECT, and puts a timeout on every request.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { Socket } from 'node:net';
import { AccessLensError } from '../errors/accessLensError';
import { ProxySettings, proxyFor } from './proxy';

export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface HttpsClientOptions extends ProxySettings {
  /** Extra PEM certificates on top of Node's roots (e.g. from NODE_EXTRA_CA_CERTS or the OS store). */
  readonly extraCaPem?: readonly string[];
  readonly defaultTimeoutMs?: number;
  readonly maxResponseBytes?: number;
}

export class NetworkError extends AccessLensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NETWORK', message, ['retry', 'openLog'], options);
    this.name = 'NetworkError';
  }
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

export type HttpsClient = (request: HttpRequest) => Promise<HttpResponse>;

export function createHttpsClient(options: HttpsClientOptions = {}): HttpsClient {
  const ca = [...tls.rootCertificates, ...(options.extraCaPem ?? [])];
  // One secure context and one keep-alive agent per client. Passing `ca` with every request would
  // parse every root certificate again for each new connection and key the global agent's pool on
  // the whole list: at a few ms of CPU per handshake, the first screenful of 50 permission reads paid
  // for 50 context builds before its first byte (issue 4's first-50 target).
  const secureContext = tls.createSecureContext({ ca });
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo' });
  const defaultTimeout = options.defaultTimeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? 50 * 1024 * 1024;

  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== 'https:') throw new NetworkError(`Refusing to send a request over ${url.protocol} to ${url.host}: only https is used.`);
    const timeoutMs = request.timeoutMs ?? defaultTimeout;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    const proxy = proxyFor(url, options);
    const socket = proxy ? await tunnel(proxy, url, signal, ca) : undefined;

    return new Promise<HttpResponse>((resolve, reject) => {
      const req = https.request(
        {
          method: request.method,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || 443,
          path: `${url.pathname}${url.search}`,
          headers: { ...(request.headers ?? {}), ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
          signal,
          ...(socket ? { agent: false, createConnection: () => tls.connect({ socket, servername: url.hostname, secureContext }) } : { agent, secureContext }),
        },
        (res) => {
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
          res.on('error', (error) => reject(wrap(error, url, timeoutMs, deadline)));
        },
      );
      req.on('error', (error) => reject(wrap(error, url, timeoutMs, deadline)));
      if (request.body !== undefined) req.write(request.body);
      req.end();
    });
  };
}

function wrap(error: Error, url: URL, timeoutMs: number, deadline: AbortSignal): Error {
  if (error instanceof NetworkError) return error;
  if (deadline.aborted) return new NetworkError(`${url.host} did not answer within ${timeoutMs / 1000} s. Check the network or proxy and retry.`, { cause: error });
  if (error.name === 'AbortError') return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const hint =
    code === 'ENOTFOUND'
      ? 'The host name does not resolve: check the URL.'
      : code === 'ECONNREFUSED'
        ? 'Nothing listens there: check the URL and port.'
        : /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)
          ? 'Its TLS certificate is not trusted: if your company inspects TLS, point NODE_EXTRA_CA_CERTS at its CA file.'
          : 'Check the network or proxy and retry.';
  return new NetworkError(`Could not reach ${url.host} (${code || error.message}). ${hint}`, { cause: error });
}

/** Opens a CONNECT tunnel through an HTTP(S) proxy to the target's host and port. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal, ca: string[]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const auth = proxy.username ? { 'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` } : {};
    const port = target.port || '443';
    const req = (proxy.protocol === 'https:' ? https : http).request({
      method: 'CONNECT',
      hostname: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      path: `${target.hostname}:${port}`,
      headers: { host: `${target.hostname}:${port}`, ...auth },
      signal,
      ...(proxy.protocol === 'https:' ? { ca } : {}),
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new NetworkError(`The proxy ${proxy.host} refused the tunnel to ${target.host} (HTTP ${res.statusCode}). Check http.proxy or HTTPS_PROXY and its credentials.`));
      }
    });
    req.on('error', (error) => reject(new NetworkError(`Could not reach the proxy ${proxy.host} (${(error as NodeJS.ErrnoException).code ?? error.message}). Check http.proxy or HTTPS_PROXY.`, { cause: error })));
    req.end();
  });
}
