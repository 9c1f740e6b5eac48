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
import { AuthorizedHttp } from './authorizedHttp';
import { WorkspaceApiError } from './apiError';
import { ScimMe, getJson } from './scim';

export interface WorkspaceGroup {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  /** `user:<you>`, then group display names from the direct group to this one. */
  readonly path: readonly string[];
  readonly direct: boolean;
  /** Entitlements the group carries (e.g. workspace-access), which its members inherit. */
  readonly entitlements: readonly string[];
}

interface RawGroup {
  id?: string;
  displayName?: string;
  externalId?: string;
  groups?: { value?: string; display?: string }[];
  entitlements?: { value?: string }[];
}

interface TransitivePage {
  transitive_parent_groups?: { group_id?: string }[];
  next_page_token?: string;
}

const MAX_DEPTH = 10;

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

const groupPath = (id: string): string => `/api/2.0/preview/scim/v2/Groups/${encodeURIComponent(id)}`;

/** Every group id from the transitive API, or undefined when the API is not there for us. */
async function transitiveIds(call: AuthorizedHttp, host: string, me: ScimMe): Promise<string[] | undefined> {
  const ids: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query = token ? `?page_token=${encodeURIComponent(token)}` : '';
    try {
      const body = await getJson<TransitivePage>(call, host, `/api/2.0/identity/principals/${encodeURIComponent(me.id)}/transitive-parent-groups${query}`);
      for (const g of body.transitive_parent_groups ?? []) if (typeof g.group_id === 'string') ids.push(g.group_id);
      token = body.next_page_token || undefined;
      if (!token) return ids;
    } catch (error) {
      // Older workspaces and restricted callers answer 404/403/501: fall back to the walk.
      if (error instanceof WorkspaceApiError && [400, 403, 404, 405, 501].includes(error.body.status)) return undefined;
      throw error;
    }
  }
  return ids;
}

function toGroup(id: string, raw: RawGroup, path: readonly string[], direct: boolean): WorkspaceGroup {
  return {
    id,
    displayName: raw.displayName ?? id,
    externalId: raw.externalId ?? null,
    path,
    direct,
    entitlements: (raw.entitlements ?? []).map((e) => e.value).filter((v): v is string => typeof v === 'string'),
  };
}

export async function resolveGroups(call: AuthorizedHttp, host: string, me: ScimMe, concurrency = 8): Promise<WorkspaceGroup[]> {
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
  for (const g of me.groups.slice(0, concurrency)) void detail(g.id);
  const ids = await transitiveIds(call, host, me);
  return ids ? fromTransitive(me, ids, concurrency, detail) : walk(call, host, me, concurrency);
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
      for (const parent of raw.groups ?? []) if (typeof parent.value === 'string' && byId.has(parent.value)) next.push({ id: parent.value, path: group.path });
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
      for (const parent of raw.groups ?? []) if (typeof parent.value === 'string' && !found.has(parent.value)) next.push({ id: parent.value, path: group.path });
    }
    frontier = next;
  }
  return [...found.values()];
}
