// SCIM 2.0 (workspace preview API) and the identity API's transitive parent
// groups. Like Databricks, empty multi-valued attributes are left out of the
// JSON rather than sent as [], and `Me` lists direct groups only.
import type { DirGroup, DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import type { TransitiveGroupsShape } from '../scenario';
import { sendJson, sendJsonText } from '../http/respond';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError, sendScimError } from './errors';
import { decodePageToken, intParam, paginate } from './paging';
import { parseScimFilter } from './scimFilter';

const USER_SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:workspace:2.0:User'];
const GROUP_SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:Group'];
const LIST_SCHEMAS = ['urn:ietf:params:scim:api:messages:2.0:ListResponse'];

export function handleMe(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  sendJson(ctx.res, 200, userResource(wc, caller.user));
}

export function handleGetUser(wc: WorkspaceContext, ctx: RequestContext): void {
  const user = wc.runtime.directory.workspaceUserById(ctx.params.id ?? '');
  if (!user) return sendScimError(ctx.res, 404, `User ${ctx.params.id} not found.`);
  sendJson(ctx.res, 200, userResource(wc, user));
}

export function handleGetGroup(wc: WorkspaceContext, ctx: RequestContext): void {
  const group = wc.runtime.directory.group(ctx.params.id ?? '');
  if (!group) return sendScimError(ctx.res, 404, `Group with id ${ctx.params.id} not found.`);
  sendJson(ctx.res, 200, groupResource(wc, group));
}

export function handleListGroups(wc: WorkspaceContext, ctx: RequestContext): void {
  const url = ctx.url;
  const filterText = url.searchParams.get('filter');
  let matches = wc.runtime.directory.groups;
  if (filterText) {
    const filter = parseScimFilter(filterText);
    if (!filter.ok) return sendScimError(ctx.res, 400, filter.error, { scimType: 'invalidFilter' });
    matches = matches.filter((g) => filter.test(groupAttributes(g)));
  }
  const startIndex = intParam(url, 'startIndex') ?? 1;
  const count = intParam(url, 'count') ?? 10_000;
  if (Number.isNaN(startIndex) || Number.isNaN(count)) return sendScimError(ctx.res, 400, 'startIndex and count must be non-negative integers.');
  const page = matches.slice(Math.max(startIndex, 1) - 1, Math.max(startIndex, 1) - 1 + count);
  const attributes = url.searchParams.get('attributes');
  const resources = page.map((g) => project(groupResource(wc, g), attributes));
  sendJson(ctx.res, 200, {
    totalResults: matches.length,
    startIndex: Math.max(startIndex, 1),
    itemsPerPage: resources.length,
    schemas: LIST_SCHEMAS,
    ...(resources.length > 0 ? { Resources: resources } : {}),
  });
}

/**
 * GET /api/2.0/identity/principals/{id}/transitive-parent-groups. Shape as
 * the SDKs' iam v2 ListTransitiveParentGroupsResponse:
 * {transitive_parent_groups: [{group_id, external_id?, account_id}], next_page_token?},
 * or with the id as the knob transitiveGroupsShape says (`internal_id`, …).
 * No display names: resolve them through SCIM Groups/{id}.
 */
export function handleTransitiveParentGroups(wc: WorkspaceContext, ctx: RequestContext): void {
  const dir = wc.runtime.directory;
  const id = ctx.params.id ?? '';
  if (!/^\d+$/.test(id)) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid principal id: ${id}`);
  const user = dir.workspaceUserById(id);
  const group = dir.group(id);
  const sp = dir.servicePrincipals.find((s) => s.workspaceId === id);
  let start: DirGroup[];
  if (user) start = dir.directGroupsOf(user.userName);
  else if (group) start = group.parents.map((p) => dir.group(p)!);
  else if (sp) start = dir.groups.filter((g) => g.servicePrincipals.includes(sp.applicationId));
  else return sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `Principal ${id} does not exist.`);

  const all = dir.ancestorsOf(start);
  const pageSize = intParam(ctx.url, 'page_size') ?? 1000;
  if (Number.isNaN(pageSize) || pageSize < 1 || pageSize > 1000) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'page_size must be between 1 and 1000.');
  const token = ctx.url.searchParams.get('page_token');
  const offset = token ? decodePageToken(`tpg:${id}`, token) : 0;
  if (offset === null) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page_token.');
  const page = paginate(`tpg:${id}`, all, offset, pageSize);
  const shape = wc.runtime.knobs.transitiveGroupsShape;
  const text = JSON.stringify({
    transitive_parent_groups: page.items.map((g) => ({ ...groupIdField(shape, g.id), ...(g.externalId ? { external_id: g.externalId } : {}), account_id: dir.accountId })),
    ...(page.next ? { next_page_token: page.next } : {}),
  });
  // A server writes an int64 with all its digits; JSON.stringify of a Number past 2^53 would round it.
  sendJsonText(ctx.res, 200, shape === 'internal_id-number' ? text.replace(/"internal_id":"(\d+)"/g, '"internal_id":$1') : text);
}

/** The entry's id as the knob `transitiveGroupsShape` says the SDK generation of the day writes it. */
function groupIdField(shape: TransitiveGroupsShape, id: string): Record<string, string | number> {
  switch (shape) {
    case 'internal_id':
    case 'internal_id-number': // written out as a bare number by the handler
      return { internal_id: id };
    case 'broken':
      return { principal_ref: id };
    default:
      return { group_id: id };
  }
}

function userResource(wc: WorkspaceContext, user: DirUser): Record<string, unknown> {
  const [givenName, ...rest] = user.displayName.split(' ');
  const groups = wc.runtime.directory.directGroupsOf(user.userName).map((g) => ({ display: g.displayName, type: 'direct', value: g.id, $ref: `Groups/${g.id}` }));
  return omitEmpty({
    emails: [{ type: 'work', value: user.userName, primary: true }],
    displayName: user.displayName,
    schemas: USER_SCHEMAS,
    name: { familyName: rest.join(' '), givenName },
    active: true,
    groups,
    id: user.workspaceId,
    userName: user.userName,
    externalId: user.oid,
    entitlements: user.entitlements.map((value) => ({ value })),
  });
}

function groupResource(wc: WorkspaceContext, group: DirGroup): Record<string, unknown> {
  const dir = wc.runtime.directory;
  const members = [
    ...group.users.flatMap((name) => {
      const u = dir.workspaceUser(name);
      return u ? [{ display: u.displayName, value: u.workspaceId, $ref: `Users/${u.workspaceId}` }] : [];
    }),
    ...group.groups.map((id) => ({ display: dir.group(id)!.displayName, value: id, $ref: `Groups/${id}` })),
    ...group.servicePrincipals.flatMap((appId) => {
      const sp = dir.servicePrincipal(appId);
      return sp ? [{ display: sp.displayName, value: sp.workspaceId, $ref: `ServicePrincipals/${sp.workspaceId}` }] : [];
    }),
  ];
  return omitEmpty({
    displayName: group.displayName,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    members,
    groups: group.parents.map((id) => ({ display: dir.group(id)!.displayName, type: 'direct', value: id, $ref: `Groups/${id}` })),
    entitlements: group.entitlements.map((value) => ({ value })),
    id: group.id,
    schemas: GROUP_SCHEMAS,
    meta: { resourceType: 'WorkspaceGroup' },
  });
}

function groupAttributes(g: DirGroup): Record<string, string | null> {
  return { displayName: g.displayName, externalId: g.externalId, id: g.id };
}

/** SCIM `attributes=`: keep the listed ones (id always), drop the rest. */
function project(resource: Record<string, unknown>, attributes: string | null): Record<string, unknown> {
  if (!attributes) return resource;
  const keep = new Set(attributes.split(',').map((a) => a.trim().toLowerCase()));
  keep.add('id');
  return Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k.toLowerCase())));
}

function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
}
