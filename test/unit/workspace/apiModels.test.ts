/**
 * The fields the parsers read are fields of the Databricks SDK's generated
 * models. The lists are typed `keyof <model>`: if a model renames a field we
 * read, this file stops compiling (tsc fails before any test runs). The
 * runtime half ties the kind table's field names to those lists.
 */
import * as assert from 'node:assert/strict';
import type {
  AclAnswer,
  AclEntryAnswer,
  ClusterAnswer,
  ClusterListAnswer,
  JobAnswer,
  JobDetailsAnswer,
  JobListAnswer,
  PermissionAnswer,
  RunAnswer,
  RunListAnswer,
  RunNowAnswer,
  ScimGroupAnswer,
  ScimGroupListAnswer,
  ScimUserAnswer,
} from '../../../src/core/workspace/apiModels';
import type { JobRunAs, JobSettings, RunState, RunStatus, TerminationDetails } from '@databricks/sdk-experimental/dist/apis/jobs/model';
import type { ComplexValue } from '@databricks/sdk-experimental/dist/apis/iam/model';
import { kindRow } from '../../../src/core/access/kinds';

const read = {
  clusterList: ['clusters', 'next_page_token'] satisfies (keyof ClusterListAnswer)[],
  cluster: ['cluster_id', 'cluster_name', 'state', 'data_security_mode', 'single_user_name', 'creator_user_name'] satisfies (keyof ClusterAnswer)[],
  jobList: ['jobs', 'next_page_token', 'has_more'] satisfies (keyof JobListAnswer)[],
  job: ['job_id', 'settings', 'creator_user_name'] satisfies (keyof JobAnswer)[],
  jobSettings: ['name', 'run_as'] satisfies (keyof JobSettings)[],
  runAs: ['user_name', 'service_principal_name'] satisfies (keyof JobRunAs)[],
  jobDetails: ['job_id', 'creator_user_name', 'run_as_user_name', 'settings'] satisfies (keyof JobDetailsAnswer)[],
  acl: ['access_control_list'] satisfies (keyof AclAnswer)[],
  aclEntry: ['user_name', 'group_name', 'service_principal_name', 'all_permissions'] satisfies (keyof AclEntryAnswer)[],
  permission: ['permission_level', 'inherited', 'inherited_from_object'] satisfies (keyof PermissionAnswer)[],
  run: ['run_id', 'job_id', 'creator_user_name', 'trigger', 'start_time', 'end_time', 'run_page_url', 'state', 'status'] satisfies (keyof RunAnswer)[],
  runState: ['life_cycle_state', 'result_state', 'state_message'] satisfies (keyof RunState)[],
  runStatus: ['state', 'termination_details'] satisfies (keyof RunStatus)[],
  termination: ['code', 'message'] satisfies (keyof TerminationDetails)[],
  runList: ['runs'] satisfies (keyof RunListAnswer)[],
  runNow: ['run_id'] satisfies (keyof RunNowAnswer)[],
  scimMe: ['id', 'userName', 'displayName', 'entitlements', 'groups'] satisfies (keyof ScimUserAnswer)[],
  scimGroup: ['id', 'displayName', 'externalId', 'groups', 'members', 'entitlements'] satisfies (keyof ScimGroupAnswer)[],
  scimGroupList: ['Resources'] satisfies (keyof ScimGroupListAnswer)[],
  scimValue: ['value', 'display'] satisfies (keyof ComplexValue)[],
};

describe('workspace answers are typed by the SDK models', () => {
  it('the kind table reads fields the cluster and job models have', () => {
    const cluster = kindRow('cluster');
    assert.ok((read.cluster as string[]).includes(cluster.idField));
    assert.ok(cluster.nameField.every((f) => (read.cluster as string[]).includes(f)));
    assert.ok((read.clusterList as string[]).includes(cluster.list.field));
    // The details the row reads are the model's fields: each one set in a raw cluster comes out.
    const details = cluster.details?.({ state: 'RUNNING', data_security_mode: 'SINGLE_USER', single_user_name: 'a@b' });
    assert.deepEqual(details, { state: 'RUNNING', dataSecurityMode: 'SINGLE_USER', singleUserName: 'a@b' });

    const job = kindRow('job');
    assert.ok((read.job as string[]).includes(job.idField));
    assert.equal(job.nameField[0], 'settings');
    assert.ok((read.jobSettings as string[]).includes(job.nameField[1] ?? ''));
    assert.ok((read.jobList as string[]).includes(job.list.field));
  });
});
