/**
 * How to get access: who can grant it (holders of CAN_MANAGE or IS_OWNER, and
 * workspace admins), which group would give it and whether you are in its
 * Entra twin, and a request text ready to send.
 */
import { managerLevel } from './kinds';
import { Action, actionVerb, highest, kindRow, rank, satisfies } from './levels';
import { Membership, parsePrincipal } from './principals';
import { groupClaimsOf, providerGroup } from './symmetry';
import { AccessObject, Blocker, Directory, Subject } from './types';

export interface RemedyInput {
  readonly subject: Subject;
  readonly object: AccessObject;
  readonly action: Action;
  readonly required: string;
  readonly blockers: readonly Blocker[];
  readonly directory: Directory;
  readonly granted: string | null;
}

export const REQUEST_PREFIX = 'Access request to send: ';

/** People and groups that may change the ACL. */
export function granters(object: AccessObject): string[] {
  if (object.acl.state !== 'readable') return [];
  const names: string[] = [];
  for (const entry of object.acl.entries) {
    const level = highest(object.kind, entry.permissions.map((p) => p.level));
    if (rank(object.kind, level) < rank(object.kind, managerLevel(kindRow(object.kind)))) continue;
    const { type, name } = parsePrincipal(entry.principal);
    if (type === 'group' && name === 'admins') continue;
    names.push(type === 'group' ? `members of group "${name}"` : type === 'servicePrincipal' ? `service principal ${name}` : name);
  }
  return names;
}

/** Groups whose grant would be enough, smallest first (by member count when known). */
export function sufficientGroups(input: RemedyInput): { name: string; level: string; externalId: string | null; memberCount: number | undefined }[] {
  const { object, required, directory } = input;
  if (object.acl.state !== 'readable') return [];
  const membership = new Membership(input.subject);
  const groups: { name: string; level: string; externalId: string | null; memberCount: number | undefined }[] = [];
  for (const entry of object.acl.entries) {
    const { type, name } = parsePrincipal(entry.principal);
    if (type !== 'group' || name === 'admins' || membership.pathTo(entry.principal)) continue;
    const level = highest(object.kind, entry.permissions.map((p) => p.level));
    if (!level || !satisfies(object.kind, level, required)) continue;
    const known = directory(name);
    groups.push({ name, level, externalId: known?.externalId ?? null, memberCount: known?.memberCount });
  }
  return groups.sort((a, b) => (a.memberCount ?? Number.MAX_SAFE_INTEGER) - (b.memberCount ?? Number.MAX_SAFE_INTEGER) || rank(object.kind, a.level) - rank(object.kind, b.level));
}

export function remediesFor(input: RemedyInput): string[] {
  const { subject, object, required, blockers } = input;
  const codes = new Set(blockers.map((b) => b.code));
  const remedies: string[] = [];
  const who = granters(object);
  const whoText = who.length > 0 ? `${who.join(', ')} or a workspace admin` : 'a workspace admin';

  if (codes.has('NOT_FOUND')) {
    remedies.push(`Check the ${object.kind} id. If it is right, the ${object.kind} was deleted or hidden from you: ask a workspace admin.`);
    return remedies;
  }
  if (codes.has('ENTITLEMENT_MISSING')) {
    remedies.push('Ask a workspace admin to give you the workspace-access entitlement, or to add you to a group that has it.');
  }
  if (codes.has('SINGLE_USER_CLUSTER')) {
    remedies.push(`This cluster is dedicated to ${object.singleUserName ?? 'another principal'}. Use a shared cluster, or ask ${whoText} to assign it to a group you are in or switch it to standard (shared) access mode.`);
  }
  if (codes.has('GROUP_NOT_SYNCED')) {
    remedies.push(
      subject.provider === 'oidc'
        ? "Your identity provider's group membership has not reached the workspace. Ask the administrator of your identity provider's SCIM provisioning into Databricks to check its logs and push your membership; the grant then applies without any ACL change."
        : 'Your Entra group membership has not reached the workspace. Ask your Entra administrator to check the Azure Databricks SCIM provisioning (Enterprise applications → Provisioning logs) and provision you on demand; the grant then applies without any ACL change.',
    );
  }
  if (codes.has('GROUP_SYNC_UNCHECKED') && subject.idpGroups?.state === 'unknown') {
    remedies.push(`To let Access Lens check for a partial SCIM sync: ${subject.idpGroups.howToEnable}`);
  }
  if (codes.has('ACL_UNREADABLE')) {
    remedies.push(`Only managers can read this ${object.kind}'s permissions. Try the action, or ask ${whoText} whether you hold ${required}.`);
  }
  if (codes.has('ACL_PARTIAL')) {
    remedies.push(`Only managers see this ${object.kind}'s permissions in full, and the part shown to you does not include ${required}. Try the action, or ask ${whoText} whether you or one of your groups holds ${required}.`);
  }
  const groups = sufficientGroups(input);
  if (codes.has('NO_GRANT') || codes.has('LEVEL_TOO_LOW')) {
    remedies.push(`Ask ${whoText} to grant you ${required}.`);
    const group = groups[0];
    if (group) {
      const claimed = groupClaimsOf(subject).twinOf({ displayName: group.name, externalId: group.externalId });
      const twin =
        claimed?.by === 'externalId'
          ? `You are already in its ${providerGroup(subject.provider)} ${claimed.claim}.`
          : claimed
            ? `Your identity provider already lists you in a group of that name ("${claimed.claim}"), but the workspace group does not include you yet: ask whoever provisions groups into the workspace (SCIM) to sync it.`
            : group.externalId
              ? `It is synced from ${providerGroup(subject.provider)} ${group.externalId}: ask that group's owner to add you ${subject.provider === 'oidc' ? 'in your identity provider' : 'in Entra ID'}.`
              : 'It is a workspace-local group: a workspace admin adds members.';
      remedies.push(`Or join group "${group.name}", which holds ${group.level}${group.memberCount !== undefined ? ` (${group.memberCount} members)` : ''}. ${twin}`);
    }
  }
  if (blockers.length > 0 && !codes.has('NOT_FOUND')) remedies.push(`${REQUEST_PREFIX}${requestText(input, groups[0]?.name)}`);
  return remedies;
}

/** The request fits what blocks you: a grant, a provisioning fix, or a change of the cluster's access mode. */
function requestText(input: RemedyInput, group: string | undefined): string {
  const { subject, object, action, required, blockers } = input;
  const codes = new Set(blockers.map((b) => b.code));
  const target = `${object.kind} "${object.name}" (id ${object.id})${object.host ? ` in ${object.host}` : ''}`;
  const need = `I need to ${actionVerb(object.kind, action)} it.`;
  if (codes.has('SINGLE_USER_CLUSTER') && satisfies(object.kind, input.granted, required)) {
    return `Hello, ${target} is dedicated to ${object.singleUserName ?? 'another principal'}, so I (${subject.userName}) cannot attach to it although I hold ${input.granted}. Could you assign it to a group I am in, or switch it to standard (shared) access mode? ${need} Thank you.`;
  }
  if (codes.has('GROUP_NOT_SYNCED')) {
    const synced = blockers.find((b) => b.code === 'GROUP_NOT_SYNCED')?.message ?? '';
    return `Hello, my ${providerGroup(subject.provider)} membership has not been provisioned into the Databricks workspace: ${synced} Could you check the SCIM provisioning for ${subject.userName} (or provision me on demand)? ${need} Thank you.`;
  }
  if (codes.has('ENTITLEMENT_MISSING') && blockers.length === 1) {
    return `Hello, could you give me (${subject.userName}) the workspace-access entitlement${object.host ? ` in ${object.host}` : ''}? ${need} Thank you.`;
  }
  const alternative = group ? ` Alternatively, please add me to group "${group}".` : '';
  return `Hello, could you grant me (${subject.userName}) ${required} on ${target}? ${need}${alternative} Thank you.`;
}
