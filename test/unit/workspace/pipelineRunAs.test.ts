import * as assert from 'node:assert/strict';
import { pipelineRunAsName, readPipelineRunAs } from '../../../src/core/workspace/pipelineRunAs';
import type { HttpResponse } from '../../../src/core/net/httpsClient';

const SP = '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10';

/** A reader answering pipelines/get with `pipeline` and SCIM with one service principal. */
function reader(status: number, body: string): { rawGet(path: string): Promise<HttpResponse> } {
  return {
    rawGet: async (path: string) => {
      if (path.includes('/scim/v2/ServicePrincipals')) return { status: 200, headers: {}, body: JSON.stringify({ Resources: [{ applicationId: SP, displayName: 'etl-sp' }] }) } as unknown as HttpResponse;
      return { status, headers: {}, body } as unknown as HttpResponse;
    },
  };
}

describe('pipelineRunAs: which identity a pipeline runs as, from any field pipelines/get gives', () => {
  // [case, pipelines/get answer, expected]
  const CASES: [string, unknown, ReturnType<typeof pipelineRunAsName>][] = [
    ['run_as_user_name alone (the owner, implicit)', { run_as_user_name: 'bob@contoso.com' }, { name: 'bob@contoso.com', servicePrincipal: false }],
    ['run_as_user_name that is an application id', { run_as_user_name: SP }, { name: SP, servicePrincipal: true }],
    ['explicit run_as with a service principal', { run_as_user_name: SP, run_as: { service_principal_name: SP } }, { name: SP, servicePrincipal: true }],
    ['explicit run_as with a user, no run_as_user_name', { run_as: { user_name: 'alice@contoso.com' } }, { name: 'alice@contoso.com', servicePrincipal: false }],
    ['run_as under spec (older answers)', { spec: { run_as: { service_principal_name: SP } } }, { name: SP, servicePrincipal: true }],
    ['explicit run_as wins over run_as_user_name', { run_as_user_name: 'bob@contoso.com', run_as: { service_principal_name: SP } }, { name: SP, servicePrincipal: true }],
    ['no field at all', { pipeline_id: 'p1', creator_user_name: 'bob@contoso.com' }, undefined],
    ['empty strings name nobody', { run_as_user_name: '', run_as: { user_name: ' ' } }, undefined],
    ['not an object', 'oops', undefined],
  ];
  for (const [name, answer, expected] of CASES) {
    it(name, () => assert.deepEqual(pipelineRunAsName(answer), expected));
  }

  it('names a service principal by its display name, with its application id', async () => {
    const read = await readPipelineRunAs(reader(200, JSON.stringify({ run_as_user_name: SP, run_as: { service_principal_name: SP } })), 'p1', 'alice@contoso.com');
    assert.deepEqual(read, { runAs: { type: 'servicePrincipal', name: 'etl-sp', applicationId: SP, isYou: false } });
  });

  it('says a pipeline runs as you, whatever the case of the name', async () => {
    const read = await readPipelineRunAs(reader(200, JSON.stringify({ run_as_user_name: 'Alice@Contoso.com' })), 'p1', 'alice@contoso.com');
    assert.deepEqual(read, { runAs: { type: 'user', name: 'Alice@Contoso.com', isYou: true } });
  });

  it('is unknown with the reason when pipelines/get names nobody, refuses, or answers HTML', async () => {
    const none = await readPipelineRunAs(reader(200, '{"pipeline_id":"p1"}'), 'p1', 'a');
    assert.ok(none.runAs === null && /names no run-as identity/.test(none.reason));
    const refused = await readPipelineRunAs(reader(403, '{"error_code":"PERMISSION_DENIED","message":"no"}'), 'p1', 'a');
    assert.ok(refused.runAs === null && /HTTP 403 PERMISSION_DENIED: no/.test(refused.reason), JSON.stringify(refused));
    const html = await readPipelineRunAs(reader(200, '<html>gateway</html>'), 'p1', 'a');
    assert.ok(html.runAs === null && /not JSON/.test(html.reason));
  });
});
