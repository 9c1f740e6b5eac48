// Token federation: POST /oidc/v1/token (RFC 8693) swaps an IdP JWT that
// matches the workspace's federation policy for an opaque Databricks OAuth
// token; plus the OAuth discovery documents around it.
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import { decodeJwt, verifySignature } from '../jwt';
import type { FederationPolicy } from '../scenario';
import type { WorkspaceContext } from './context';
import { sendOAuthError } from './errors';
import type { DecodedJwt, Jwk } from '../jwt';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

/** The scenario's policy with defaults filled in: the fake Entra issuer and the tenant's client ids. */
export function effectivePolicy(wc: WorkspaceContext): Required<FederationPolicy> {
  const p = wc.runtime.directory.scenario.workspace.federationPolicy ?? {};
  return {
    issuer: p.issuer ?? wc.idp.issuer(),
    audiences: p.audiences ?? wc.runtime.directory.clientIds,
    subjectClaim: p.subjectClaim ?? 'preferred_username',
  };
}

/** The policy that trusts the token's issuer (the fake Entra's, or another provider's), with its keys. */
async function policyFor(wc: WorkspaceContext, jwt: DecodedJwt): Promise<{ policy: Required<FederationPolicy>; keys: Jwk[] } | undefined> {
  const entra = effectivePolicy(wc);
  if (jwt.payload.iss === entra.issuer) return { policy: entra, keys: wc.idp.jwks() };
  const other = wc.trustedIssuers.find((t) => t.policy.issuer === jwt.payload.iss);
  if (!other) return undefined;
  const keys = await other.keys();
  return { policy: other.policy, keys: keys.some((k) => k.kid === jwt.header.kid) ? keys : await other.keys(true) };
}

export async function handleTokenExchange(wc: WorkspaceContext, ctx: RequestContext): Promise<void> {
  const form = await ctx.form();
  const bad = (error: string, description: string): void => sendOAuthError(ctx.res, 400, error, description);
  const grantType = form.get('grant_type');
  if (grantType !== TOKEN_EXCHANGE) return bad('unsupported_grant_type', `Unsupported grant_type: ${grantType ?? '(missing)'}. This workspace accepts ${TOKEN_EXCHANGE}.`);
  const subjectToken = form.get('subject_token');
  if (!subjectToken) return bad('invalid_request', 'Missing required parameter: subject_token');
  const subjectTokenType = form.get('subject_token_type');
  if (subjectTokenType !== JWT_TOKEN_TYPE) return bad('invalid_request', `Unsupported subject_token_type: ${subjectTokenType ?? '(missing)'}; expected ${JWT_TOKEN_TYPE}`);
  const jwt = decodeJwt(subjectToken);
  if (!jwt) return bad('invalid_request', 'subject_token is not a valid JWT');

  const claims = jwt.payload;
  const trusted = await policyFor(wc, jwt);
  if (!trusted) return bad('invalid_grant', `No federation policy trusts the token issuer '${String(claims.iss)}'.`);
  const { policy } = trusted;
  const signature = verifySignature(jwt, trusted.keys);
  if (!signature.ok) return bad('invalid_grant', `Token signature could not be verified: ${signature.reason}.`);
  const audiences = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud)];
  if (!audiences.some((a) => policy.audiences.map((x) => x.toLowerCase()).includes(a.toLowerCase()))) {
    return bad('invalid_grant', `Token audience '${audiences.join(', ')}' does not match the federation policy (expected one of: ${policy.audiences.join(', ')}).`);
  }
  const nowSec = wc.runtime.clock.nowSec();
  if (typeof claims.exp !== 'number' || claims.exp <= nowSec) return bad('invalid_grant', 'Token is expired');
  if (typeof claims.nbf === 'number' && claims.nbf > nowSec + 300) return bad('invalid_grant', 'Token is not yet valid');
  const subject = claims[policy.subjectClaim];
  const user = typeof subject === 'string' ? (wc.runtime.directory.user(subject) ?? wc.runtime.directory.userByOid(subject)) : undefined;
  if (!user) return bad('invalid_grant', `No Databricks user matches the token's '${policy.subjectClaim}' claim (${JSON.stringify(subject)}).`);

  // Account-level identity: exchange works for any account user; the workspace API
  // itself refuses users who are not in this workspace ("Invalid access to Org").
  const lifetimeSec = wc.runtime.knobs.tokenLifetimeSec.databricks;
  const scope = form.get('scope') ?? 'all-apis';
  const accessToken = wc.tokens.issue({ userName: user.userName, scope, expiresAtMs: wc.runtime.clock.nowMs() + lifetimeSec * 1000 });
  sendJson(ctx.res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: lifetimeSec, scope });
}

export function handleOAuthMetadata(wc: WorkspaceContext, ctx: RequestContext): void {
  const base = `${wc.origin()}/oidc`;
  sendJson(ctx.res, 200, {
    issuer: base,
    authorization_endpoint: `${base}/v1/authorize`,
    token_endpoint: `${base}/v1/token`,
    jwks_uri: `${base}/jwks.json`,
    scopes_supported: ['all-apis', 'offline_access', 'openid', 'profile', 'email'],
    response_types_supported: ['code', 'id_token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token', TOKEN_EXCHANGE],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    request_parameter_supported: false,
  });
}

/**
 * GET /.well-known/databricks-config. The field set is our best reading of
 * what real workspaces return (workspace and account ids, the OIDC base,
 * the cloud); clients should treat unknown fields as optional.
 */
export function handleDatabricksConfig(wc: WorkspaceContext, ctx: RequestContext): void {
  const dir = wc.runtime.directory;
  sendJson(ctx.res, 200, { workspace_id: dir.orgId, account_id: dir.accountId, oidc_endpoint: `${wc.origin()}/oidc`, cloud: 'azure', host_type: 'workspace' });
}
