/**
 * Every workspace group you belong to, nested ones included, with the path
 * that makes you a member (you → direct group → parent → …) and each group's
 * externalId (the Entra group object id when SCIM provisioning synced it).
 *
 * First the identity API's transitive-parent-groups lists the whole set in one
 * call, and the groups' details are then read in parallel; where that API is
 * not available the fallback walks `GET /Groups/{id}` level by level (its
 * `groups` are the parents). Databricks nests at most 10 levels; cycles are cut.
 */
import { Logger } from '../log';
import { AuthorizedHttp } from './authorizedHttp';
import { WorkspaceApiError } from './apiError';
import { getJson } from './jsonCall';
import { ScimMe } from './scim';
import { groupIdOf, quoteIntegerIds, readTransitivePage } from './transitiveGroups';
import type { ScimGroupAnswer } from './apiModels';
import type { MemberGroup } from '../access/types';

export interface WorkspaceGroup {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  /** `user:<you>`, then group display names from the direct group to this one. */
  readonly path: readonly string[];
  readonly direct: boolean;
  /** Entitlements the group carries (e.g. workspace-access), which its members inherit. */
  readonly entitlements: readonly string[];
  /** Why the group's entitlements could not be read, when they could not: then `entitlements` may miss some. */
  readonly entitlementsUnreadable?: string;
}

/** A SCIM group as the SDK's model types it; `parentIds` still checks `groups` entry by entry, since answers drift. */
type RawGroup = ScimGroupAnswer;

/** A group's parents (SCIM `groups`, entries `{value, display}`), or why they cannot be read. */
function parentIds(raw: RawGroup): { ids: string[] } | { unreadable: string } {
  if (raw.groups === undefined) return { ids: [] };
  if (!Array.isArray(raw.groups)) return { unreadable: 'its groups are not a list' };
  const ids: string[] = [];
  for (const [index, entry] of (raw.groups as unknown[]).entries()) {
    const id = typeof entry === 'object' && entry !== null ? groupIdOf((entry as { value?: unknown }).value) : undefined;
    if (id === undefined) return { unreadable: `parent ${index} has no usable value (the group id)` };
    ids.push(id);
  }
  return { ids };
}

const MAX_DEPTH = 10;

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

const groupPath = (id: string): string => `/api/2.0/preview/scim/v2/Groups/${encodeURIComponent(id)}`;

/** How many pages of transitive groups to read before giving up on the API (1000 per page). */
const MAX_TRANSITIVE_PAGES = 100;

/** Every group id from the transitive API, or why it cannot be used (then the walk takes over). */
async function transitiveIds(call: AuthorizedHttp, host: string, me: ScimMe): Promise<{ ids: string[]; externalIds: Map<string, string | null | undefined> } | { unavailable: string } | { unreadable: string }> {
  const ids: string[] = [];
  const externalIds = new Map<string, string | null | undefined>();
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_TRANSITIVE_PAGES; page++) {
    const query = token ? `?page_token=${encodeURIComponent(token)}` : '';
    let body: unknown;
    try {
      body = await getJson<unknown>(call, host, `/api/2.0/identity/principals/${encodeURIComponent(me.id)}/transitive-parent-groups${query}`, quoteIntegerIds);
    } catch (error) {
      // Older workspaces and restricted callers answer 404/403/501: fall back to the walk.
      if (error instanceof WorkspaceApiError && [400, 403, 404, 405, 501].includes(error.body.status)) return { unavailable: `HTTP ${error.body.status}${error.body.errorCode ? ` ${error.body.errorCode}` : ''}` };
      // An answer that is not JSON (a proxy's page with 200) is as unreadable as an unknown shape.
      if (error instanceof WorkspaceApiError && error.body.errorCode === 'INVALID_RESPONSE') return { unreadable: error.body.message };
      throw error;
    }
    const read = readTransitivePage(body);
    if (!read.ok) return { unreadable: read.reason };
    ids.push(...read.ids);
    for (const [i, id] of read.ids.entries()) externalIds.set(id, read.externalIds[i]);
    token = read.nextPageToken;
    if (!token) {
      // The transitive set holds your direct groups: an answer without them is not the list we think it is.
      const missing = me.groups.filter((g) => !ids.includes(g.id));
      if (missing.length > 0) return { unreadable: `it leaves out ${missing.length} of the ${me.groups.length} direct groups SCIM Me lists (${missing.slice(0, 3).map((g) => g.displayName).join(', ')})` };
      return { ids, externalIds };
    }
    if (seen.has(token)) return { unreadable: 'it handed out the same page token twice' };
    seen.add(token);
  }
  return { unreadable: `it had more than ${MAX_TRANSITIVE_PAGES} pages` };
}

/**
 * A group's entitlements (SCIM `entitlements`, entries `{value}`). SCIM leaves out an empty
 * attribute, so none is none; an answer that cannot be read says why, never an empty list,
 * since a missing `allow-cluster-create` would then read as a deny (clusterCreate.ts).
 */
function entitlementsOf(raw: RawGroup): Pick<WorkspaceGroup, 'entitlements' | 'entitlementsUnreadable'> {
  const list: unknown = raw.entitlements;
  if (list === undefined) return { entitlements: [] };
  if (!Array.isArray(list)) return { entitlements: [], entitlementsUnreadable: 'its entitlements are not a list' };
  const values: string[] = [];
  for (const [index, entry] of (list as unknown[]).entries()) {
    const value = typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
    if (typeof value !== 'string' || value === '') return { entitlements: values, entitlementsUnreadable: `entitlement ${index} has no usable value` };
    values.push(value);
  }
  return { entitlements: values };
}

function toGroup(id: string, raw: RawGroup, path: readonly string[], direct: boolean): WorkspaceGroup {
  return { id, displayName: raw.displayName ?? id, externalId: raw.externalId ?? null, path, direct, ...entitlementsOf(raw) };
}

export interface ResolveGroupsOptions {
  /** Group details read at once; default 8. */
  readonly concurrency?: number;
  /** Where a fallback to the walk is reported (why the transitive API could not be used). */
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
  /**
   * Told your groups as soon as their names and externalIds are known, before the details that add
   * entitlements: verdicts need no more (docs/architecture.md). Only when the transitive answer
   * holds no group beyond the direct ones SCIM Me names; a nested group's name needs its details.
   */
  readonly onMembership?: (groups: readonly MemberGroup[]) => void;
}

/** Your direct groups as the verdicts need them, when the transitive answer shows there are no others. */
function directOnly(me: ScimMe, ids: readonly string[], externalIds: ReadonlyMap<string, string | null | undefined>): MemberGroup[] | undefined {
  const direct = new Set(me.groups.map((g) => g.id));
  if (ids.some((id) => !direct.has(id))) return undefined;
  // An external id the answer gave in a shape we do not read: the partial-sync check needs the details' own.
  if (me.groups.some((g) => externalIds.get(g.id) === undefined)) return undefined;
  // SCIM Me without a `display` names the group by its id (scim.ts), which no ACL does: wait for the details.
  if (me.groups.some((g) => g.displayName === g.id)) return undefined;
  return [...new Map(me.groups.map((g) => [g.id, { id: g.id, displayName: g.displayName, externalId: externalIds.get(g.id) ?? null, path: [`user:${me.userName}`, `group:${g.displayName}`] }])).values()];
}

export async function resolveGroups(call: AuthorizedHttp, host: string, me: ScimMe, options: ResolveGroupsOptions = {}): Promise<WorkspaceGroup[]> {
  const concurrency = options.concurrency ?? 8;
  // Your direct groups are known from SCIM Me: their details load while the transitive API answers,
  // so a user without nested groups has them all in two round trips (Me, then both at once).
  const details = new Map<string, Promise<RawGroup>>();
  const detail = (id: string): Promise<RawGroup> => {
    let pending = details.get(id);
    if (!pending) {
      pending = getJson<RawGroup>(call, host, groupPath(id));
      pending.catch(() => undefined); // awaited below, or not needed when the walk takes over
      details.set(id, pending);
    }
    return pending;
  };
  // The transitive answer first: it alone decides whether the verdicts can start (onMembership).
  const transitive = transitiveIds(call, host, me);
  for (const g of me.groups.slice(0, concurrency)) void detail(g.id);
  const answer = await transitive;
  if ('ids' in answer) {
    const early = directOnly(me, answer.ids, answer.externalIds);
    if (early) options.onMembership?.(early);
    return fromTransitive(me, answer.ids, concurrency, detail);
  }
  const where = `${host}/api/2.0/identity/principals/${me.id}/transitive-parent-groups`;
  // Never drop a user's groups silently: say why the slower walk through SCIM Groups is used.
  if ('unavailable' in answer) options.logger?.info(`${where} is not available (${answer.unavailable}); reading nested groups through SCIM Groups/{id} instead.`);
  else options.logger?.warn(`Could not read the answer of ${where}: ${answer.unreadable}. Reading nested groups through SCIM Groups/{id} instead; if this repeats, report it with this log.`);
  return walk(call, host, me, concurrency);
}

/** Details of every group in parallel, then the shortest path from you to each, computed locally. */
async function fromTransitive(me: ScimMe, ids: readonly string[], concurrency: number, detail: (id: string) => Promise<RawGroup>): Promise<WorkspaceGroup[]> {
  const all = [...new Set([...me.groups.map((g) => g.id), ...ids])];
  const raws = await inBatches(all, concurrency, detail);
  const byId = new Map(all.map((id, i) => [id, raws[i] ?? {}]));
  const found = new Map<string, WorkspaceGroup>();
  let frontier = me.groups.map((g) => ({ id: g.id, path: [`user:${me.userName}`] as readonly string[] }));
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: { id: string; path: readonly string[] }[] = [];
    for (const f of frontier) {
      if (found.has(f.id)) continue;
      const raw = byId.get(f.id) ?? {};
      const group = toGroup(f.id, raw, [...f.path, `group:${raw.displayName ?? f.id}`], depth === 0);
      found.set(f.id, group);
      // Every group is known from the API already: an unreadable parent list only shortens the paths.
      const parents = parentIds(raw);
      if ('ids' in parents) for (const parent of parents.ids) if (byId.has(parent)) next.push({ id: parent, path: group.path });
    }
    frontier = next;
  }
  // A group the API lists but no parent link reaches (an inconsistent answer) still counts as yours.
  for (const id of ids) if (!found.has(id)) found.set(id, toGroup(id, byId.get(id) ?? {}, [`user:${me.userName}`, `group:${byId.get(id)?.displayName ?? id}`], false));
  return [...found.values()];
}

/** The fallback: level by level through Groups/{id}. */
async function walk(call: AuthorizedHttp, host: string, me: ScimMe, concurrency: number): Promise<WorkspaceGroup[]> {
  const found = new Map<string, WorkspaceGroup>();
  let frontier: { id: string; path: readonly string[] }[] = me.groups.map((g) => ({ id: g.id, path: [`user:${me.userName}`] }));
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: { id: string; path: readonly string[] }[] = [];
    const pending = frontier.filter((f) => !found.has(f.id));
    const raws = await inBatches(pending, concurrency, (f) => getJson<RawGroup>(call, host, groupPath(f.id)));
    for (const [index, f] of pending.entries()) {
      if (found.has(f.id)) continue;
      const raw = raws[index] ?? {};
      const group = toGroup(f.id, raw, [...f.path, `group:${raw.displayName ?? f.id}`], depth === 0);
      found.set(f.id, group);
      const parents = parentIds(raw);
      // The walk is the last resort: a parent it cannot read would be a group lost without a word.
      if ('unreadable' in parents) throw new WorkspaceApiError(host, groupPath(f.id), { status: 200, errorCode: 'INVALID_RESPONSE', message: `Cannot read the parent groups of group ${raw.displayName ?? f.id}: ${parents.unreadable}. Your nested groups are unknown; update Access Lens or report this with the log.` });
      for (const parent of parents.ids) if (!found.has(parent)) next.push({ id: parent, path: group.path });
    }
    frontier = next;
  }
  return [...found.values()];
}
