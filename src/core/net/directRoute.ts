/**
 * Requests around VS Code's proxy patch, for a host its proxy resolution has just sent direct
 * (docs/architecture.md, "100,000 objects").
 *
 * Inside the extension host VS Code replaces `https.request` (@vscode/proxy-agent, with
 * `http.proxySupport` at its default `override`). For every request the patch reads VS Code's
 * configuration several times, resolves the proxy, loads the system certificates, and hands the
 * request a fresh agent: filling 100,000 objects, that was 22% of the extension host's CPU, and
 * its garbage a good part of the host's collections. For a direct route, the patch's agent then
 * connects through Node's global agent, so our own agent's pool and warm connections
 * (warmSockets.ts) went unused for every host but loopback.
 *
 * The patch tells each request where it went: it emits `proxy` on the request with the resolver's
 * answer (`{ proxy: 'DIRECT' }`, or `'PROXY host:port'` and the like). When it says DIRECT for a
 * host, the next requests there for a short while are built with `http.ClientRequest` and our
 * agent, which is what the unpatched `https.request` does; after that, one request goes through
 * the patch again and its answer decides anew. So a proxy the resolver starts to name (a VPN
 * coming up, a PAC file that changes) is followed within `DIRECT_FOR_MS`. Any answer but DIRECT,
 * or no answer at all (outside VS Code, or `http.proxySupport: off`), keeps requests on
 * `https.request` as before. Trust is the same on both paths: our requests carry their own secure
 * context (httpsClient.ts), which the patch's certificates do not replace.
 */
import * as http from 'node:http';
import * as https from 'node:https';

/** How long a DIRECT answer holds for a host before one request asks the patch again. */
const DIRECT_FOR_MS = 30_000;

type Request = (options: https.RequestOptions, callback: (res: http.IncomingMessage) => void) => http.ClientRequest;

/** `https.request` without the patch: Node's own `https.request` is this, with its global agent as the default. */
const around: Request = (options, callback) => new http.ClientRequest({ ...options, _defaultAgent: https.globalAgent } as http.ClientRequestArgs, callback);

export class DirectRoutes {
  /** Per `host:port`: until when VS Code's last answer (DIRECT) holds. */
  private readonly until = new Map<string, number>();
  /** Per `host:port`: who waits for the next answer there (whether it was DIRECT). */
  private readonly waiting = new Map<string, ((direct: boolean) => void)[]>();
  /** Hosts whose expired DIRECT answer one request is asking the patch about again. */
  private readonly asking = new Set<string>();

  constructor(
    private readonly forMs = DIRECT_FOR_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sends through the patch, or around it while a DIRECT answer for `origin` holds. `around` is true
   * when it went around: the caller then reports a failed connection with `forget`.
   */
  request(origin: string, options: https.RequestOptions, callback: (res: http.IncomingMessage) => void): { req: http.ClientRequest; around: boolean } {
    if (this.holds(origin)) return { req: around(options, callback), around: true };
    const req = https.request(options, callback);
    if (this.until.has(origin)) {
      // The DIRECT answer expired: this request asks again, and the others keep to it meanwhile.
      this.asking.add(origin);
      req.once('close', () => this.asking.delete(origin));
    }
    req.on('proxy', (event: { proxy?: unknown; error?: unknown } | undefined) => {
      this.asking.delete(origin);
      const direct = event?.error === undefined && typeof event?.proxy === 'string' && event.proxy.trim().toUpperCase() === 'DIRECT';
      if (direct) this.until.set(origin, this.now() + this.forMs);
      else this.until.delete(origin);
      const waiting = this.waiting.get(origin);
      this.waiting.delete(origin);
      for (const then of waiting ?? []) then(direct);
    });
    return { req, around: false };
  }

  /**
   * Whether VS Code's last answer for `origin` (DIRECT) still holds: within its time, or past it while
   * one request asks the patch again (so the others do not all go through the patch meanwhile, each
   * on a connection of its own). Such a host may take HTTP/2 (http2Sessions.ts).
   */
  holds(origin: string): boolean {
    const until = this.until.get(origin);
    return until !== undefined && (until > this.now() || this.asking.has(origin));
  }

  /**
   * Calls `then` with VS Code's next answer for `origin` (whether it was DIRECT), or at once while a
   * DIRECT answer holds. Nothing calls it where no patch answers.
   */
  afterAnswer(origin: string, then: (direct: boolean) => void): void {
    if (this.holds(origin)) return then(true);
    this.waiting.set(origin, [...(this.waiting.get(origin) ?? []), then]);
  }

  /** After a request around the patch failed: the next one asks VS Code's resolver again. */
  forget(origin: string): void {
    this.until.delete(origin);
    this.asking.delete(origin);
  }
}
