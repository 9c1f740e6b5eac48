// A real, independent OpenID Connect provider for tests: the certified
// `oidc-provider` package, configured as a company would configure Okta for
// Access Lens. A native (public) client with PKCE, the RFC 8628 device flow,
// refresh tokens (offline_access), JWT access tokens for an API audience that
// the Databricks federation policy names, and a `groups` claim with the
// user's group names. It serves HTTPS with the sandbox CA's certificate.
//
// Nothing of Access Lens's own stands in for it. The only code of ours is the
// user: an interaction route that logs the test user in and grants consent
// (provider.interactionFinished), and, with autoApprove, a headless browser
// (userAgent.ts) that enters each new device code through the provider's own
// pages.
import * as crypto from 'node:crypto';
import type * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { RequestLog } from '../requestLog';
import { UserAgent } from './userAgent';
import { generateRsaKeyPair } from '../jwt';

export interface OidcUser {
  /** The login, also `preferred_username` and `email`. */
  userName: string;
  displayName: string;
  /** Group names, as Okta puts them in a groups claim. */
  groups: string[];
}

export interface OidcProviderOptions {
  tls: { cert: string; key: string };
  /** PEM of the CA that signed `tls.cert`, for the headless user agent. */
  caPem: string;
  users: OidcUser[];
  /** Who the headless user is; default the first user. */
  signedInUser?: string;
  /** Enter every new device code through the provider's pages at once. */
  autoApprove?: boolean;
  /** The loopback address to listen on (and name in the issuer); default 127.0.0.1. `tls.cert` must cover it. */
  host?: string;
  port?: number;
  log?: RequestLog;
}

export interface OidcProviderInfo {
  issuer: string;
  clientId: string;
  /** The `aud` of the access tokens: what the Databricks federation policy lists. */
  audience: string;
  signedInUser: string;
}

export interface RunningOidcProvider extends OidcProviderInfo {
  port: number;
  /** Plays the user for a device code: opens the verification URL and confirms. */
  approveDeviceCode(verificationUriComplete: string): Promise<void>;
  /** Plays the user in the browser: follows the authorization URL to the app's loopback redirect. */
  completeBrowserSignIn(authorizationUrl: string): Promise<URL>;
  setSignedInUser(userName: string): void;
  setAutoApprove(on: boolean): void;
  /** Seconds; applies to access tokens issued from now on. */
  setAccessTokenLifetime(seconds: number): void;
  /** Every refresh token issued so far stops working. */
  revokeRefreshTokens(): Promise<number>;
  /** Holds each token request this long (ms) before the provider answers it: a slow token endpoint. */
  setTokenDelay(ms: number): void;
  /** Token requests that have arrived so far (counted on arrival, before any delay). */
  readonly tokenRequestsArrived: number;
  close(): Promise<void>;
}

export const OIDC_TEST_CLIENT_ID = 'access-lens-sandbox';
export const OIDC_TEST_AUDIENCE = 'api://databricks-sandbox';
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function subjectOf(userName: string): string {
  // Okta subjects are opaque ids; so are these.
  return `00u${crypto.createHash('sha256').update(userName).digest('hex').slice(0, 17)}`;
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  // ESM-only: loaded on first use (Node 20.19+ requires ES modules), not by every sandbox start.
  const { default: ProviderClass } = await import('oidc-provider');
  const bySub = new Map(options.users.map((u) => [subjectOf(u.userName), u]));
  let signedInUser = options.signedInUser ?? options.users[0]?.userName ?? '';
  let autoApprove = options.autoApprove ?? false;
  let accessTokenTtl = 3600;
  let tokenDelayMs = 0;
  let tokenRequestsArrived = 0;
  const refreshTokens = new Set<string>();
  let provider: Provider | undefined = undefined;
  const userAgent = (): UserAgent => new UserAgent(options.caPem);

  const server = https.createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    res.on('close', () =>
      options.log?.record({ server: 'oidc', method: req.method ?? 'GET', path: url.pathname, queryKeys: [...new Set(url.searchParams.keys())], remoteAddress: req.socket.remoteAddress ?? '', status: res.statusCode, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started }),
    );
    if (!provider) return void res.writeHead(503).end();
    if (url.pathname.startsWith('/interaction/')) return void interact(provider, req, res);
    const handle = provider.callback();
    if (req.method === 'POST' && url.pathname === '/token') {
      tokenRequestsArrived++;
      if (tokenDelayMs > 0) return void setTimeout(() => handle(req, res), tokenDelayMs);
    }
    handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `https://${options.host ?? '127.0.0.1'}:${port}`;

  const { privateKey } = generateRsaKeyPair();
  const signingKey = { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
  const userClaims = (sub: string): Record<string, unknown> | undefined => {
    const user = bySub.get(sub);
    return user && { sub, preferred_username: user.userName, email: user.userName, email_verified: true, name: user.displayName, groups: user.groups };
  };

  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_TEST_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
        response_types: ['code'],
        // RFC 8252: a native client's loopback IP redirect matches any port.
        redirect_uris: ['http://127.0.0.1/'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    findAccount: (_ctx, sub) => {
      const claims = userClaims(sub);
      return claims ? { accountId: sub, claims: () => ({ ...claims, sub }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      // JWT access tokens for one API, as an Okta custom authorization server issues them.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => OIDC_TEST_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'openid profile email offline_access groups', audience: OIDC_TEST_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtl }),
      },
    },
    // Okta adds the groups claim (and the login) to access tokens through the authorization server's claims.
    extraTokenClaims: (_ctx, token) => {
      const claims = token.kind === 'AccessToken' && token.accountId ? userClaims(token.accountId) : undefined;
      return claims ? { preferred_username: claims.preferred_username, groups: claims.groups } : undefined;
    },
    ttl: { AccessToken: () => accessTokenTtl, DeviceCode: 600, Grant: 86_400, Interaction: 600, Session: 86_400, IdToken: 3600, RefreshToken: 86_400 },
  };
  const created = new ProviderClass(issuer, configuration);
  provider = created;
  created.on('refresh_token.saved', (token: { jti: string }) => refreshTokens.add(token.jti));
  created.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) => process.stderr.write(`oidc-provider: ${error.stack ?? error.message}\n`));

  async function interact(p: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const details = await p.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        const user = options.users.find((u) => u.userName === signedInUser);
        if (!user) throw new Error(`No user ${signedInUser}`);
        await p.interactionFinished(req, res, { login: { accountId: subjectOf(user.userName) } }, { mergeWithLastSubmission: false });
        return;
      }
      const accountId = details.session?.accountId ?? '';
      const grant = details.grantId ? ((await p.Grant.find(details.grantId)) ?? new p.Grant({ accountId, clientId: String(details.params.client_id) })) : new p.Grant({ accountId, clientId: String(details.params.client_id) });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
      const grantId = await grant.save();
      await p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`interaction failed: ${(error as Error).message}`);
    }
  }

  async function approveDeviceCode(verificationUriComplete: string): Promise<void> {
    const page = await userAgent().browse(verificationUriComplete);
    if (!/Sign-in Success/i.test(page.body)) throw new Error(`The device code was not approved (HTTP ${page.status} at ${page.url.pathname}): ${page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`);
  }

  created.on('device_authorization.success', (_ctx: KoaContextWithOIDC, body: Record<string, unknown>) => {
    // The answer is still to be sent: announce a 1 s polling interval (RFC 8628 lets the server pick it;
    // oidc-provider leaves it out, so clients would wait the default 5 s between polls).
    body.interval = 1;
    if (!autoApprove || typeof body.verification_uri_complete !== 'string') return;
    const where = body.verification_uri_complete;
    // After the answer went out, as a person would only read the code then.
    setTimeout(() => approveDeviceCode(where).catch((error: Error) => process.stderr.write(`oidc sandbox: auto-approve failed: ${error.message}\n`)), 50);
  });

  return {
    issuer,
    clientId: OIDC_TEST_CLIENT_ID,
    audience: OIDC_TEST_AUDIENCE,
    port,
    get signedInUser() {
      return signedInUser;
    },
    approveDeviceCode,
    completeBrowserSignIn: async (authorizationUrl) => {
      const page = await userAgent().browse(authorizationUrl, (url) => url.protocol === 'http:' && url.hostname === '127.0.0.1');
      if (page.url.protocol !== 'http:') throw new Error(`The provider did not redirect back to the app (HTTP ${page.status} at ${page.url.pathname}).`);
      // Deliver the answer to the app's loopback server, as the browser would.
      await userAgent().browse(page.url.href);
      return page.url;
    },
    setSignedInUser: (userName) => {
      if (!options.users.some((u) => u.userName === userName)) throw new Error(`No user ${userName} at the OIDC provider`);
      signedInUser = userName;
    },
    setAutoApprove: (on) => {
      autoApprove = on;
    },
    setTokenDelay: (ms) => {
      tokenDelayMs = ms;
    },
    get tokenRequestsArrived() {
      return tokenRequestsArrived;
    },
    setAccessTokenLifetime: (seconds) => {
      accessTokenTtl = seconds;
    },
    revokeRefreshTokens: async () => {
      let revoked = 0;
      for (const jti of refreshTokens) {
        const token = await created.RefreshToken.find(jti);
        if (token) {
          await token.destroy();
          revoked++;
        }
      }
      refreshTokens.clear();
      return revoked;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
