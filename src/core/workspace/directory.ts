/**
 * Workspace groups by display name, for the groups in an ACL that you are not
 * in: their externalId tells whether your Entra group is their twin (a partial
 * SCIM sync), and their size picks the smallest group to suggest. Looked up
 * once per name and cached.
 */
import { DirectoryGroup } from '../access/types';
import { AuthorizedHttp } from './authorizedHttp';
import { RequestLimiter } from './limiter';

interface RawGroupList {
  Resources?: { displayName?: string; externalId?: string; members?: unknown[] }[];
}

export class GroupDirectory {
  private readonly known = new Map<string, DirectoryGroup | null>();

  constructor(
    private readonly call: AuthorizedHttp,
    private readonly limiter: RequestLimiter,
  ) {}

  lookup = (displayName: string): DirectoryGroup | undefined => this.known.get(displayName.toLowerCase()) ?? undefined;

  /** Seeds names already known (your own groups). */
  remember(group: DirectoryGroup): void {
    this.known.set(group.displayName.toLowerCase(), group);
  }

  async prefetch(names: Iterable<string>): Promise<void> {
    const missing = [...new Set([...names].map((n) => n.toLowerCase()))].filter((n) => !this.known.has(n));
    await Promise.all(
      missing.map(async (name) => {
        const filter = `displayName eq "${name.replace(/["\\]/g, '\\$&')}"`;
        const path = `/api/2.0/preview/scim/v2/Groups?filter=${encodeURIComponent(filter)}&attributes=displayName,externalId,members`;
        const response = await this.limiter.run(() => this.call({ method: 'GET', path }));
        if (response.status !== 200) {
          // Not allowed to list groups, or a transient failure: the model then simply cannot name a twin.
          this.known.set(name, null);
          return;
        }
        try {
          const found = (JSON.parse(response.body) as RawGroupList).Resources?.find((g) => g.displayName?.toLowerCase() === name);
          this.known.set(name, found ? { displayName: found.displayName ?? name, externalId: found.externalId ?? null, memberCount: Array.isArray(found.members) ? found.members.length : undefined } : null);
        } catch {
          this.known.set(name, null);
        }
      }),
    );
  }
}
