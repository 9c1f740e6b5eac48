/** The row of one object (objectRow.ts) and the groups an ACL names. */
import type { AclState } from '../access/types';

export { compactRow } from './objectRow';
export type { ObjectRow } from './objectRow';

export function aclGroups(acl: AclState & { state: 'readable' }): string[] {
  return acl.entries.filter((e) => e.principal.startsWith('group:')).map((e) => e.principal.slice('group:'.length));
}
