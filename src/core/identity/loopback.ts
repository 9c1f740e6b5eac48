/**
 * The loopback redirect for the browser sign-in: an HTTP server on 127.0.0.1
 * only, for one answer that carries the state we sent (others are refused and
 * ignored), closed afterwards.
 * It takes both query responses (GET) and form_post (POST).
 */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { AccessLensError, CancelledError } from '../errors';

export interface LoopbackResult {
  readonly code: string;
  /** Every parameter of the answer (code, state, and `iss` from providers that send it, RFC 9207). */
  readonly params: URLSearchParams;
}

export interface LoopbackServer {
  /**
   * `http://localhost:<port>/` (Entra matches `http://localhost` registrations on any port) or
   * `http://127.0.0.1:<port>/` (RFC 8252's loopback IP literal, which standard OIDC providers match on any port).
   */
  readonly redirectUri: string;
  /** Resolves with the code, or rejects with the provider's error, a timeout or a cancellation. Answers with another state are ignored. */
  readonly result: Promise<LoopbackResult>;
  close(): void;
}

const PAGE = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:system-ui,sans-serif;margin:4em auto;max-width:36em;color:#222}h1{font-size:1.4em}</style></head><body><h1>${title}</h1><p>${body}</p></body></html>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface LoopbackOptions {
  readonly state: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly redirectHost?: 'localhost' | '127.0.0.1';
  /**
   * A fixed port, for clients registered with one redirect URI (Databricks' `databricks-cli`:
   * http://localhost:8020, docs/facts.md); default any free port. A taken port rejects with Node's EADDRINUSE.
   */
  readonly port?: number;
  /** Leave the trailing slash off the redirect URI, when the registration has none. */
  readonly bareRedirect?: boolean;
}

export async function startLoopback(options: LoopbackOptions): Promise<LoopbackServer> {
  let settle: { resolve: (r: LoopbackResult) => void; reject: (e: Error) => void } | undefined;
  const result = new Promise<LoopbackResult>((resolve, reject) => (settle = { resolve, reject }));
  // Callers await `result`; this keeps a close() nobody waits for from crashing the process.
  result.catch(() => undefined);
  let done = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/' || done) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const collect = req.method === 'POST' ? readForm(req) : Promise.resolve(url.searchParams);
    void collect.then((params) => {
      if (!params.has('code') && !params.has('error')) {
        res.writeHead(400, { 'content-type': 'text/html' }).end(PAGE('Access Lens', 'Waiting for the sign-in answer.'));
        return;
      }
      if (params.get('state') !== options.state) {
        // Any page the user visits can post to this port (a blind cross-site form): a wrong state
        // is refused and ignored, and the real answer can still arrive until the timeout.
        res.writeHead(400, { 'content-type': 'text/html' }).end(PAGE('Sign-in refused', 'This answer does not belong to the sign-in Access Lens started, so it was ignored. Finish the sign-in in the tab Access Lens opened, or start it again from VS Code or the terminal.'));
        return;
      }
      done = true;
      const error = params.get('error');
      if (error) {
        const description = params.get('error_description') ?? error;
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE('Sign-in failed', `${escapeHtml(description)}<br><br>Return to VS Code or the terminal for what to do.`));
        finish(new AccessLensError('SIGN_IN_FAILED', `${error}: ${description}`, ['signIn']));
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE('Signed in', 'Access Lens has your sign-in. You can close this tab.'));
        finish(undefined, { code: params.get('code') ?? '', params });
      }
    });
  });

  const timer = setTimeout(() => finish(new AccessLensError('SIGN_IN_TIMEOUT', `No sign-in answer arrived within ${Math.round(options.timeoutMs / 1000)} s. Start the sign-in again, or use the device code.`, ['signIn'])), options.timeoutMs);
  const onAbort = (): void => finish(new CancelledError('Sign-in cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(error?: Error, value?: LoopbackResult): void {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    server.close();
    server.closeAllConnections?.();
    if (error) settle?.reject(error);
    else if (value) settle?.resolve(value);
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    // Nothing listens: the timer and the abort listener must not outlive the failed start.
    finish(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://${options.redirectHost ?? 'localhost'}:${port}${options.bareRedirect ? '' : '/'}`, result, close: () => finish(new CancelledError('Sign-in closed')) };
}

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 64 * 1024) chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
  });
}
