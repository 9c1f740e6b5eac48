// GET /api/2.0/pipelines/{id} (scenario `workspace.sqlAndMl.pipelines`): the pipeline with who its updates
// run as, as the pipelines service's GetPipelineResponse has it: `run_as_user_name` always (the owner
// unless run-as was set; a service principal's is its application id), `run_as` only when set
// explicitly. Reading it needs CAN_VIEW or above; anyone else gets 403.
import { sendJson } from '../http/respond';
import type { ApiHandler } from './context';
import { sendApiError } from './errors';
import { levelOf } from './sqlAndMl';

export const handleGetPipeline: ApiHandler = (wc, ctx, caller) => {
  const dir = wc.runtime.directory;
  const { id } = ctx.params as { id: string };
  const pipeline = (dir.scenario.workspace.sqlAndMl?.pipelines ?? []).find((p) => p.id === id);
  if (!pipeline) return sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `The specified pipeline ${id} was not found.`);
  if (!levelOf(dir, 'pipelines', pipeline, caller.user.userName)) {
    return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `You do not have permission to view pipeline ${id}. Please contact the owner or an administrator for access.`);
  }
  const runAs = pipeline.runAs ?? pipeline.owner;
  const explicit = pipeline.runAs === undefined ? {} : { run_as: dir.servicePrincipal(runAs) ? { service_principal_name: runAs } : { user_name: runAs } };
  sendJson(ctx.res, 200, {
    pipeline_id: pipeline.id,
    name: pipeline.name,
    state: 'IDLE',
    creator_user_name: pipeline.owner,
    run_as_user_name: runAs,
    ...explicit,
    spec: { id: pipeline.id, name: pipeline.name, catalog: 'main', target: 'features' },
  });
};
