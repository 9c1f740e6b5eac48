/** How ACL principals and your group memberships meet. */
import { MemberGroup, Subject } from './types';

export type PrincipalType = 'user' | 'group' | 'servicePrincipal';

export function parsePrincipal(principal: string): { type: PrincipalType; name: string } {
  const colon = principal.indexOf(':');
  const type = principal.slice(0, colon);
  const name = principal.slice(colon + 1);
  return { type: type === 'group' || type === 'servicePrincipal' ? type : 'user', name };
}

/** Every workspace user belongs to `users`, whether or not SCIM lists it. */
const ALL_USERS = 'users';

/** Principals whose path is remembered per membership; past it the memo starts afresh. */
const PATHS_KEPT = 20_000;

export class Membership {
  private readonly byName = new Map<string, MemberGroup>();
  /**
   * `pathTo` per principal (null: it does not reach you). A workspace's ACLs name the same few
   * principals over and over, and every row asks for each of its entries: filling 100,000 objects
   * parsed, lower-cased and rebuilt the same answers about a hundred thousand times.
   */
  private readonly paths = new Map<string, readonly string[] | null>();

  constructor(readonly subject: Subject) {
    for (const group of subject.groups) this.byName.set(group.displayName.toLowerCase(), group);
  }

  /** The path from you to a principal, or undefined when it does not reach you. */
  pathTo(principal: string): readonly string[] | undefined {
    const known = this.paths.get(principal);
    if (known !== undefined) return known ?? undefined;
    const path = this.findPath(principal);
    if (this.paths.size >= PATHS_KEPT) this.paths.clear();
    this.paths.set(principal, path ?? null);
    return path;
  }

  private findPath(principal: string): readonly string[] | undefined {
    const { type, name } = parsePrincipal(principal);
    const me = `user:${this.subject.userName}`;
    if (type === 'user') return name.toLowerCase() === this.subject.userName.toLowerCase() ? [me] : undefined;
    if (type !== 'group') return undefined;
    const group = this.byName.get(name.toLowerCase());
    if (group) return group.path.length > 0 ? group.path : [me, `group:${group.displayName}`];
    return name.toLowerCase() === ALL_USERS ? [me, `group:${ALL_USERS}`] : undefined;
  }

  /** A user or group name (as in `single_user_name`) that is you or a group of yours. */
  isMeOrMyGroup(name: string): boolean {
    return name.toLowerCase() === this.subject.userName.toLowerCase() || this.byName.has(name.toLowerCase());
  }

  get isAdmin(): boolean {
    return this.byName.has('admins');
  }
}
