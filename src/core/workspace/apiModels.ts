/**
 * The typed view of the workspace answers Access Lens parses, taken from the
 * Databricks SDK's generated models (its OpenAPI), not written by hand:
 * hand-written interfaces are how a renamed field (transitive groups'
 * `group_id` → `internal_id`) drifted unnoticed. Type-only: tsc and esbuild
 * erase these imports, so the SDK, a devDependency, is never in a bundle
 * (figures in docs/architecture.md).
 *
 * A type is not a check: services drift, so every parser still validates
 * what it reads (answerShape.ts, INVALID_RESPONSE). Where a parser accepts a
 * variant the model does not have, the alias below widens that field and says why.
 */
import type { ClusterDetails, ListClustersResponse } from '@databricks/sdk-experimental/dist/apis/compute/model';
import type { AccessControlResponse, Group, ListGroupsResponse, ObjectPermissions, Permission, User } from '@databricks/sdk-experimental/dist/apis/iam/model';
import type { BaseJob, Job, ListJobsResponse, ListRunsResponse, Run, RunNowResponse } from '@databricks/sdk-experimental/dist/apis/jobs/model';

/** `T` with the fields `K` retyped as `V`: a variant the vendor model does not list. */
type Widen<T, K extends keyof T, V> = Omit<T, K> & { [P in K]?: V };

/** An int64 id: the models say number; answers and our own quoting (transitiveGroups.ts) also give strings. */
type Int64Id = number | string;

/** `GET /api/2.1/clusters/list` and one of its clusters. */
export type ClusterListAnswer = ListClustersResponse;
export type ClusterAnswer = ClusterDetails;

/** `GET /api/2.2/jobs/list` and one of its jobs. */
export type JobListAnswer = ListJobsResponse;
export type JobAnswer = BaseJob;

/** One permission of an ACL entry; older answers give `inherited_from_object` as one string, the model only as a list. */
export type PermissionAnswer = Widen<Permission, 'inherited_from_object', string[] | string>;
export type AclEntryAnswer = Widen<AccessControlResponse, 'all_permissions', PermissionAnswer[]>;
/** `GET /api/2.0/permissions/{type}/{id}`. */
export type AclAnswer = Widen<ObjectPermissions, 'access_control_list', AclEntryAnswer[]>;

/** `GET /api/2.2/jobs/get`; `job_id` may come as a string. */
export type JobDetailsAnswer = Widen<Job, 'job_id', Int64Id>;

/**
 * `GET /api/2.2/jobs/runs/get`, an entry of `runs/list`. The model's `Run` has no `run_as_user_name`,
 * which some workspaces send (who the run ran as), so it is added; ids may come as strings.
 */
export type RunAnswer = Widen<Run, 'run_id' | 'job_id', Int64Id> & { run_as_user_name?: string };
export type RunListAnswer = ListRunsResponse;
export type RunNowAnswer = RunNowResponse;

/** SCIM `Me` (a `User`), one group, and a `Groups?filter=` page. */
export type ScimUserAnswer = User;
export type ScimGroupAnswer = Group;
export type ScimGroupListAnswer = ListGroupsResponse;

// `GET /api/2.0/identity/principals/{id}/transitive-parent-groups` has no model in this SDK
// generation; its entries carry `group_id` or `internal_id` by generation, read in transitiveGroups.ts.
