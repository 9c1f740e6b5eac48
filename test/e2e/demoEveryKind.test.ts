import * as assert from 'node:assert/strict';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

interface LsDoc {
  items: { name: string; level: string | null; actions: Record<string, { allowed: boolean | null }> }[];
}

interface WhyDoc {
  allowed: boolean | null;
  blockers: { code: string }[];
  grants: { principal: string; inheritedFrom: string | null }[];
  policies?: { id: string; name: string; via: string }[];
  runAs?: { type: string; name: string } | null;
  runAsUse?: { allowed: boolean | null; remedies: string[] };
}

/**
 * The demo scenario (what `npm run demo` shows) holds every kind, signed in as alice: per kind one
 * object allowed through a group, one denied, one unknown; a policy as her only way to create a
 * cluster; inherited folder permissions; a job and a pipeline that run as a service principal.
 */
describe('the demo scenario: every kind, for alice', function () {
  this.timeout(120_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox('demo', (_sandbox, startedEnv) => (env = startedEnv));

  const cli = async <T>(...args: string[]): Promise<T> => {
    const result = await runCli([...args, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.json<T>();
  };

  // [ls word, the allowed object, the denied one, the unknown one, the action to look at]
  const KINDS: [string, string, string, string, string][] = [
    ['warehouses', 'analytics-warehouse', 'finance-warehouse', 'exec-warehouse', 'use'],
    ['endpoints', 'churn-scoring', 'fraud-scoring', 'llm-gateway', 'query'],
    ['experiments', '/Shared/recommender', '/Users/bob@contoso.com/sandbox', '/Shared/pricing', 'read'],
    ['models', 'recommender-model', 'finance-forecast', 'pricing-model', 'read'],
    ['pipelines', 'feature-pipeline', 'finance-ingest', 'exec-rollup', 'view'],
    ['pools', 'gpu-pool', 'finance-pool', '', 'attach'],
    ['policies', 'personal-compute', 'gpu-large', 'finance-jobs', 'use'],
  ];
  for (const [plural, allowed, denied, unknown, action] of KINDS) {
    it(`ls ${plural}: allowed, denied${unknown ? ' and unknown' : ''}`, async () => {
      const byName = new Map((await cli<LsDoc>('ls', plural)).items.map((i) => [i.name, i.actions[action]?.allowed]));
      assert.equal(byName.get(allowed), true, plural);
      assert.equal(byName.get(denied), false, plural);
      if (unknown) assert.equal(byName.get(unknown), null, plural);
    });
  }

  it('why cluster-create: no entitlement, one usable policy through data-scientists', async () => {
    const doc = await cli<WhyDoc>('why', 'cluster-create');
    assert.equal(doc.allowed, true);
    assert.deepEqual(doc.policies?.map((p) => [p.name, p.via]), [['personal-compute', 'group:data-scientists']]);
  });

  it('a notebook inherits edit from its folder two levels up', async () => {
    const doc = await cli<WhyDoc>('why', 'notebook', '/Shared/ml/features/build', 'edit');
    assert.equal(doc.allowed, true);
    assert.ok(doc.grants.some((g) => g.principal === 'group:ml-engineers' && g.inheritedFrom?.includes('/Shared/ml')), JSON.stringify(doc.grants));
    assert.equal((await cli<WhyDoc>('why', 'notebook', '/Shared/finance/month-close', 'read')).allowed, false);
  });

  it('a job and a pipeline run as etl-prod-sp, which alice may not use', async () => {
    const job = await cli<WhyDoc>('why', 'job', '612345678901004', 'view');
    assert.equal(job.runAs?.name, 'etl-prod-sp');
    const pipeline = await cli<WhyDoc>('why', 'pipeline', '7e57da7a-0000-4000-8000-00000000d001', 'run');
    assert.deepEqual([pipeline.allowed, pipeline.runAs?.type, pipeline.runAs?.name], [true, 'servicePrincipal', 'etl-prod-sp']);
    assert.equal(pipeline.runAsUse?.allowed, false);
    assert.match(pipeline.runAsUse?.remedies.join(' ') ?? '', /etl-operators/);
  });
});
