// The fake Databricks workspace at https://127.0.0.1:<port> (or another loopback address): token
// federation, the authorization server for users (U2M), OAuth discovery, SCIM, clusters, jobs, job runs, permissions and Unity Catalog, behind
// Azure-style bearer authentication. Every request passes, in order: latency,
// the rate limit, injected faults, authentication (for /api/**), the route.
import type { RequestContext } from './http/router';
import { Router } from './http/router';
import { handleAadAuth } from './workspace/aadAuth';
import { startFakeServer, type RunningServer } from './http/server';
import type { Jwk } from './jwt';
import type { SandboxRuntime } from './runtime';
import { authenticate } from './workspace/auth';
import { handleGetCluster, handleListClusters } from './workspace/clusters';
import { DatabricksTokenStore, type ApiHandler, type WorkspaceContext } from './workspace/context';
import type { TrustedIssuer } from './workspace/federation';
import { sendApiError, sendFault } from './workspace/errors';
import { handleGetJob, handleListJobs } from './workspace/jobs';
import { handleGetPermissionLevels, handleGetPermissions } from './workspace/permissions';
import { RunStore, handleGetRun, handleListRuns, handleRunNow } from './workspace/runs';
import { SlidingWindowLimiter } from './workspace/rateLimiter';
import { handleGetGroup, handleGetUser, handleListGroups, handleMe, handleTransitiveParentGroups } from './workspace/scim';
import { handleGetRuleSet, handleListServicePrincipals } from './workspace/servicePrincipals';
import { U2mServer } from './workspace/u2m';
import { SQL_ML_ROUTES } from './workspace/sqlAndMl';
import { handleGetPipeline } from './workspace/pipelineGet';
import { UC_ROUTES } from './workspace/unityCatalog';
import { COMPUTE_ROUTES } from './workspace/compute';
import { WORKSPACE_TREE_ROUTES } from './workspace/workspaceTree';
import { handleDatabricksConfig, handleOAuthMetadata, handleTokenExchange } from './workspace/tokenExchange';

export interface FakeWorkspace {
  origin: string;
  port: number;
  tokens: DatabricksTokenStore;
  /** Adds a federation policy for another identity provider (its keys come from its discovery document). */
  trustIssuer(issuer: TrustedIssuer): void;
  /** The authorization server for users (`databricks auth login`, `--idp databricks`). */
  u2m: U2mServer;
  close(): Promise<void>;
}

export interface FakeWorkspaceOptions {
  runtime: SandboxRuntime;
  tls: { cert: string; key: string };
  port: number;
  /** The loopback address to listen on; default 127.0.0.1. */
  host?: string;
  idp: { issuer(): string; jwks(): Jwk[] };
  extraRouters?: Router[];
}

const SCIM = '/api/2.0/preview/scim/v2';

export async function startFakeWorkspace(opts: FakeWorkspaceOptions): Promise<FakeWorkspace> {
  let origin = '';
  const runs = new RunStore(opts.runtime.directory, opts.runtime.clock.nowMs());
  const wc: WorkspaceContext = { runtime: opts.runtime, idp: opts.idp, tokens: new DatabricksTokenStore(opts.runtime.issued), trustedIssuers: [], runs, origin: () => origin };
  const api =
    (handler: ApiHandler) =>
    (ctx: RequestContext): Promise<void> | void => {
      const caller = authenticate(wc, ctx);
      return caller ? handler(wc, ctx, caller) : undefined;
    };

  const u2m = new U2mServer(wc);
  // Kinds with handlers of their own, ahead of the generic permissions route below.
  const kindsRouter = new Router();
  for (const [method, path, handler] of SQL_ML_ROUTES) {
    if (method === 'GET') kindsRouter.get(path, api(handler));
    else kindsRouter.post(path, api(handler));
  }
  kindsRouter.get('/api/2.0/pipelines/:id', api(handleGetPipeline));
  // Cluster policies and instance pools too (COMPUTE_ROUTES).
  for (const [path, handler] of COMPUTE_ROUTES) kindsRouter.get(path, api(handler));
  const router = new Router()
    .post('/oidc/v1/token', async (ctx) => {
      if (!(await u2m.handleToken(ctx, await ctx.form()))) await handleTokenExchange(wc, ctx);
    })
    .get('/oidc/v1/authorize', (ctx) => u2m.handleAuthorize(ctx))
    .post('/oidc/v1/authorize', (ctx) => u2m.handleConsent(ctx))
    .get('/oidc/.well-known/oauth-authorization-server', (ctx) => handleOAuthMetadata(wc, ctx))
    .get('/.well-known/databricks-config', (ctx) => handleDatabricksConfig(wc, ctx))
    .get('/aad/auth', (ctx) => handleAadAuth(wc, ctx))
    .get(`${SCIM}/Me`, api(handleMe))
    .get(`${SCIM}/Users/:id`, api((w, ctx) => handleGetUser(w, ctx)))
    .get(`${SCIM}/Groups`, api((w, ctx) => handleListGroups(w, ctx)))
    .get(`${SCIM}/Groups/:id`, api((w, ctx) => handleGetGroup(w, ctx)))
    .get(`${SCIM}/ServicePrincipals`, api((w, ctx) => handleListServicePrincipals(w, ctx)))
    .get('/api/2.0/preview/accounts/access-control/rule-sets', api(handleGetRuleSet))
    .get('/api/2.0/identity/principals/:id/transitive-parent-groups', api((w, ctx) => handleTransitiveParentGroups(w, ctx)))
    .get('/api/2.1/clusters/list', api(handleListClusters))
    .get('/api/2.1/clusters/get', api(handleGetCluster))
    .get('/api/2.2/jobs/list', api(handleListJobs))
    .get('/api/2.2/jobs/get', api(handleGetJob))
    .post('/api/2.2/jobs/run-now', api(handleRunNow))
    .get('/api/2.2/jobs/runs/get', api(handleGetRun))
    .get('/api/2.2/jobs/runs/list', api(handleListRuns));
  // Ahead of the general permissions route below, which serves clusters and jobs only.
  for (const [path, handler] of WORKSPACE_TREE_ROUTES) router.get(path, api(handler));
  router
    .get('/api/2.0/permissions/:type/:id', api(handleGetPermissions))
    .get('/api/2.0/permissions/:type/:id/permissionLevels', api((w, ctx) => handleGetPermissionLevels(w, ctx)));
  for (const [path, handler] of UC_ROUTES) router.get(path, api(handler));

  const limiter = new SlidingWindowLimiter();
  const server: RunningServer = await startFakeServer({
    name: 'workspace',
    http2: opts.runtime.knobs.http2,
    tls: opts.tls,
    port: opts.port,
    host: opts.host,
    log: opts.runtime.log,
    routers: [...(opts.extraRouters ?? []), kindsRouter, router],
    before: async (ctx) => {
      const path = ctx.url.pathname;
      if (path.startsWith('/__sandbox/')) return false;
      const knobs = opts.runtime.knobs;
      if (knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, knobs.latencyMs));
      const limit = knobs.rateLimit;
      if (limit && path.startsWith(limit.pathPrefix ?? '/api/2.0/permissions/') && !limiter.allow(limit.requestsPerSecond)) {
        sendApiError(ctx.res, 429, 'REQUEST_LIMIT_EXCEEDED', 'Too many requests. Please wait a moment and try again.', { 'retry-after': String(limit.retryAfterSec ?? 1) });
        return true;
      }
      const fault = opts.runtime.faults.takeWorkspace(ctx.req.method ?? 'GET', path);
      if (fault?.style === 'drop') {
        // A connection cut before any answer: the client sees a reset (ECONNRESET, "socket hang up").
        ctx.req.socket.destroy();
        return true;
      }
      if (fault) {
        sendFault(ctx.res, fault, path);
        return true;
      }
      return false;
    },
    notFound: (ctx) => sendApiError(ctx.res, 404, 'ENDPOINT_NOT_FOUND', `No API found for '${ctx.req.method} ${ctx.url.pathname}'`),
    badRequest: (ctx, message) => sendApiError(ctx.res, 400, 'MALFORMED_REQUEST', message),
  });
  origin = server.origin;
  return { origin, port: server.port, tokens: wc.tokens, trustIssuer: (issuer) => wc.trustedIssuers.push(issuer), u2m, close: () => server.close() };
}
