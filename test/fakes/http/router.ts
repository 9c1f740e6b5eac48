// A small path router: the fakes have a few dozen routes, not worth a
// framework dependency. Patterns are literal segments and `:name` captures.
import type * as http from 'node:http';

export interface RequestContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** The raw body, read once and cached. */
  body(): Promise<Buffer>;
  /** An application/x-www-form-urlencoded body. */
  form(): Promise<URLSearchParams>;
  /** A JSON body; `{}` when empty. Throws BadRequest on malformed JSON. */
  json(): Promise<unknown>;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export class BadRequest extends Error {}

export class Router {
  private readonly routes: Route[] = [];

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler);
  }

  delete(pattern: string, handler: Handler): this {
    return this.add('DELETE', pattern, handler);
  }

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = split(pathname);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    let a: string;
    try {
      a = decodeURIComponent(actual[i]!);
    } catch {
      return null;
    }
    if (p.startsWith(':')) params[p.slice(1)] = a;
    else if (p !== a) return null;
  }
  return params;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function createContext(req: http.IncomingMessage, res: http.ServerResponse, url: URL, params: Record<string, string>): RequestContext {
  let cached: Promise<Buffer> | undefined;
  const body = (): Promise<Buffer> => {
    cached ??= new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) reject(new BadRequest('request body too large'));
        else chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    return cached;
  };
  return {
    req,
    res,
    url,
    params,
    body,
    form: async () => new URLSearchParams((await body()).toString('utf8')),
    json: async () => {
      const text = (await body()).toString('utf8').trim();
      if (text === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new BadRequest('request body is not valid JSON');
      }
    },
  };
}
