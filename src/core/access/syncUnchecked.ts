/**
 * The partial-sync check that could not run. GROUP_NOT_SYNCED compares the
 * workspace groups in an ACL with the groups your identity provider puts you
 * in; when those are unknown (no groups claim, an overage marker and no
 * Microsoft Graph), finding no twin proves nothing. The verdict then says so
 * beside NO_GRANT/LEVEL_TOO_LOW: `allowed` stays false, since the ACL proves
 * no grant reaches you in the workspace; what is unknown is only whether a
 * partial SCIM sync is the reason.
 */
import { ObjectKind, highest, satisfies } from './levels';
import { Membership, parsePrincipal } from './principals';
import { providerGroup } from './symmetry';
import { AccessObject, Blocker, DirectoryGroup, Subject } from './types';

export function syncUncheckedBlocker(
  kind: ObjectKind,
  subject: Subject,
  membership: Membership,
  object: AccessObject,
  required: string,
  directory: (displayName: string) => DirectoryGroup | undefined,
): Blocker | undefined {
  const idp = subject.idpGroups;
  if (idp?.state !== 'unknown' || object.acl.state !== 'readable') return undefined;
  const candidates: string[] = [];
  for (const entry of object.acl.entries) {
    const { type, name } = parsePrincipal(entry.principal);
    if (type !== 'group' || membership.pathTo(entry.principal)) continue;
    const level = highest(kind, entry.permissions.map((p) => p.level));
    if (!level || !satisfies(kind, level, required)) continue;
    // A workspace-local group (no externalId) is synced from nowhere; OIDC groups may also match by name.
    if (subject.provider !== 'oidc' && directory(name)?.externalId === null) continue;
    candidates.push(`"${name}"`);
  }
  if (candidates.length === 0) return undefined;
  const groups = candidates.length === 1 ? `group ${candidates[0]}, which holds ${required} or more,` : `groups ${candidates.join(', ')}, which hold ${required} or more,`;
  return {
    code: 'GROUP_SYNC_UNCHECKED',
    message: `Whether ${groups} is synced from an ${providerGroup(subject.provider)} you are in (a partial SCIM sync) could not be checked: ${idp.reason}. ${idp.howToEnable}`,
  };
}
