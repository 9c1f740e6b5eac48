/**
 * Property tests with fast-check: over 100,000 random and adversarial inputs
 * explainError never throws, always returns a well-formed docs/cli.md
 * document, and never takes long. The only timing bound is a generous guard
 * against catastrophic backtracking (250 ms for one input of up to 1 MB),
 * not a benchmark: test/unit/explain/throughput.ts measures speed.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EXPLAIN_CODES, explainError, type Explanation } from '../../../src/core/explain/explain';
import { withinGuard } from '../helpers/timeGuard';

const GUARD_MS = 250;
const KINDS = ['cluster', 'job', 'warehouse', 'endpoint', 'notebook', 'pipeline', 'experiment', 'model'];

function check(text: string): void {
  const got: Explanation = withinGuard(() => explainError(text), GUARD_MS, (ms) => `took ${ms.toFixed(0)} ms for ${text.length} characters starting ${JSON.stringify(text.slice(0, 80))}`);
  assert.ok(EXPLAIN_CODES.includes(got.code));
  assert.equal(got.matched, got.code !== 'UNKNOWN');
  assert.equal(typeof got.title, 'string');
  assert.equal(typeof got.explanation, 'string');
  assert.ok(Array.isArray(got.remedies) && got.remedies.length > 0 && got.remedies.every((r) => typeof r === 'string'));
  if (got.object !== null) {
    assert.ok(KINDS.includes(got.object.kind));
    assert.ok(got.object.id.length > 0 && got.object.id.length <= 400);
  }
  assert.ok(got.permission === null || /^(?:CAN|IS)_[A-Z_]+$/.test(got.permission));
  if (got.aadsts !== undefined) assert.ok(Number.isInteger(got.aadsts));
  if (got.httpStatus !== undefined) assert.ok([401, 403, 404, 429].includes(got.httpStatus));
}

/** Pieces of real error shapes, so that random concatenations hit the confirmers' edge cases. */
const FRAGMENTS = [
  '{', '}', '[', ']', '"', "'", '<', '>', ':', ',', '-', '(', ')', '\\', '\n', ' ', '0', '1', '4', '403', '429', '9',
  '"error_code":', '"error_code": 403', "'error_code': ", 'error_code=', '"status":"', '"status": 40', '"detail":"',
  'AADSTS', 'AADSTS5', 'AADSTS50076', 'AADSTS700082:', 'AADSTS90006', 'AADSTS7000215',
  'does not have ', 'does not have Manage ', ' or ', 'permissions on ', 'permission to ', 'PERMISSION_DENIED',
  'PermissionDenied: ', 'is not authorized to ', 'not authorized', 'Single-user check failed',
  'Token is expiring within ', 'Invalid access token', 'Invalid access to Org: ', 'Expected aud claim',
  'Source IP address: ', ' is blocked by Databricks IP ACL', 'REQUEST_LIMIT_EXCEEDED', 'Too many requests',
  'RESOURCE_DOES_NOT_EXIST', ' does not exist', 'Refresh token ', 'refresh token is invalid', 'invalid_grant',
  'cluster ', '0412-093011-gpu7x4k2', '0412-093011-', 'job ', 'job_id=', 'ElasticJobId(', 'Job with ID: ',
  'warehouses/', 'a2325222d375d1cb', 'serving-endpoints/', "endpoint '", 'pipelines/', 'experiments/', 'registered-models/',
  'notebook /Users/', 'CAN_MANAGE', 'IS_OWNER', 'HTTP/2.0 ', 'Error 40', 'HTTP ERROR 403', '<title>', '</title>', '(40',
  'status code ', 'Forbidden', 'Unauthorized', 'NotFound: ', '.NotFound', 'İ', '\u0000', '\ud800', '😀',
];

const fragment = fc.constantFrom(...FRAGMENTS);
// size 'max' spreads lengths over the whole range instead of fast-check's small default.
const adversarial = fc.array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 200, size: 'max' }).map((parts) => parts.join(''));
const jsonText = fc.json({ maxDepth: 6, depthSize: 'medium', stringUnit: 'binary' });
const randomText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 2_000, size: 'max' }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

describe('explainError fuzzing', function () {
  this.timeout(300_000);

  it('survives 60,000 random strings', () => {
    fc.assert(fc.property(randomText, (text) => check(text)), { numRuns: 60_000, seed: 1 });
  });

  it('survives 30,000 adversarial concatenations of error fragments', () => {
    fc.assert(fc.property(adversarial, (text) => check(text)), { numRuns: 30_000, seed: 2 });
  });

  it('survives 10,000 JSON documents, bare and wrapped in error shapes', () => {
    const wrapped = fc.tuple(jsonText, fragment, fc.boolean()).map(([json, f, before]) => (before ? `${f}${json}` : `${json}${f}`));
    fc.assert(fc.property(fc.oneof(jsonText, wrapped), (text) => check(text)), { numRuns: 10_000, seed: 3 });
  });

  it('survives deeply nested JSON-looking text', () => {
    for (const depth of [1_000, 50_000, 200_000]) {
      check(`${'{"error_code":'.repeat(depth)}403${'}'.repeat(depth)}`);
      check(`${'['.repeat(depth)}"AADSTS50076"${']'.repeat(depth)}`);
    }
  });

  it('survives 1 MB runs of a single fragment, and of mixed fragments', () => {
    const MB = 1024 * 1024;
    const big = fc.tuple(fc.array(fragment, { minLength: 1, maxLength: 4 }), fc.integer({ min: MB / 4, max: MB })).map(([parts, size]) => {
      const unit = parts.join('');
      return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    });
    fc.assert(fc.property(big, (text) => check(text)), { numRuns: 150, seed: 4 });
    for (const f of FRAGMENTS) check(f.repeat(Math.ceil(MB / f.length)));
  });

  it('still finds the real error at the end of 1 MB of adversarial noise', () => {
    const noise = 'does not have AADSTS "error_code": 0412-093011- '.repeat(20_000);
    const got = explainError(`${noise}\nUser a does not have Restart permissions on cluster 0412-093011-gpu7x4k2.`);
    assert.equal(got.code, 'PERMISSION_DENIED');
    assert.equal(got.permission, 'CAN_RESTART');
    assert.deepEqual(got.object, { kind: 'cluster', id: '0412-093011-gpu7x4k2' });
  });
});
