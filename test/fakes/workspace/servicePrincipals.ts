// Service principals: SCIM ServicePrincipals (list with a filter, as clients resolve an
// application id to its display name) and the workspace's proxy of the account access-control
// API, GET /api/2.0/preview/accounts/access-control/rule-sets?name=accounts/<account id>/
// servicePrincipals/<application id>/ruleSets/default&etag= (the SDKs' AccountAccessControlProxy).
// A rule set comes from the scenario's workspace.servicePrincipalRuleSets; a known service
// principal without one has no grant rules; `readable: false` answers 403.
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError, sendScimError } from './errors';
import { parseScimFilter } from './scimFilter';

export function handleListServicePrincipals(wc: WorkspaceContext, ctx: RequestContext): void {
  const filterText = ctx.url.searchParams.get('filter');
  let matches = wc.runtime.directory.servicePrincipals;
  if (filterText) {
    const filter = parseScimFilter(filterText);
    if (!filter.ok) return sendScimError(ctx.res, 400, filter.error, { scimType: 'invalidFilter' });
    matches = matches.filter((sp) => filter.test({ applicationId: sp.applicationId, displayName: sp.displayName, id: sp.workspaceId }));
  }
  const resources = matches.map((sp) => ({ id: sp.workspaceId, applicationId: sp.applicationId, displayName: sp.displayName, active: true, schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal'] }));
  sendJson(ctx.res, 200, { totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], ...(resources.length > 0 ? { Resources: resources } : {}) });
}

const RULE_SET_NAME = /^accounts\/([^/]+)\/servicePrincipals\/([^/]+)\/ruleSets\/default$/;

export function handleGetRuleSet(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const dir = wc.runtime.directory;
  const name = ctx.url.searchParams.get('name') ?? '';
  if (ctx.url.searchParams.get('etag') === null) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Missing required field: etag');
  const m = RULE_SET_NAME.exec(name);
  if (!m) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid rule set name: ${name}`);
  if (m[1] !== dir.accountId) return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `Account ${m[1]} is not this workspace's account.`);
  const sp = dir.servicePrincipal(m[2]!);
  if (!sp) return sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `Service principal ${m[2]} does not exist.`);
  const set = (dir.scenario.workspace.servicePrincipalRuleSets ?? []).find((s) => s.applicationId.toLowerCase() === sp.applicationId);
  if (set?.readable === false) return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${caller.user.userName} is not allowed to read the rule set of ${name}.`);
  const rules = set?.grantRules ?? [];
  sendJson(ctx.res, 200, { name, etag: `RENUAAAB${Buffer.from(name).toString('base64').slice(0, 16)}`, ...(rules.length > 0 ? { grant_rules: rules } : {}) });
}
