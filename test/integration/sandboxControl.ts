// Talks to the sandbox from inside the extension host: its control API over
// HTTPS (trusting the sandbox CA), and the OS keychain the extension uses.
import * as fs from 'node:fs';
import * as https from 'node:https';

export interface SandboxInfo {
  authority: string;
  tenantId: string;
  clientId: string;
  workspaceHost: string;
  caPath: string;
  controlApi: { entra: string; workspace: string };
  /** Who the sandbox's pages sign in by default. */
  signedInUser: string;
  /** The OpenID Connect provider (oidc-provider), when the harness started it. */
  oidc?: { issuer: string; clientId: string; audience: string };
}

export function sandboxInfo(): SandboxInfo {
  const file = process.env.ACCESS_LENS_SANDBOX_FILE;
  if (!file) throw new Error('ACCESS_LENS_SANDBOX_FILE is not set: run the suite through npm test, which starts the sandbox.');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxInfo;
}

export function control<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const info = sandboxInfo();
  const url = new URL(`${base}/${path}`);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: fs.readFileSync(info.caPath), headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve((text ? JSON.parse(text) : undefined) as T) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  /** `1.1` or `2.0`. */
  httpVersion?: string;
}

export async function requestsSince(base: string, seq: number): Promise<LoggedRequest[]> {
  const log = await control<{ requests?: LoggedRequest[] } | LoggedRequest[]>(base, 'GET', `requests?since=${seq}`);
  return Array.isArray(log) ? log : (log.requests ?? []);
}

export async function lastSeq(base: string): Promise<number> {
  const all = await requestsSince(base, 0);
  return all.reduce((max, r) => Math.max(max, r.seq), 0);
}

interface Keytar {
  findCredentials(service: string): Promise<{ account: string }[]>;
}

/** Keychain accounts the extension stored for the sandbox tenant (or any namespace: an OIDC issuer). */
export async function keychainAccounts(tenantId: string): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const keytar = require('keytar') as Keytar;
  return (await keytar.findCredentials('access-lens')).map((c) => c.account).filter((a) => a.startsWith(tenantId.toLowerCase()));
}
