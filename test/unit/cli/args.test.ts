import * as assert from 'node:assert/strict';
import { UsageError, parseArgs } from '../../../src/cli/args';

describe('CLI arguments', () => {
  it('parses a command, operands and value flags in both spellings', () => {
    const args = parseArgs(['why', 'cluster', '0123-456789-abcd', 'attach', '--json', '--host', 'https://h.example', '--tenant=contoso.com']);
    assert.equal(args.command, 'why');
    assert.deepEqual(args.operands, ['cluster', '0123-456789-abcd', 'attach']);
    assert.ok(args.json);
    assert.deepEqual(args.flags.values, { host: 'https://h.example', tenant: 'contoso.com' });
  });

  it('maps --device-code and --browser onto the sign-in flow and refuses both', () => {
    assert.equal(parseArgs(['login', '--device-code']).flags.values.signInFlow, 'deviceCode');
    assert.equal(parseArgs(['login', '--browser']).flags.values.signInFlow, 'browser');
    assert.throws(() => parseArgs(['login', '--browser', '--device-code']), UsageError);
  });

  it('names unknown commands, unknown options and missing values', () => {
    assert.throws(() => parseArgs(['frobnicate']), /Unknown command "frobnicate"\. Commands: login/);
    assert.throws(() => parseArgs(['whoami', '--colour']), /Unknown option --colour/);
    assert.throws(() => parseArgs(['whoami', '--host']), /--host needs a value, e\.g\. --host https:/);
    assert.throws(() => parseArgs(['whoami', '--host', '--json']), /--host needs a value/);
  });

  it('takes why … --cluster ID, and refuses it without a value or with another command', () => {
    assert.equal(parseArgs(['why', 'table', 'main.features.churn', 'select', '--cluster', '0101-000000-aaaa0005']).cluster, '0101-000000-aaaa0005');
    assert.equal(parseArgs(['why', 'table', 'main.features.churn', 'select']).cluster, undefined);
    assert.throws(() => parseArgs(['why', 'table', 'x', 'select', '--cluster']), /--cluster needs a value, e\.g\. --cluster 0123-456789-abcd/);
    assert.throws(() => parseArgs(['ls', 'clusters', '--cluster', '1']), /--cluster goes with "access-lens why", not with "ls"/);
  });

  it('takes doctor --run-job ID in both spellings, and refuses it without a value or with another command', () => {
    assert.equal(parseArgs(['doctor', '--run-job', '3004']).runJob, '3004');
    assert.equal(parseArgs(['doctor', '--run-job=3004', '--json']).runJob, '3004');
    assert.equal(parseArgs(['doctor']).runJob, undefined);
    assert.throws(() => parseArgs(['doctor', '--run-job']), /--run-job needs a value, e\.g\. --run-job 123456789/);
    assert.throws(() => parseArgs(['ls', 'jobs', '--run-job', '1']), /--run-job goes with "access-lens doctor", not with "ls"/);
  });
});
