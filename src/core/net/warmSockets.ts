/**
 * A keep-alive agent that can open TLS connections to a host before the requests that need them
 * (docs/architecture.md "First screen"). The first screenful of permission reads is a burst of up
 * to 50 requests right after the first list page: on cold sockets each first pays a TCP and a TLS
 * handshake (two round trips on a real network, and a burst of handshake CPU on both ends). Opened
 * while the list page is in flight, the burst finds them ready. A warm socket carries no request
 * and no token; it is closed unused after a few seconds, and never keeps the process alive.
 */
import type { Duplex } from 'node:stream';
import * as https from 'node:https';
import { isIP } from 'node:net';
import * as tls from 'node:tls';

/** Under the usual keep-alive timeouts of servers (Node's 5 s): an older warm socket is likely closed by the other end. */
const WARM_IDLE_MS = 4_000;

interface Warm {
  readonly socket: tls.TLSSocket;
  /** Takes it out of the warm pool: its timer and listeners go, so a request owns it alone. */
  readonly release: () => void;
}

export class WarmingAgent extends https.Agent {
  private readonly warm = new Map<string, Warm[]>();

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
    const need = Math.min(count, this.maxSockets) - this.held(key);
    for (let i = 0; i < need; i++) this.open(hostname, port, key);
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
    const socket = tls.connect({ host: hostname, port, secureContext: this.secureContext, ...(isIP(hostname) ? {} : { servername: hostname }) });
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

  /** Where the agent would open a new connection: a warm one to the same host and port, else a new one. */
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const entry = this.warm.get(`${options.host ?? options.hostname}:${options.port}`)?.find((w) => !w.socket.destroyed && w.socket.writable);
    if (!entry) return super.createConnection(options, callback);
    entry.release();
    entry.socket.ref();
    return entry.socket;
  }
}
