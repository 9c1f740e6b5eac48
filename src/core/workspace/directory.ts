/**
 * Workspace groups by display name, for the groups in an ACL that you are not
 * in: their externalId tells whether your Entra group is their twin (a partial
 * SCIM sync), and their size picks the smallest group to suggest. Looked up
 * once per name and cached.
 */
import { DirectoryGroup } from '../access/types';
import { AuthorizedHttp } from './authorizedHttp';
import { Priority, RequestLimiter } from './limiter';
import { scimEquals } from './scim';
import type { ScimGroupAnswer, ScimGroupListAnswer } from './apiModels';


/** More Entra groups than this (a claim near Entra's 200-group limit) are not read up front. */
const MAX_TWIN_IDS = 200;

type RawGroup = ScimGroupAnswer;

function toDirectoryGroup(found: RawGroup, name: string): DirectoryGroup {
  return { displayName: found.displayName ?? name, externalId: found.externalId ?? null, memberCount: Array.isArray(found.members) ? found.members.length : undefined };
}

export class GroupDirectory {
  private readonly known = new Map<string, DirectoryGroup | null>();
  /** Lookups in flight, so that the many ACLs naming one group ask for it once. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly call: AuthorizedHttp,
    private readonly limiter: RequestLimiter,
  ) {}

  lookup = (displayName: string): DirectoryGroup | undefined => this.known.get(displayName.toLowerCase()) ?? undefined;

  /** Seeds names already known (your own groups). */
  remember(group: DirectoryGroup): void {
    this.known.set(group.displayName.toLowerCase(), group);
  }

  /**
   * True once the workspace twins of all your Entra groups are known (learnTwins): a group that
   * the lookup does not know then cannot be a partial sync of yours, and verdicts need no lookups.
   */
  twinsKnown = false;

  /**
   * Reads, by externalId, the workspace groups synced from your Entra groups: the ones a partial
   * sync would show up in. A few requests (20 ids each, `or` filters) while your identity loads,
   * instead of a lookup per group named in an ACL before its verdict.
   */
  async learnTwins(entraGroupIds: readonly string[]): Promise<void> {
    const ids = [...new Set(entraGroupIds)];
    if (ids.length > MAX_TWIN_IDS) return; // a huge groups claim: look groups up per ACL instead
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += 20) chunks.push(ids.slice(i, i + 20));
    const answers = await Promise.all(
      chunks.map(async (chunk) => {
        const filter = chunk.map((id) => scimEquals('externalId', id)).join(' or ');
        const path = `/api/2.0/preview/scim/v2/Groups?filter=${encodeURIComponent(filter)}&attributes=displayName,externalId,members&count=${chunk.length * 2}`;
        const response = await this.limiter.run(() => this.call({ method: 'GET', path }));
        if (response.status !== 200) return false;
        try {
          for (const found of (JSON.parse(response.body) as ScimGroupListAnswer).Resources ?? []) {
            if (!found.displayName) continue;
            this.known.set(found.displayName.toLowerCase(), toDirectoryGroup(found, found.displayName));
          }
          return true;
        } catch {
          return false;
        }
      }),
    );
    this.twinsKnown = answers.every(Boolean);
  }

  async prefetch(names: Iterable<string>, priority: Priority = 'visible'): Promise<void> {
    const missing = [...new Set([...names].map((n) => n.toLowerCase()))].filter((n) => !this.known.has(n));
    await Promise.all(
      missing.map((name) => {
        let pending = this.inFlight.get(name);
        if (!pending) {
          pending = this.fetch(name, priority).finally(() => this.inFlight.delete(name));
          this.inFlight.set(name, pending);
        }
        return pending;
      }),
    );
  }

  private async fetch(name: string, priority: Priority): Promise<void> {
    const filter = scimEquals('displayName', name);
    const path = `/api/2.0/preview/scim/v2/Groups?filter=${encodeURIComponent(filter)}&attributes=displayName,externalId,members`;
    const response = await this.limiter.run(() => this.call({ method: 'GET', path }), priority);
    if (response.status !== 200) {
      // Not allowed to list groups, or a transient failure: the model then simply cannot name a twin.
      this.known.set(name, null);
      return;
    }
    try {
      const found = (JSON.parse(response.body) as ScimGroupListAnswer).Resources?.find((g) => g.displayName?.toLowerCase() === name);
      this.known.set(name, found ? toDirectoryGroup(found, name) : null);
    } catch {
      this.known.set(name, null);
    }
  }
}
