// Bearer authentication for /api/**. Two kinds of token get in, as on Azure
// Databricks: Databricks OAuth tokens from /oidc/v1/token, and Entra access
// tokens for the Azure Databricks resource (2ff814a6-...). Each refusal uses
// the text and shape Databricks uses for it, because the client's error
// explainer is tested against these.
import type { DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import { decodeJwt, verifySignature } from '../jwt';
import { AZURE_DATABRICKS_RESOURCE_ID } from '../scenario';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError, sendJettyError, sendNumericError } from './errors';

/** Azure Databricks refuses Entra tokens this close to expiry. */
const EXPIRY_MARGIN_SEC = 30;

/** The caller, or null after answering the refusal. */
export function authenticate(wc: WorkspaceContext, ctx: RequestContext): Caller | null {
  const header = ctx.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    sendApiError(ctx.res, 401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type for this API.');
    return null;
  }
  const token = match[1]!;
  const invalid = (): null => {
    sendNumericError(ctx.res, 403, 'Invalid access token.');
    return null;
  };
  const nowMs = wc.runtime.clock.nowMs();

  const exchanged = wc.tokens.lookup(token);
  if (exchanged) {
    if (exchanged.expiresAtMs <= nowMs) return invalid();
    return admit(wc, ctx, wc.runtime.directory.user(exchanged.userName), 'federation');
  }

  const jwt = decodeJwt(token);
  if (!jwt) return invalid();
  const claims = jwt.payload;
  if (claims.iss !== wc.idp.issuer()) return invalid();
  if (!verifySignature(jwt, wc.idp.jwks()).ok) return invalid();
  if (claims.aud !== AZURE_DATABRICKS_RESOURCE_ID) {
    sendJettyError(ctx.res, 400, `io.jsonwebtoken.IncorrectClaimException: Expected aud claim to be: ${AZURE_DATABRICKS_RESOURCE_ID}, but was: ${String(claims.aud)}.`, ctx.url.pathname);
    return null;
  }
  const exp = typeof claims.exp === 'number' ? claims.exp : 0;
  const nowSec = Math.floor(nowMs / 1000);
  if (exp <= nowSec) return invalid();
  if (exp - nowSec < EXPIRY_MARGIN_SEC) {
    sendJettyError(ctx.res, 403, 'Token is expiring within 30 seconds. (token expired)', ctx.url.pathname);
    return null;
  }
  const name = typeof claims.upn === 'string' ? claims.upn : typeof claims.preferred_username === 'string' ? claims.preferred_username : '';
  return admit(wc, ctx, wc.runtime.directory.user(name), 'entra');
}

/** A valid token of someone who is not a workspace user: Databricks says so in its own words. */
function admit(wc: WorkspaceContext, ctx: RequestContext, user: DirUser | undefined, via: Caller['via']): Caller | null {
  if (!user || !user.inWorkspace) {
    const message = `Invalid access to Org: ${wc.runtime.directory.orgId}`;
    sendNumericError(ctx.res, 403, message, { 'x-databricks-reason-phrase': message });
    return null;
  }
  return { user, via };
}
