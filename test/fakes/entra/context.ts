// What every fake Entra route needs: the shared runtime, the grant store,
// the signing key, the server's own URLs, and helpers for tenant resolution
// and AADSTS error replies.
import type { DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import type { SigningKey } from '../jwt';
import type { SandboxRuntime } from '../runtime';
import { entraError, type EntraErrorContext } from './errors';
import type { EntraGrants } from './grants';
import type { MintContext } from './tokens';

export interface EntraContext {
  runtime: SandboxRuntime;
  grants: EntraGrants;
  key: SigningKey;
  /** `https://127.0.0.1:<port>`, known once the server listens. */
  origin(): string;
}

/** The issuer Entra puts in tokens: always the tenant id, whatever path segment was used. */
export function issuerOf(ec: EntraContext): string {
  return `${ec.origin()}/${ec.runtime.directory.tenantId}/v2.0`;
}

/**
 * Accepts the tenant id, its domain, and `organizations`/`common` (which map
 * to the scenario's tenant: it is the only one). Answers AADSTS90002 and
 * returns false otherwise.
 */
export function acceptTenant(ec: EntraContext, ctx: RequestContext): boolean {
  if (tenantMatches(ec, ctx.params.tenant ?? '')) return true;
  sendEntraError(ec, ctx, 90002, { detail: ctx.params.tenant ?? '' });
  return false;
}

export function tenantMatches(ec: EntraContext, tenantSegment: string): boolean {
  const segment = tenantSegment.toLowerCase();
  const dir = ec.runtime.directory;
  return segment === dir.tenantId || segment === 'organizations' || segment === 'common' || (dir.tenantDomain !== undefined && segment === dir.tenantDomain.toLowerCase());
}

export function isKnownClient(ec: EntraContext, clientId: string | null): boolean {
  return clientId !== null && ec.runtime.directory.clientIds.includes(clientId.toLowerCase());
}

export function sendEntraError(ec: EntraContext, ctx: RequestContext, code: number, errorContext: EntraErrorContext = {}): void {
  const { status, body } = buildEntraError(ec, ctx, code, errorContext);
  sendJson(ctx.res, status, body);
}

export function buildEntraError(ec: EntraContext, ctx: RequestContext, code: number, errorContext: EntraErrorContext = {}): ReturnType<typeof entraError> {
  const dir = ec.runtime.directory;
  const header = ctx.req.headers['client-request-id'];
  return entraError(
    code,
    { tenantId: dir.tenantId, appName: dir.appName, ...errorContext },
    { authority: ec.origin(), correlationId: typeof header === 'string' ? header : undefined, nowMs: ec.runtime.clock.nowMs() },
  );
}

export function mintContextFor(ec: EntraContext, clientId: string, user: DirUser): MintContext {
  const rt = ec.runtime;
  return {
    key: ec.key,
    issuer: issuerOf(ec),
    tenantId: rt.directory.tenantId,
    clientId: clientId.toLowerCase(),
    user,
    nowSec: rt.clock.nowSec(),
    lifetimeSec: rt.knobs.tokenLifetimeSec.entra,
    groupClaims: (token) => groupClaimsFor(ec, user, token),
  };
}

/**
 * What Entra puts in a token for the user's groups: the list, the overage marker that points to
 * the fake Graph (served by this server, entra/graph.ts), or nothing, as the knobs say.
 */
export function groupClaimsFor(ec: EntraContext, user: DirUser, token: 'access' | 'id'): Record<string, unknown> {
  const knobs = ec.runtime.knobs;
  const carried = knobs.groupsClaimIn === 'access-and-id' || (knobs.groupsClaimIn === 'id-token' && token === 'id');
  if (!carried) return {};
  if (knobs.groupsOverage.some((u) => u.toLowerCase() === user.userName.toLowerCase())) {
    return { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: `${ec.origin()}/v1.0/users/${user.oid}/getMemberObjects` } } };
  }
  return { groups: user.entraGroups };
}
