/**
 * Every workspace group you belong to, nested ones included, with the path
 * that makes you a member (you → direct group → parent → …) and each group's
 * externalId (the Entra group object id when SCIM provisioning synced it).
 * Walks `GET /Groups/{id}` (its `groups` are the parents); Databricks nests at
 * most 10 levels, and a cycle is cut.
 */
import { AuthorizedHttp } from './authorizedHttp';
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

const MAX_DEPTH = 10;

export async function resolveGroups(call: AuthorizedHttp, host: string, me: ScimMe, concurrency = 8): Promise<WorkspaceGroup[]> {
  const found = new Map<string, WorkspaceGroup>();
  let frontier: { id: string; path: readonly string[] }[] = me.groups.map((g) => ({ id: g.id, path: [`user:${me.userName}`] }));
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: { id: string; path: readonly string[] }[] = [];
    const pending = frontier.filter((f) => !found.has(f.id));
    for (let i = 0; i < pending.length; i += concurrency) {
      const batch = pending.slice(i, i + concurrency);
      const groups = await Promise.all(batch.map((f) => getJson<RawGroup>(call, host, `/api/2.0/preview/scim/v2/Groups/${encodeURIComponent(f.id)}`)));
      for (const [index, f] of batch.entries()) {
        const raw = groups[index] ?? {};
        if (found.has(f.id)) continue;
        const displayName = raw.displayName ?? f.id;
        const path = [...f.path, `group:${displayName}`];
        found.set(f.id, { id: f.id, displayName, externalId: raw.externalId ?? null, path, direct: depth === 0, entitlements: (raw.entitlements ?? []).map((e) => e.value).filter((v): v is string => typeof v === 'string') });
        for (const parent of raw.groups ?? []) {
          if (typeof parent.value === 'string' && !found.has(parent.value)) next.push({ id: parent.value, path });
        }
      }
    }
    frontier = next;
  }
  return [...found.values()];
}
