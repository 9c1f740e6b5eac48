// What tests and benchmarks need to talk to a running sandbox as the product
// does: a generated scenario of a chosen size, an authorized call with a
// minted token over real HTTPS, and the core an AccessMap runs on.
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_REQUESTS_PER_SECOND } from '../../src/core/config/resolve';
import { withTransientRetries } from '../../src/core/net/transientRetry';
import { switchedOff } from '../../src/core/net/systemCas';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import type { AccessMapCore } from '../../src/core/workspace/accessMap';
import type { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import type { GenerateSpec, KnobOverrides, Scenario } from './scenario';
import { resolveScenarioPath } from './scenarioLoad';

/** The `large` scenario (its tenant, users and seed) with other sizes and knobs. */
export function largeScenario(name: string, sizes: Partial<GenerateSpec>, knobs: KnobOverrides = {}): Scenario {
  const large = JSON.parse(readFileSync(resolveScenarioPath('large'), 'utf8')) as Scenario;
  return { ...large, name, generate: { ...large.generate!, ...sizes }, knobs: { ...large.knobs, ...knobs } };
}

/** Calls to the sandbox workspace with `token`, trusting only the sandbox's CA; `onRequest` sees each path. */
export function sandboxCall(sandbox: { readonly workspaceHost: string; readonly caPath: string }, token: string, onRequest?: (path: string) => void, options: { readonly transientRetries?: boolean; readonly http2?: boolean } = {}): AuthorizedHttp {
  // HTTP/2 as the product takes it: on, unless the caller or ACCESS_LENS_HTTP2=off says otherwise.
  const client = createHttpsClient({ extraCaPem: [readFileSync(sandbox.caPath, 'utf8')], env: {}, http2: options.http2 ?? !switchedOff(process.env.ACCESS_LENS_HTTP2) });
  // As the product's workspace transport (services.ts): the benches ride out a dropped connection as users would.
  const http = options.transientRetries ? withTransientRetries(client) : client;
  const call: AuthorizedHttp = (request) => {
    onRequest?.(request.path);
    // The body and headers too: a POST list (experiments/search) pages by its body's page_token.
    return http({ method: request.method, url: `${sandbox.workspaceHost}${request.path}`, headers: { ...request.headers, authorization: `Bearer ${token}` }, body: request.body, timeoutMs: request.timeoutMs });
  };
  // As the product's authorizedHttp: the map warms connections to the workspace ahead of its permission reads.
  return Object.assign(call, { preconnect: (count: number) => client.preconnect?.(sandbox.workspaceHost, count) });
}

/**
 * The core an AccessMap needs: `call` for the workspace and an identity token carrying the groups
 * claim. `requestsPerSecond` is the limiters' ceiling; absent, the shipped default (none: they adapt).
 */
export function sandboxAccessMapCore(call: AuthorizedHttp, identityToken: string, requestsPerSecond = DEFAULT_MAX_REQUESTS_PER_SECOND): AccessMapCore {
  return {
    config: { maxRequestsPerSecond: requestsPerSecond },
    signInScopes: [],
    session: { acquireSilent: async () => ({ accessToken: identityToken }) },
    workspaceHttp: () => call,
  };
}
