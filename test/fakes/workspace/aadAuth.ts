// GET /aad/auth: where an Azure Databricks workspace sends a browser to sign in. It answers 302 to the
// tenant's Entra authorize endpoint, which is how the Databricks SDKs (and Access Lens) find the
// workspace's tenant without any configuration (docs/facts.md). The tenant is the fake Entra's.
import type { RequestContext } from '../http/router';
import { AZURE_DATABRICKS_RESOURCE_ID } from '../scenario';
import type { WorkspaceContext } from './context';

export function handleAadAuth(wc: WorkspaceContext, ctx: RequestContext): void {
  // The issuer is `<entra origin>/<tenant id>/v2.0`; its authorize endpoint is `<entra origin>/<tenant id>/oauth2/authorize`.
  const tenantBase = wc.idp.issuer().replace(/\/v2\.0\/?$/, '');
  const redirect = encodeURIComponent(`${wc.origin()}/aad/redirect`);
  ctx.res.writeHead(302, { location: `${tenantBase}/oauth2/authorize?response_type=code&client_id=${AZURE_DATABRICKS_RESOURCE_ID}&redirect_uri=${redirect}`, 'content-length': '0' });
  ctx.res.end();
}
