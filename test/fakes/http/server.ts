// The HTTPS listener both fakes run on: binds one loopback address only (127.0.0.1
// unless told otherwise), records every
// request in the shared log, routes, and turns handler crashes into a 500
// that says what broke (a fake that hides its own bugs wastes test time).
import type * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestLog, ServerName } from '../requestLog';
import { BadRequest, createContext, type RequestContext, type Router } from './router';
import { sendJson } from './respond';
import type { TLSSocket } from 'node:tls';

export interface FakeServerOptions {
  name: ServerName;
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
  const server = https.createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    res.on('close', () => {
      options.log.record({
        server: options.name,
        method: req.method ?? 'GET',
        path: url.pathname,
        queryKeys: [...new Set(url.searchParams.keys())],
        remoteAddress: req.socket.remoteAddress ?? '',
        status: res.statusCode,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        connectionOpenedAt: openedAt.get(peer(req.socket)),
        sessionReused: (req.socket as TLSSocket).isSessionReused(),
      });
    });
    void dispatch(options, req, res, url);
  });
  server.on('connection', (socket: { remoteAddress?: string; remotePort?: number; once(event: 'close', listener: () => void): void }) => {
    const key = peer(socket);
    openedAt.set(key, Date.now());
    socket.once('close', () => openedAt.delete(key));
  });
  // Keep-alive sockets from clients would otherwise hold close() open.
  server.keepAliveTimeout = 5_000;
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
        server.closeAllConnections();
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
