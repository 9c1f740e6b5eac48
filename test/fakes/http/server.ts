// The HTTPS listener both fakes run on: binds one loopback address only (127.0.0.1
// unless told otherwise), records every
// request in the shared log, routes, and turns handler crashes into a 500
// that says what broke (a fake that hides its own bugs wastes test time).
import type * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestLog, ServerName } from '../requestLog';
import { BadRequest, createContext, type RequestContext, type Router } from './router';
import { sendJson } from './respond';
import type { TLSSocket } from 'node:tls';

export interface FakeServerOptions {
  name: ServerName;
  /** Offer HTTP/2 (ALPN h2) besides HTTP/1.1; default HTTP/1.1 only. */
  http2?: boolean;
  tls: { cert: string; key: string };
  port: number;
  /** The loopback address to bind; default 127.0.0.1. */
  host?: string;
  log: RequestLog;
  routers: Router[];
  /**
   * Runs before the route handler (latency, rate limits, injected faults).
   * Returns true when it has answered the request itself.
   */
  before?: (ctx: RequestContext) => Promise<boolean> | boolean;
  notFound: (ctx: RequestContext) => void;
  badRequest: (ctx: RequestContext, message: string) => void;
}

export interface RunningServer {
  port: number;
  /** `https://<host>:<port>` */
  origin: string;
  close(): Promise<void>;
}

export async function startFakeServer(options: FakeServerOptions): Promise<RunningServer> {
  // When each connection was accepted, by client address and port: tests tell a request on a
  // connection opened ahead from one that opened its own (its handshake may finish later on a busy machine).
  const openedAt = new Map<string, number>();
  const peer = (socket: { remoteAddress?: string; remotePort?: number }) => `${socket.remoteAddress}:${socket.remotePort}`;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    // Read now: over HTTP/2, req.socket stands for the connection only while the stream is open.
    const socket = req.socket as TLSSocket;
    const remoteAddress = socket.remoteAddress ?? '';
    const connectionOpenedAt = openedAt.get(peer(socket));
    const sessionReused = socket.isSessionReused();
    res.on('close', () => {
      options.log.record({
        server: options.name,
        method: req.method ?? 'GET',
        path: url.pathname,
        queryKeys: [...new Set(url.searchParams.keys())],
        remoteAddress,
        status: res.statusCode,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        connectionOpenedAt,
        sessionReused,
        httpVersion: req.httpVersion,
      });
    });
    void dispatch(options, req, res, url);
  };
  // With HTTP/2, Node's compatibility API hands the same handler request and response objects that
  // behave as HTTP/1.1's for everything the fakes use.
  const server = options.http2
    ? http2.createSecureServer({ cert: options.tls.cert, key: options.tls.key, allowHTTP1: true }, handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void)
    : https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler);
  const sockets = new Set<{ destroy(): void }>();
  server.on('connection', (socket: { remoteAddress?: string; remotePort?: number; once(event: 'close', listener: () => void): void }) => {
    const key = peer(socket);
    openedAt.set(key, Date.now());
    sockets.add(socket as unknown as { destroy(): void });
    socket.once('close', () => {
      openedAt.delete(key);
      sockets.delete(socket as unknown as { destroy(): void });
    });
  });
  // Keep-alive sockets from clients would otherwise hold close() open (HTTP/1.1's, also served by the HTTP/2 server).
  (server as { keepAliveTimeout?: number }).keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `https://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function dispatch(options: FakeServerOptions, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  let match = null as ReturnType<Router['match']> | null;
  for (const router of options.routers) {
    const m = router.match(method, url.pathname);
    if (m.kind === 'found') {
      match = m;
      break;
    }
    if (m.kind === 'method-not-allowed' && !match) match = m;
  }
  const ctx = createContext(req, res, url, match?.kind === 'found' ? match.params : {});
  try {
    if (options.before && (await options.before(ctx))) return;
    if (!match || match.kind === 'not-found') return options.notFound(ctx);
    if (match.kind === 'method-not-allowed') {
      return sendJson(res, 405, { error_code: 'BAD_REQUEST', message: `Method ${method} is not allowed; use ${match.allowed.join(', ')}.` }, { allow: match.allowed.join(', ') });
    }
    await match.handler(ctx);
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof BadRequest) return options.badRequest(ctx, err.message);
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    sendJson(res, 500, { error_code: 'INTERNAL_ERROR', message: `The ${options.name} fake crashed: ${message}` });
  }
}
