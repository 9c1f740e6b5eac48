// A small HTTPS client for tests against the sandbox: trusts the sandbox CA
// only, never follows redirects (tests look at them), returns text and JSON.
import * as fs from 'node:fs';
import * as https from 'node:https';

export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface TestRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; an object as a form (URLSearchParams) unless `asJson`. */
  body?: string | Record<string, string>;
  asJson?: unknown;
  bearer?: string;
}

const agents = new Map<string, https.Agent>();

/** One keep-alive-free agent per CA file, so tests do not hold sockets open after stop(). */
export function agentFor(caPath: string): https.Agent {
  let agent = agents.get(caPath);
  if (!agent) {
    agent = new https.Agent({ ca: fs.readFileSync(caPath), keepAlive: false });
    agents.set(caPath, agent);
  }
  return agent;
}

export function request(caPath: string, url: string, req: TestRequest = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  let body: string | undefined;
  if (req.asJson !== undefined) {
    body = JSON.stringify(req.asJson);
    headers['content-type'] = 'application/json';
  } else if (typeof req.body === 'string') {
    body = req.body;
  } else if (req.body) {
    body = new URLSearchParams(req.body).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (req.bearer) headers.authorization = `Bearer ${req.bearer}`;
  return new Promise((resolve, reject) => {
    const r = https.request(url, { method: req.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: agentFor(caPath) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    if (body !== undefined) r.write(body);
    r.end();
  });
}
