/**
 * A keep-alive agent that can open TLS connections to a host before the requests that need them
 * (docs/architecture.md "First screen"). The first screenful of permission reads is a burst of up
 * to 50 requests right after the first list page: on cold sockets each first pays a TCP and a TLS
 * handshake (two round trips on a real network, and a burst of handshake CPU on both ends). Opened
 * while the list page is in flight, the burst finds them ready. A warm socket carries no request
 * and no token; it is closed unused after a few seconds, and never keeps the process alive.
 *
 * Warm sockets resume the TLS session of a connection already made to the host: they are opened
 * once that connection's session arrives, a few at a time. Fifty full handshakes opened at once
 * cost both ends enough CPU to delay the answers to the first requests themselves (the list page
 * came 25 ms later in the first-screen bench); a resumed handshake skips the certificate's
 * signature and its verification.
 */
import type { Duplex } from 'node:stream';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import * as tls from 'node:tls';

/** Under the usual keep-alive timeouts of servers (Node's 5 s): an older warm socket is likely closed by the other end. */
const WARM_IDLE_MS = 4_000;
/** Warm connections opened per turn of the event loop: answers to the requests in flight get their turns in between. */
const WARM_PER_TURN = 8;
/** How long warming waits for a session to resume before it opens full handshakes anyway. */
const SESSION_WAIT_MS = 250;

/** Request options that change the TLS connection itself: with any of them, the pool key is Node's own. */
const TLS_OPTIONS = ['ca', 'cert', 'clientCertEngine', 'ciphers', 'key', 'pfx', 'rejectUnauthorized', 'minVersion', 'maxVersion', 'secureProtocol', 'crl', 'honorCipherOrder', 'ecdhCurve', 'dhparam', 'secureOptions', 'sessionIdContext', 'sigalgs', 'privateKeyIdentifier', 'privateKeyEngine', 'pskCallback'] as const;

interface Warm {
  readonly socket: tls.TLSSocket;
  /** Takes it out of the warm pool: its timer and listeners go, so a request owns it alone. */
  readonly release: () => void;
}

interface Pending {
  readonly hostname: string;
  readonly port: number;
  readonly count: number;
  readonly timer: NodeJS.Timeout;
}

export class WarmingAgent extends https.Agent {
  private readonly warm = new Map<string, Warm[]>();
  /** The latest TLS session per `host:port`, from any connection this agent made there. */
  private readonly sessions = new Map<string, Buffer>();
  /** Warming asked for before a session to resume was known, per `host:port`. */
  private readonly pending = new Map<string, Pending>();

  constructor(
    options: https.AgentOptions,
    private readonly secureContext: tls.SecureContext,
  ) {
    super(options);
  }

  /**
   * Opens connections to `hostname:port` until this agent holds `count` there (in use, idle in its
   * pool, or warm). Only for a host a request is about to go to: the caller decides that.
   */
  preconnect(hostname: string, port: number, count: number): void {
    const key = `${hostname}:${port}`;
    if (this.sessions.has(key)) return this.openSpread(hostname, port, key, count);
    const earlier = this.pending.get(key);
    if (earlier) clearTimeout(earlier.timer);
    // No session yet: the first connection (a request's, or one warm socket) brings it.
    const timer = setTimeout(() => this.flush(key), SESSION_WAIT_MS).unref();
    this.pending.set(key, { hostname, port, count: Math.max(count, earlier?.count ?? 0), timer });
    if (this.held(key) === 0) this.open(hostname, port, key);
  }

  /** Opens the warming asked for at `key`, now that a session is known (or waiting for one took too long). */
  private flush(key: string): void {
    const pending = this.pending.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    this.openSpread(pending.hostname, pending.port, key, pending.count);
  }

  /**
   * Tops `key` up to `count` connections, WARM_PER_TURN per turn of the event loop, and opens at most
   * as many as were missing at the start: connections that fail at once (a host gone) would otherwise
   * be opened again turn after turn, for ever.
   */
  private openSpread(hostname: string, port: number, key: string, count: number, left = Infinity): void {
    const need = Math.min(left, Math.min(count, this.maxSockets) - this.held(key));
    const now = Math.max(0, Math.min(need, WARM_PER_TURN));
    for (let i = 0; i < now; i++) this.open(hostname, port, key);
    if (need > now) setImmediate(() => this.openSpread(hostname, port, key, count, need - now));
  }

  /** Keeps the connection's TLS session for warm sockets to resume, and releases warming that waited for it. */
  private watchSession(socket: tls.TLSSocket, key: string): void {
    socket.on('session', (session: Buffer) => {
      this.sessions.set(key, session);
      this.flush(key);
    });
  }

  /** Whether a connection to `hostname:port` waits unused, warm or idle in the pool: a request there needs no handshake. */
  idle(hostname: string, port: number): boolean {
    const key = `${hostname}:${port}`;
    if (this.warm.get(key)?.some((w) => !w.socket.destroyed)) return true;
    for (const [name, list] of Object.entries(this.freeSockets)) if (name.startsWith(`${key}:`) && (list?.length ?? 0) > 0) return true;
    return false;
  }

  /** How many connections to `key` are warm, idle or in use (the agent's pools are keyed `host:port:…`). */
  private held(key: string): number {
    let n = this.warm.get(key)?.length ?? 0;
    for (const pool of [this.sockets, this.freeSockets]) {
      for (const [name, list] of Object.entries(pool)) if (name.startsWith(`${key}:`)) n += list?.length ?? 0;
    }
    return n;
  }

  private open(hostname: string, port: number, key: string): void {
    // SNI as a request would send it: none for an IP address.
    const session = this.sessions.get(key);
    const socket = tls.connect({ host: hostname, port, secureContext: this.secureContext, ...(isIP(hostname) ? {} : { servername: hostname }), ...(session ? { session } : {}) });
    this.watchSession(socket, key);
    this.adopt(socket, key);
  }

  /**
   * Takes `socket`, a TLS connection to `key` (`host:port`) that carries no request, into the warm
   * pool: the next request there uses it. For one this agent opened, or the HTTP/2 question's
   * connection when the server answered HTTP/1.1 (http2Sessions.ts).
   */
  adopt(socket: tls.TLSSocket, key: string): void {
    const release = (): void => {
      clearTimeout(timer);
      socket.off('error', failed).off('close', release);
      const rest = this.warm.get(key)?.filter((w) => w.socket !== socket) ?? [];
      if (rest.length) this.warm.set(key, rest);
      else this.warm.delete(key);
    };
    // An idle warm socket that fails, closes or stays unused is simply dropped; a request then opens its own.
    const failed = (): void => {
      release();
      socket.destroy();
    };
    const timer = setTimeout(failed, WARM_IDLE_MS).unref();
    socket.on('error', failed).on('close', release);
    socket.unref();
    this.warm.set(key, [...(this.warm.get(key) ?? []), { socket, release }]);
  }

  /**
   * The pool key: `host:port:localAddress` as Node's http agent names it, and the server name when it
   * differs from the host. Node's https agent appends some twenty TLS option fields to it, several
   * times per request (about 3 KB of strings per request, 5% of what the extension host allocated
   * filling 100,000 objects). Our requests carry none of them, their TLS settings being the agent's
   * one secure context; a request that does carry one gets Node's own key, so it never shares a pool.
   */
  override getName(options: https.RequestOptions = {}): string {
    for (const name of TLS_OPTIONS) if ((options as Record<string, unknown>)[name] !== undefined) return super.getName(options);
    const servername = options.servername && options.servername !== options.host ? options.servername : '';
    return `${http.Agent.prototype.getName.call(this, options)}:${servername}`;
  }

  /** Where the agent would open a new connection: a warm one to the same host and port, else a new one. */
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const key = `${options.host ?? options.hostname}:${options.port}`;
    const entry = this.warm.get(key)?.find((w) => !w.socket.destroyed && w.socket.writable);
    if (!entry) {
      const socket = super.createConnection(options, callback);
      if (socket instanceof tls.TLSSocket) this.watchSession(socket, key);
      return socket;
    }
    entry.release();
    entry.socket.ref();
    return entry.socket;
  }
}
