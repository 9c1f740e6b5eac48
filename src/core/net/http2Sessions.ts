/**
 * HTTP/2 to a workspace that offers it (docs/architecture.md, "First screen"). The first
 * screenful of permission reads is a burst of 50 requests: over HTTP/1.1 each needs its own
 * connection, and even resumed, each TLS handshake cost the client about half a millisecond of
 * CPU (session parsing and key exchange), which put the 50th verdict a round trip later than the
 * network alone would. Over HTTP/2 the burst shares one connection.
 *
 * The server chooses: the first connection to a host offers `h2` and `http/1.1` (ALPN). When the
 * server picks HTTP/1.1 (or says nothing), the connection goes to the HTTP/1.1 agent as a warm
 * socket and the host is remembered as HTTP/1.1 for a while, so nothing is lost but that one
 * question. Only direct connections: never through a proxy (ours, or the one VS Code's resolver
 * names), which is for the caller to decide.
 *
 * HTTP/2 is for what would otherwise open a connection, and an idle keep-alive HTTP/1.1
 * connection still takes a request first: the client's warming opens those a second after a
 * burst began (httpsClient.ts). Node's HTTP/2 client costs more per request than a keep-alive
 * request: `ClientHttp2Session.request` binds an `AsyncResource`, whose `bind` (Node 20 to 24)
 * wraps two deprecation shims per call (DEP0172), each a new function with its own prototype, so
 * about 2 KB and two hidden classes per request that only a full collection frees. Filling
 * 100,000 objects over HTTP/2 alone, the heap peaked at +206 MB against +89 MB over HTTP/1.1
 * (the same fill with that `bind` made cheap peaked at +51 MB against +43 MB for 40,000).
 */
import * as http2 from 'node:http2';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { abortError } from './deadline';
import { NetworkError } from './networkError';
import type { HttpRequest, HttpResponse } from './httpTypes';
import type { WarmingAgent } from './warmSockets';

/** How long a host that answered HTTP/1.1 is not asked again. */
const HTTP1_FOR_MS = 10 * 60_000;
/** How long the first connection's handshake may take before the requests waiting on it go the HTTP/1.1 way. */
const PROBE_TIMEOUT_MS = 10_000;
/** How many times a request the server refused before processing it (REFUSED_STREAM) is sent again. */
const MAX_REFUSED = 3;
/** An idle session is closed after this long without frames (servers close theirs after a while too). */
const IDLE_MS = 30_000;

/** Flow-control windows: per stream (any one answer) and for the connection (all answers in flight). */
const STREAM_WINDOW = 4 * 1024 * 1024;
const CONNECTION_WINDOW = 16 * 1024 * 1024;

/** Request headers that HTTP/2 forbids (RFC 9113 §8.2.2): Node would throw on them. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

type State = { readonly kind: 'probing'; readonly ready: Promise<http2.ClientHttp2Session | undefined> } | { readonly kind: 'h2'; readonly session: http2.ClientHttp2Session } | { readonly kind: 'h1'; readonly until: number };

export class Http2Sessions {
  private readonly states = new Map<string, State>();
  /** Requests in flight per session. */
  private readonly active = new WeakMap<http2.ClientHttp2Session, number>();

  constructor(
    private readonly secureContext: tls.SecureContext,
    private readonly agent: WarmingAgent,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The HTTP/2 session to `hostname:port`, once the server's answer is known; undefined when the host
   * speaks HTTP/1.1 only, or the first connection failed (the request then goes the HTTP/1.1 way and
   * reports its own error). Opens the first connection when none is known.
   */
  session(hostname: string, port: number): http2.ClientHttp2Session | Promise<http2.ClientHttp2Session | undefined> | undefined {
    const key = `${hostname}:${port}`;
    const state = this.states.get(key);
    if (state?.kind === 'h2') return state.session;
    if (state?.kind === 'probing') return state.ready;
    if (state?.kind === 'h1' && state.until > this.now()) return undefined;
    const ready = this.probe(hostname, port, key);
    this.states.set(key, { kind: 'probing', ready });
    return ready;
  }

  private probe(hostname: string, port: number, key: string): Promise<http2.ClientHttp2Session | undefined> {
    return new Promise((resolve) => {
      const socket = tls.connect({ host: hostname, port, secureContext: this.secureContext, ALPNProtocols: ['h2', 'http/1.1'], ...(isIP(hostname) ? {} : { servername: hostname }) });
      const failed = (): void => {
        socket.destroy();
        this.states.delete(key);
        resolve(undefined);
      };
      socket.once('error', failed);
      // A handshake that does not finish: the requests go the HTTP/1.1 way, which has their deadlines.
      socket.setTimeout(PROBE_TIMEOUT_MS, failed);
      socket.once('secureConnect', () => {
        socket.off('error', failed);
        socket.setTimeout(0);
        if (socket.alpnProtocol !== 'h2') {
          this.states.set(key, { kind: 'h1', until: this.now() + HTTP1_FOR_MS });
          this.agent.adopt(socket, key);
          resolve(undefined);
          return;
        }
        // Flow-control windows as browsers and Go's client set them: with HTTP/2's default 64 KB for the
        // whole connection, one 73 KB list page (100 clusters) stalled every answer behind it until
        // this end said it had read it.
        const authority = isIP(hostname) === 6 ? `[${hostname}]:${port}` : key;
        const session = http2.connect(`https://${authority}`, { createConnection: () => socket, settings: { initialWindowSize: STREAM_WINDOW } });
        session.once('connect', () => session.setLocalWindowSize(CONNECTION_WINDOW));
        const state = { kind: 'h2' as const, session };
        const gone = (): void => {
          if (this.states.get(key) === state) this.states.delete(key);
        };
        // A session that closes, is told to go away, or fails is dropped; the next request opens a new one.
        session.once('close', gone).once('goaway', gone).on('error', gone);
        session.setTimeout(IDLE_MS, () => session.close());
        // Requests wait for the server's settings, which come with its first flight after the
        // handshake: sent before them, streams past its limit on streams at once were refused.
        // Until then the host stays in 'probing', so every request waits for them here.
        let done = false;
        const settled = (): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          if (session.destroyed || session.closed) {
            this.states.delete(key);
            return resolve(undefined);
          }
          this.states.set(key, state);
          // Held open until now by the handshake's socket; from here only a request in flight holds it.
          if (!this.active.get(session)) session.unref();
          resolve(session);
        };
        const timer = setTimeout(settled, PROBE_TIMEOUT_MS).unref();
        session.once('remoteSettings', settled).once('close', settled);
      });
    });
  }

  /**
   * Sends `request` on `session`. The session holds the process open only while a request is in
   * flight (as a pooled HTTP/1.1 socket does); `maxBytes` bounds the answer.
   */
  send(session: http2.ClientHttp2Session, request: HttpRequest, url: URL, signal: AbortSignal, maxBytes: number, fail: (error: Error) => Error, refused = 0): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      const headers: http2.OutgoingHttpHeaders = { ':method': request.method, ':path': `${url.pathname}${url.search}` };
      for (const [name, value] of Object.entries(request.headers ?? {})) {
        const lower = name.toLowerCase();
        if (!CONNECTION_HEADERS.has(lower)) headers[lower] = value;
      }
      if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(headers, { endStream: request.body === undefined });
      } catch (error) {
        // A session that closed between the lookup and now: transient, as a reset connection is.
        reject(fail(error as Error));
        return;
      }
      this.hold(session, +1);
      const chunks: Buffer[] = [];
      let size = 0;
      let status = 0;
      const answer: Record<string, string> = {};
      stream.on('response', (h) => {
        for (const [name, value] of Object.entries(h)) {
          if (name === ':status') status = Number(value);
          else if (!name.startsWith(':') && value !== undefined) answer[name] = Array.isArray(value) ? value.join(', ') : String(value);
        }
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          stream.close(http2.constants.NGHTTP2_CANCEL);
          reject(new NetworkError(`${url.host} sent more than ${maxBytes} bytes; the answer was dropped.`));
          return;
        }
        chunks.push(chunk);
      });
      // A stream reset before any answer ends with no response, and one reset without an error code
      // (RST_STREAM NO_ERROR) ends as if complete: the length the server announced tells the latter.
      let ended = false;
      stream.on('end', () => {
        // No body follows a HEAD request's answer, a 204 or a 304, whatever length they announce.
        const length = request.method === 'HEAD' || status === 204 || status === 304 ? undefined : answer['content-length'];
        if (!status || (length !== undefined && Number(length) !== size)) return;
        ended = true;
        resolve({ status, headers: answer, body: Buffer.concat(chunks).toString('utf8') });
      });
      // A stream the server refused (REFUSED_STREAM) was not processed: sent again below.
      const refusedHere = (): boolean => !status && stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM && refused < MAX_REFUSED && !signal.aborted;
      stream.on('error', (error) => refusedHere() || reject(fail(error)));
      const abort = (): void => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(fail(abortError(signal)));
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      stream.once('close', () => {
        signal.removeEventListener('abort', abort);
        this.hold(session, -1);
        // After a whole answer nothing is left to do: no error is built (two stack captures per request,
        // a tenth of a first screen's client time before, in the profile of the first 50 verdicts).
        if (ended) return;
        if (refusedHere()) return resolve(this.send(session, request, url, signal, maxBytes, fail, refused + 1));
        // Before it, the stream was reset (the server's RST_STREAM, a session torn down) with or
        // without an answer begun: as a connection cut short, transient.
        reject(fail(Object.assign(new Error(`The stream closed before its answer ended (code ${stream.rstCode}).`), { code: 'ECONNRESET' })));
      });
      if (request.body !== undefined) stream.end(request.body);
    });
  }

  /** Keeps the process alive while `session` has requests in flight, and no longer. */
  private hold(session: http2.ClientHttp2Session, delta: number): void {
    const active = (this.active.get(session) ?? 0) + delta;
    this.active.set(session, active);
    if (active === 1 && delta > 0) session.ref();
    if (active === 0) session.unref();
  }
}
