/**
 * RFC 8693 token exchange at `<host>/oidc/v1/token`: the Entra (or OIDC) JWT
 * becomes a Databricks OAuth token. Databricks checks the JWT against the
 * account's federation policy (issuer, audience, subject claim).
 */
import { AccessLensError } from '../errors';
import { parseServerJson } from '../net/boundedJson';
import { HttpsClient } from '../net/httpsClient';

export interface ExchangedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly scope: string | undefined;
}

export async function exchangeToken(http: HttpsClient, host: string, subjectToken: string, options: { clientId?: string; scope?: string } = {}): Promise<ExchangedToken> {
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: subjectToken,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    scope: options.scope ?? 'all-apis',
  });
  if (options.clientId) form.set('client_id', options.clientId);
  const response = await http({
    method: 'POST',
    url: `${host}/oidc/v1/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  let body: Record<string, unknown> = {};
  try {
    body = parseServerJson(response.body) as Record<string, unknown>;
  } catch {
    // An HTML page from a gateway or proxy: reported below with the status.
  }
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    const error = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    const description = typeof body.error_description === 'string' ? body.error_description : response.body.slice(0, 200).replace(/\s+/g, ' ');
    const hint =
      response.status === 404
        ? 'This workspace has no token-exchange endpoint: on Azure Databricks use tokenMode "entra".'
        : /polic|issuer|audience|federat/i.test(description)
          ? 'The token does not match a federation policy of the Databricks account: an account admin must add a policy with your issuer and audience (see the README).'
          : 'Check the federation policy of the Databricks account, or use tokenMode "entra" on Azure Databricks.';
    throw new AccessLensError('TOKEN_EXCHANGE_FAILED', `The token exchange at ${host} failed (${error}: ${description}). ${hint}`, ['openSettings', 'openLog']);
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in);
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new AccessLensError('TOKEN_EXCHANGE_FAILED', `The token exchange at ${host} returned no valid expires_in. Report this to your Databricks administrator.`, ['openLog']);
  }
  return { accessToken: body.access_token, expiresInSeconds: expiresIn, scope: typeof body.scope === 'string' ? body.scope : undefined };
}
