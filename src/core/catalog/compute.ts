/**
 * The compute side of a Unity Catalog question (`why table … --cluster ID`, docs/cli.md): the
 * privileges may all be held and the read still fail, because the cluster's access mode cannot
 * read Unity Catalog at all, or the cluster is dedicated to someone else. Pure: the caller reads
 * the cluster (the access map's cluster list) and who you are.
 *
 * Access modes as the Clusters API's `data_security_mode` names them (the SDK's DataSecurityMode):
 * standard (`USER_ISOLATION`, `DATA_SECURITY_MODE_STANDARD`) and dedicated (`SINGLE_USER`,
 * `DATA_SECURITY_MODE_DEDICATED`) read Unity Catalog; no-isolation shared (`NONE`) and the legacy
 * modes do not (Databricks, "Compute access mode limitations for Unity Catalog":
 * https://learn.microsoft.com/azure/databricks/compute/access-mode-limitations). `DATA_SECURITY_MODE_AUTO`,
 * a missing mode or one this table does not know is unknown, never a pass.
 */
import { Membership } from '../access/principals';
import type { Blocker, Subject } from '../access/types';
import { ucAction } from './requirements';
import type { UcVerdict } from './types';

/** What the cluster list says about the cluster named by `--cluster`; null when it is not listed. */
export interface ComputeFacts {
  readonly id: string;
  readonly name: string;
  readonly dataSecurityMode: string | undefined;
  readonly singleUserName: string | undefined;
}

/** The cluster the `why` document was checked against (the `compute` field of docs/cli.md). */
export interface ComputeSummary {
  readonly id: string;
  readonly name: string | null;
  readonly dataSecurityMode: string | null;
  readonly singleUserName: string | null;
}

export type UcComputeVerdict = UcVerdict & { readonly compute: ComputeSummary };

const WITH_UC = new Set(['USER_ISOLATION', 'DATA_SECURITY_MODE_STANDARD', 'SINGLE_USER', 'DATA_SECURITY_MODE_DEDICATED']);
const DEDICATED = new Set(['SINGLE_USER', 'DATA_SECURITY_MODE_DEDICATED']);
const WITHOUT_UC = new Set(['NONE', 'LEGACY_TABLE_ACL', 'LEGACY_PASSTHROUGH', 'LEGACY_SINGLE_USER', 'LEGACY_SINGLE_USER_STANDARD']);

/** Blockers that decide "no" whatever the privileges say. */
const CERTAIN = new Set(['COMPUTE_NO_UNITY_CATALOG', 'SINGLE_USER_CLUSTER', 'NOT_FOUND']);

function label(id: string, cluster: ComputeFacts | null): string {
  return cluster ? `cluster "${cluster.name}" (${id})` : `cluster ${id}`;
}

/** What blocks reading Unity Catalog from the cluster, for you: nothing when it can and may. */
export function computeBlockers(subject: Subject, id: string, cluster: ComputeFacts | null): Blocker[] {
  const where = label(id, cluster);
  if (!cluster) return [{ code: 'NOT_FOUND', message: `No cluster with id ${id} exists, or you are not allowed to see it.` }];
  const mode = cluster.dataSecurityMode;
  if (mode && WITHOUT_UC.has(mode)) {
    return [{ code: 'COMPUTE_NO_UNITY_CATALOG', message: `${where} runs in access mode ${mode}, which cannot read Unity Catalog at all, whatever your privileges.` }];
  }
  if (!mode || !WITH_UC.has(mode)) {
    const why = !mode ? 'the cluster list gives no access mode (data_security_mode)' : `its access mode ${mode} is not one known to read Unity Catalog or not to`;
    return [{ code: 'COMPUTE_MODE_UNKNOWN', message: `Whether ${where} can read Unity Catalog is unknown: ${why}.` }];
  }
  if (DEDICATED.has(mode) && (!cluster.singleUserName || !new Membership(subject).isMeOrMyGroup(cluster.singleUserName))) {
    return [{ code: 'SINGLE_USER_CLUSTER', message: `${where} is in dedicated (single-user) access mode for ${cluster.singleUserName ?? 'another principal'}; only that principal can use it, whatever your privileges.` }];
  }
  return [];
}

function computeRemedies(blockers: readonly Blocker[], where: string, cluster: ComputeFacts | null): string[] {
  const codes = new Set(blockers.map((b) => b.code));
  const remedies: string[] = [];
  if (codes.has('NOT_FOUND')) remedies.push('Check the cluster id: "access-lens ls clusters" lists the clusters you can see.');
  if (codes.has('COMPUTE_NO_UNITY_CATALOG')) remedies.push(`Run it on a cluster in standard (shared) or dedicated access mode, or ask whoever manages ${where} (CAN_MANAGE) to switch its access mode to one of those.`);
  if (codes.has('COMPUTE_MODE_UNKNOWN')) remedies.push(`Look up the access mode of ${where} (Compute → the cluster → Access mode): standard or dedicated read Unity Catalog, no-isolation shared and the legacy modes do not.`);
  if (codes.has('SINGLE_USER_CLUSTER')) remedies.push(`Use a cluster in standard (shared) access mode or one dedicated to you or a group of yours, or ask whoever manages ${where} to assign it to a group you are in${cluster?.singleUserName ? ` instead of ${cluster.singleUserName}` : ''}.`);
  return remedies;
}

/**
 * The `why` document with the cluster's side folded in: a compute blocker makes a "yes" a "no"
 * (or unknown, when the mode is unknown); a "no" from the privileges stays a "no" and its summary
 * leads, and every blocker and remedy of both sides is listed.
 */
export function withCompute(verdict: UcVerdict, subject: Subject, id: string, cluster: ComputeFacts | null): UcComputeVerdict {
  const blockers = computeBlockers(subject, id, cluster);
  const where = label(id, cluster);
  const compute: ComputeSummary = { id, name: cluster?.name ?? null, dataSecurityMode: cluster?.dataSecurityMode ?? null, singleUserName: cluster?.singleUserName ?? null };
  const first = blockers[0];
  if (!first) return { ...verdict, summary: `${verdict.summary} ${where[0]?.toUpperCase()}${where.slice(1)} runs in access mode ${cluster?.dataSecurityMode}, which reads Unity Catalog.`, compute };
  const certain = blockers.some((b) => CERTAIN.has(b.code));
  const allowed = verdict.allowed === false || certain ? false : null;
  const verb = ucAction(verdict.kind, verdict.action).verb;
  const summary =
    verdict.allowed === false
      ? verdict.summary
      : `${allowed === false ? 'You cannot' : 'Unknown whether you can'} ${verb} ${verdict.kind} ${verdict.id} from ${where}: ${first.message} (The privileges alone: ${verdict.summary})`;
  return { ...verdict, allowed, blockers: [...verdict.blockers, ...blockers], remedies: [...verdict.remedies, ...computeRemedies(blockers, where, cluster)], summary, compute };
}
