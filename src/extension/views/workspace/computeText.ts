/**
 * The words of "Can I create a cluster?" in the Workspace view (computeNodes.ts shows them): pure,
 * no `vscode`, so the unit tests read them off real verdicts of access/clusterCreate.ts.
 */
import type { ClusterCreateVerdict } from '../../../core/access/clusterCreate';

/** `group:data-team` → `data-team`; null (no grant found) → "a grant". */
export const principalName = (principal: string | null): string => (principal ? principal.replace(/^(group|user|servicePrincipal):/, '') : 'a grant');

/** The group that would give a policy, the policy and who manages it, from the verdict's first "Join group …" remedy. */
function joinHint(verdict: ClusterCreateVerdict): { group: string; policy: string; managers: string } | undefined {
  for (const remedy of verdict.remedies) {
    const match = /^Join group "([^"]+)", which holds CAN_USE on cluster policy "([^"]+)" \(id [^)]*\); the policy is managed by (.+)\.$/.exec(remedy);
    if (match) return { group: match[1]!, policy: match[2]!, managers: match[3]! };
  }
  return undefined;
}

/** The description: yes and how, no and which group would give a policy (managed by whom), or unknown and why. */
export function clusterCreateDescription(verdict: ClusterCreateVerdict | undefined, error: string | undefined): string {
  if (error) return `unknown: ${error}`;
  if (!verdict) return 'checking…';
  if (verdict.allowed === true) {
    if (verdict.entitlement.held === true) return `yes · ${verdict.entitlement.name} via ${principalName(verdict.entitlement.via)}`;
    const [first] = verdict.policies;
    return `yes · with policy ${first?.name ?? '?'}${first?.via ? ` via ${principalName(first.via)}` : ''}`;
  }
  // What could not be read is the reason, not the entitlement that is simply missing.
  if (verdict.allowed === null) return `unknown: ${verdict.blockers.find((b) => b.code === 'ENTITLEMENT_UNKNOWN' || b.code === 'ACL_UNREADABLE')?.message ?? 'part of what would allow it could not be read'}`;
  const join = joinHint(verdict);
  return join ? `no · group ${join.group} would give policy ${join.policy} (managed by ${join.managers})` : 'no · no entitlement and no policy you may use';
}
