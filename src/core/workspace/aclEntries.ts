/**
 * An ACL answer as the access model's entries, with identical entries shared. On a big workspace
 * most entries repeat from object to object (admins' inherited CAN_MANAGE, the same groups, each
 * creator's IS_OWNER): 100,000 ACLs of about four entries each were 60 MB of identical small
 * objects (docs/architecture.md, "100,000 objects"). Entries are readonly, so sharing is safe.
 */
import type { AclEntry, AclPermission, AclState } from '../access/types';
import type { AclAnswer } from './apiModels';

/** Distinct entries remembered per workspace; past it entries are still read, just not shared. */
const DEFAULT_LIMIT = 20_000;

type Readable = Extract<AclState, { state: 'readable' }>;

export class AclEntries {
  private readonly known = new Map<string, AclEntry>();
  /** Each shared entry's number: a whole list's key is their numbers, a short flat string. */
  private readonly ids = new WeakMap<AclEntry, number>();
  /** Whole readable ACLs by their entries: most objects of a big workspace share their list with many others. */
  private readonly states = new Map<string, Readable>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /**
   * One permissions answer as a readable ACL, the same object for every answer with the same
   * entries in the same order (read-only, so sharing is safe): at 100,000 objects the per-object
   * state and its entries array were about 180 bytes each (docs/architecture.md, "100,000 objects").
   */
  readable(raw: AclAnswer): Readable {
    const entries = this.read(raw);
    const ids: number[] = [];
    for (const entry of entries) {
      const id = this.ids.get(entry);
      if (id === undefined) return { state: 'readable', entries };
      ids.push(id);
    }
    const key = ids.join(',');
    const known = this.states.get(key);
    if (known) return known;
    const state: Readable = { state: 'readable', entries };
    if (this.states.size < this.limit) this.states.set(key, state);
    return state;
  }

  /** The entries of one permissions answer, in its order; those without a principal are skipped. */
  read(raw: AclAnswer): AclEntry[] {
    const entries: AclEntry[] = [];
    for (const item of raw.access_control_list ?? []) {
      const principal = item.user_name ? `user:${item.user_name}` : item.group_name ? `group:${item.group_name}` : item.service_principal_name ? `servicePrincipal:${item.service_principal_name}` : undefined;
      if (!principal) continue;
      const permissions = (item.all_permissions ?? [])
        .filter((p) => typeof p.permission_level === 'string')
        .map((p): AclPermission => {
          const from = Array.isArray(p.inherited_from_object) ? p.inherited_from_object[0] : p.inherited_from_object;
          return { level: p.permission_level as string, inherited: p.inherited === true, inheritedFrom: p.inherited ? (from ?? null) : null };
        });
      entries.push(this.shared({ principal, permissions }));
    }
    // Exactly as long as it is: a pushed-to array keeps room for 17 (about 100 bytes more per ACL).
    return entries.slice();
  }

  private shared(entry: AclEntry): AclEntry {
    // Control characters cannot occur in principals or levels, so the key is unambiguous.
    let key = entry.principal;
    for (const p of entry.permissions) key += `\u0000${p.level}\u0001${p.inherited ? 1 : 0}\u0001${p.inheritedFrom ?? '\u0002'}`;
    const known = this.known.get(key);
    if (known) return known;
    if (this.known.size < this.limit) {
      this.known.set(key, entry);
      this.ids.set(entry, this.known.size);
    }
    return entry;
  }
}
