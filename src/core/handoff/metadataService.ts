/**
 * The Databricks SDKs' `metadata-service` credentials protocol, served on 127.0.0.1 so that a
 * process we start (`access-lens exec`) or a terminal we configure signs in as you, without a
 * personal access token. Protocol (docs/facts.md, "Hand-off"), as the SDKs implement it:
 * - JS `@databricks/sdk-experimental` dist/config/MetadataServiceCredentials.js and Go
 *   `databricks-sdk-go` config/auth_metadata_service.go: a GET of DATABRICKS_METADATA_SERVICE_URL
 *   (hostname `localhost` or `127.0.0.1` only) with `X-Databricks-Metadata-Version: 1` and
 *   `X-Databricks-Host: <the client's host, scheme://host[:port]>`; the answer is JSON
 *   `{access_token, token_type, expires_on}` with expires_on in epoch SECONDS.
 * - A 404 means "no credentials here" to the SDKs (they fall through, silently), so every refusal
 *   that the user must see is another 4xx with a JSON body that says what to do.
 * The server answers only at its one random path, only GETs, only for its one workspace host, and
 * reads the sign-in from the keychain on every request, so a sign-out in any process stops it.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessLensError } from '../errors';
import type { Logger } from '../log';

export const METADATA_VERSION_HEADER = 'x-databricks-metadata-version';
export const METADATA_HOST_HEADER = 'x-databricks-host';
export const METADATA_VERSION = '1';

/**
 * The longest a handed-out token is declared valid. The SDKs cache a token until shortly before
 * `expires_on` (JS 40 s, Go 10 s), so a short horizon makes them ask again often and a sign-out
 * takes effect within seconds; the official VS Code extension answers with now + 15 s for the same
 * reason (databricks/databricks-vscode src/configuration/auth/MetadataService.ts).
 */
export const DECLARED_LIFETIME_SECONDS = 15;
/** Requests handled at once; more get 503 (a local client in a loop must not pile up keychain reads). */
const MAX_IN_FLIGHT = 8;

export interface HandoffToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
}

export interface MetadataServiceOptions {
  /** The workspace this server answers for, `https://host[:port]`. */
  readonly host: string;
  /** A fresh token for the host, read from the keychain on every call; throws when signed out. */
  readonly tokenFor: (host: string) => Promise<HandoffToken>;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** `scheme://host[:port]` in lower case without a default port or path: how the SDKs send X-Databricks-Host. */
export function canonicalHost(value: string): string | undefined {
  try {
    const url = new URL(value.includes('://') ? value : `https://${value}`);
    return `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}

interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export class MetadataService {
  private readonly path = `/${randomBytes(32).toString('base64url')}`;
  private inFlight = 0;
  private readonly host: string;
  private readonly now: () => number;

  private constructor(
    private readonly server: http.Server,
    private readonly options: MetadataServiceOptions,
  ) {
    const host = canonicalHost(options.host);
    if (!host) throw new AccessLensError('CONFIG', `"${options.host}" is not a workspace URL. Pass --host https://<workspace>.`);
    this.host = host;
    this.now = options.now ?? Date.now;
  }

  /** Listens on 127.0.0.1 at a port the system picks. */
  static async start(options: MetadataServiceOptions): Promise<MetadataService> {
    const server = http.createServer();
    const service = new MetadataService(server, options);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => void service.handle(request, response));
    // Bounded: a client that opens a connection and sends nothing is cut off.
    server.headersTimeout = 5_000;
    server.requestTimeout = 30_000;
    server.maxHeadersCount = 50;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return service;
  }

  private get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL to hand out as DATABRICKS_METADATA_SERVICE_URL. Whoever knows it gets tokens: never log it. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.path}`;
  }

  /** The workspace host it answers for. */
  get workspaceHost(): string {
    return this.host;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private refusal(request: http.IncomingMessage): Refusal | undefined {
    const [path] = (request.url ?? '').split('?');
    if (path !== this.path) return { status: 404, code: 'NOT_FOUND', message: 'Nothing here.' };
    if (request.method !== 'GET') return { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Only GET is served here (the Databricks metadata-service protocol).' };
    // A web page cannot reach us through DNS rebinding: its Host header would name its own domain.
    const hostHeader = (request.headers.host ?? '').toLowerCase();
    if (hostHeader !== `127.0.0.1:${this.port}` && hostHeader !== `localhost:${this.port}`) {
      return { status: 403, code: 'HOST_NOT_ALLOWED', message: 'Only local clients that address 127.0.0.1 are served.' };
    }
    const version = request.headers[METADATA_VERSION_HEADER];
    if (version !== METADATA_VERSION) {
      return { status: 400, code: 'UNSUPPORTED_VERSION', message: `Send ${METADATA_VERSION_HEADER}: ${METADATA_VERSION} (got ${version === undefined ? 'none' : JSON.stringify(version)}); this server speaks version ${METADATA_VERSION} of the Databricks metadata-service protocol.` };
    }
    const asked = request.headers[METADATA_HOST_HEADER];
    const askedHost = typeof asked === 'string' ? canonicalHost(asked) : undefined;
    if (askedHost !== this.host) {
      return {
        status: 403,
        code: 'WRONG_HOST',
        message: `This sign-in is handed out for ${this.host} only, and the client asked for ${typeof asked === 'string' ? asked : 'no host'}. Set DATABRICKS_HOST=${this.host}, or run "access-lens exec --host <that workspace> -- …" for the other one.`,
      };
    }
    return undefined;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    request.resume();
    const refused = this.refusal(request);
    if (refused) return this.send(response, refused.status, { error: { code: refused.code, message: refused.message } });
    if (this.inFlight >= MAX_IN_FLIGHT) {
      response.setHeader('Retry-After', '1');
      return this.send(response, 503, { error: { code: 'BUSY', message: `More than ${MAX_IN_FLIGHT} token requests at once; try again in a second.` } });
    }
    this.inFlight++;
    try {
      const token = await this.options.tokenFor(this.host);
      const declared = Math.min(token.expiresAt.getTime(), this.now() + DECLARED_LIFETIME_SECONDS * 1000);
      this.send(response, 200, { access_token: token.accessToken, token_type: 'Bearer', expires_on: Math.floor(declared / 1000) });
    } catch (error) {
      const code = error instanceof AccessLensError ? error.code : 'UNEXPECTED';
      const message = error instanceof Error ? error.message : String(error);
      // Signed out (here or in another window or command): a clear 401, never the 404 the SDKs would skip silently.
      const signIn = /^(SIGN_IN|TOKEN_|REFRESH_TOKEN|INTERACTION)/.test(code) || (error as { interactionRequired?: boolean }).interactionRequired === true;
      this.options.logger.warn(`Metadata service for ${this.host}: no token to hand out (${code}): ${message}`);
      this.send(response, signIn ? 401 : 502, {
        error: { code, message: signIn ? `Access Lens is not signed in to ${this.host} any more (${message}). Run "access-lens login" (or "Access Lens: Sign In" in VS Code), then run the command again.` : `Access Lens could not get a token for ${this.host}: ${message}` },
      });
    } finally {
      this.inFlight--;
    }
  }

  private send(response: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  }
}
