// The fake Microsoft Entra ID: one tenant from the scenario, served at
// https://127.0.0.1:<port>/<tenant>/... with the endpoints a public client
// (MSAL, or any OIDC client) uses. Routes live in ./entra/*.
import { handleAuthorizeGet, handleConsentPost, handleDeviceLoginGet, handleDeviceLoginPost } from './entra/authorize';
import { buildEntraError, issuerOf, mintContextFor, type EntraContext } from './entra/context';
import { handleErrorPage, handleJwks, handleLogout, handleOpenIdConfiguration } from './entra/discovery';
import { EntraGrants } from './entra/grants';
import { handleGetMemberObjects, handleTransitiveMemberOf } from './entra/graph';
import { errorPage } from './entra/pages';
import { handleDeviceCode, handleToken } from './entra/tokenEndpoint';
import { mintAccessToken, resolveScopes } from './entra/tokens';
import { sendHtml, sendJson } from './http/respond';
import { Router } from './http/router';
import { startFakeServer, type RunningServer } from './http/server';
import { SigningKey, type Jwk } from './jwt';
import type { SandboxRuntime } from './runtime';

export interface FakeEntra {
  origin: string;
  port: number;
  /** `https://127.0.0.1:<port>/<tenantId>/v2.0` */
  issuer: string;
  grants: EntraGrants;
  /** The public keys tokens are signed with (what /discovery/v2.0/keys serves). */
  jwks(): Jwk[];
  /** Mints an access token as the token endpoint would, without a sign-in (tests, benchmarks). */
  mintAccessToken(opts: MintOptions): string;
  close(): Promise<void>;
}

export interface MintOptions {
  userName: string;
  /** Default `<first client id>/.default`. */
  scope?: string;
  clientId?: string;
  lifetimeSec?: number;
  /** Claims to add or replace (e.g. a foreign `iss` to test rejection). */
  claims?: Record<string, unknown>;
}

export async function startFakeEntra(opts: { runtime: SandboxRuntime; tls: { cert: string; key: string }; port: number; host?: string; extraRouters?: Router[] }): Promise<FakeEntra> {
  let origin = '';
  const ec: EntraContext = { runtime: opts.runtime, grants: new EntraGrants(), key: new SigningKey(), origin: () => origin };

  const router = new Router()
    .get('/:tenant/v2.0/.well-known/openid-configuration', (ctx) => handleOpenIdConfiguration(ec, ctx))
    .get('/:tenant/discovery/v2.0/keys', (ctx) => handleJwks(ec, ctx))
    .post('/:tenant/oauth2/v2.0/devicecode', (ctx) => handleDeviceCode(ec, ctx))
    .post('/:tenant/oauth2/v2.0/token', (ctx) => handleToken(ec, ctx))
    .get('/:tenant/oauth2/v2.0/authorize', (ctx) => handleAuthorizeGet(ec, ctx))
    .post('/:tenant/oauth2/v2.0/authorize', (ctx) => handleConsentPost(ec, ctx))
    .get('/:tenant/oauth2/v2.0/logout', (ctx) => handleLogout(ctx))
    .get('/devicelogin', (ctx) => handleDeviceLoginGet(ec, ctx))
    .post('/devicelogin', (ctx) => handleDeviceLoginPost(ec, ctx))
    .get('/error', (ctx) => handleErrorPage(ctx))
    // Microsoft Graph, for group overage and tokens without a groups claim (a local authority serves its own Graph).
    .post('/v1.0/me/getMemberObjects', (ctx) => handleGetMemberObjects(ec, ctx))
    .post('/v1.0/users/:id/getMemberObjects', (ctx) => handleGetMemberObjects(ec, ctx))
    .get('/v1.0/me/transitiveMemberOf/microsoft.graph.group', (ctx) => handleTransitiveMemberOf(ec, ctx));

  const server: RunningServer = await startFakeServer({
    name: 'entra',
    tls: opts.tls,
    port: opts.port,
    host: opts.host,
    log: opts.runtime.log,
    routers: [...(opts.extraRouters ?? []), router],
    before: async (ctx) => {
      const latency = opts.runtime.knobs.latencyMs;
      if (latency > 0 && !ctx.url.pathname.startsWith('/__sandbox/')) await new Promise((r) => setTimeout(r, latency));
      return false;
    },
    notFound: (ctx) => sendHtml(ctx.res, 404, errorPage('Not found', `The fake Entra ID has no page at ${ctx.url.pathname}.`)),
    badRequest: (ctx, message) => {
      const { status, body } = buildEntraError(ec, ctx, 9002313, { detail: message });
      sendJson(ctx.res, status, body);
    },
  });
  origin = server.origin;

  return {
    origin,
    port: server.port,
    issuer: issuerOf(ec),
    grants: ec.grants,
    jwks: () => [ec.key.jwk],
    mintAccessToken: (m) => {
      const dir = opts.runtime.directory;
      const user = dir.user(m.userName);
      if (!user) throw new Error(`No user "${m.userName}" in the scenario`);
      const clientId = m.clientId ?? dir.clientIds[0]!;
      const scopes = resolveScopes(m.scope ?? `${clientId}/.default`);
      if (!scopes.ok) throw new Error(scopes.detail);
      const mint = mintContextFor(ec, clientId, user);
      if (m.lifetimeSec !== undefined) mint.lifetimeSec = m.lifetimeSec;
      const token = mintAccessToken(mint, scopes.resource.audience, scopes.resource.scp, m.claims);
      opts.runtime.issued.record('entra-access', user.userName, token);
      return token;
    },
    close: () => server.close(),
  };
}
