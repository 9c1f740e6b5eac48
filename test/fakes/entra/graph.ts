// A sliver of Microsoft Graph on the fake Entra's server: your memberships
// (`POST /v1.0/me/getMemberObjects`, the users/{oid} form an overage marker
// points to, and `GET /v1.0/me/transitiveMemberOf/microsoft.graph.group`),
// for a token this tenant signed for the Graph resource with a delegated
// permission that may read them. Errors in Graph's `{error: {code, message}}` shape.
import type { DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import { decodeJwt, verifySignature } from '../jwt';
import { issuerOf, type EntraContext } from './context';
import { isGraphAudience } from './tokens';

/** Delegated permissions that let the signed-in user's memberships be read (Graph's permission tables). */
const MEMBERSHIP_SCOPES = ['user.read', 'groupmember.read.all', 'directory.read.all', 'user.read.all'];

function graphError(ctx: RequestContext, status: number, code: string, message: string): null {
  sendJson(ctx.res, status, { error: { code, message, innerError: { date: new Date().toISOString() } } });
  return null;
}

/** The user a Graph token speaks for, or null after answering the refusal. */
function graphCaller(ec: EntraContext, ctx: RequestContext): DirUser | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '');
  if (!match) return graphError(ctx, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const jwt = decodeJwt(match[1]!);
  if (!jwt || jwt.payload.iss !== issuerOf(ec) || !verifySignature(jwt, [ec.key.jwk]).ok) return graphError(ctx, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  const { aud, exp, scp, oid } = jwt.payload;
  if (typeof aud !== 'string' || !isGraphAudience(aud)) return graphError(ctx, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  if (typeof exp !== 'number' || exp <= ec.runtime.clock.nowSec()) return graphError(ctx, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  const scopes = typeof scp === 'string' ? scp.toLowerCase().split(' ') : [];
  if (!scopes.some((s) => MEMBERSHIP_SCOPES.includes(s))) return graphError(ctx, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const user = ec.runtime.directory.users.find((u) => u.oid === oid);
  return user ?? graphError(ctx, 404, 'Request_ResourceNotFound', `Resource '${String(oid)}' does not exist or one of its queried reference-property objects are not present.`);
}

export function handleGetMemberObjects(ec: EntraContext, ctx: RequestContext): void {
  const user = graphCaller(ec, ctx);
  if (!user) return;
  const id = ctx.params.id;
  // Another user's memberships need more than the signed-in user's own permission.
  if (id !== undefined && id.toLowerCase() !== user.oid.toLowerCase() && id.toLowerCase() !== user.userName.toLowerCase()) {
    graphError(ctx, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    return;
  }
  sendJson(ctx.res, 200, { '@odata.context': `${ec.origin()}/v1.0/$metadata#Collection(Edm.String)`, value: user.entraGroups });
}

export function handleTransitiveMemberOf(ec: EntraContext, ctx: RequestContext): void {
  const user = graphCaller(ec, ctx);
  if (!user) return;
  sendJson(ctx.res, 200, { '@odata.context': `${ec.origin()}/v1.0/$metadata#groups(id)`, value: user.entraGroups.map((id) => ({ '@odata.type': '#microsoft.graph.group', id })) });
}
