/**
 * Focused table tests: one or more texts per docs/codes.md code, per extraction
 * rule (object kinds, permission words) and per selection rule (strongest
 * signal, then earliest). Texts here are short shapes; real messages live in
 * test/corpus/messages.json.
 */
import * as assert from 'node:assert/strict';
import { explainError, suggestedAction, type ExplainCode } from '../../../src/core/explain/explain';
import { levelFromPhrase } from '../../../src/core/explain/extract';

const BY_CODE: Array<[ExplainCode, string]> = [
  ['TOKEN_EXPIRED', 'Error 403 Token is expiring within 30 seconds. (token expired)'],
  ['TOKEN_EXPIRED', 'io.jsonwebtoken.ExpiredJwtException: JWT expired at 2024-01-01T00:00:00Z'],
  ['TOKEN_EXPIRED', 'The Databricks access token has expired.'],
  ['TOKEN_INVALID', '{"error_code": 403, "message": "Invalid access token."}'],
  ['TOKEN_INVALID', '{"error_code":"401","message":"Credential was not sent or was of an unsupported type for this API."}'],
  ['TOKEN_INVALID', 'HTTP/1.1 401 Unauthorized'],
  ['WRONG_AUDIENCE', 'io.jsonwebtoken.IncorrectClaimException: Expected aud claim to be: 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d, but was: https://management.core.windows.net/.'],
  ['WRONG_AUDIENCE', 'AADSTS500011: The resource principal named x was not found in the tenant named y.'],
  ['WRONG_AUDIENCE', '{"error":"invalid_grant","error_description":"Token audience \'api://x\' does not match the federation policy (expected one of: y)."}'],
  ['TOKEN_INVALID', '{"error":"invalid_grant","error_description":"No federation policy trusts the token issuer \'https://idp\'."}'],
  ['TOKEN_EXPIRED', '{"error":"invalid_grant","error_description":"Token is expired"}'],
  ['NOT_PROVISIONED', '{"error":"invalid_grant","error_description":"No Databricks user matches the token\'s \'sub\' claim (\"x\")."}'],
  ['IP_BLOCKED', "{'error_code': 403, 'message': 'Source IP address: 203.0.113.7 is blocked by Databricks IP ACL for workspace: 1'}"],
  ['RATE_LIMITED', '{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"Too many requests"}'],
  ['RATE_LIMITED', '< HTTP/2.0 429 Too Many Requests'],
  ['RATE_LIMITED', '{"error_code": 429, "message": "slow down"}'],
  ['PERMISSION_DENIED', 'databricks.sdk.errors.platform.PermissionDenied: User a does not have Attach permissions on cluster 0412-093011-gpu7x4k2'],
  ['PERMISSION_DENIED', '<html><head><title>Error 403 User not authorized.</title></head></html>'],
  ['PERMISSION_DENIED', '{"detail":"User not authorized","status":"403","schemas":["urn:ietf:params:scim:api:messages:2.0:Error"]}'],
  ['PERMISSION_DENIED', 'Error: PERMISSION_DENIED: User does not have USE SCHEMA on Schema \'main.default\'.'],
  ['NOT_FOUND', '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Job 42 does not exist."}'],
  ['NOT_FOUND', 'databricks.sdk.errors.platform.ResourceDoesNotExist: Cluster 0412-093011-gpu7x4k2 does not exist'],
  ['NOT_FOUND', '{"detail":"User not found","status":"404"}'],
  ['NOT_PROVISIONED', '{"error_code":403,"message":"Invalid access to Org: 3352391956719492"}'],
  ['NOT_PROVISIONED', 'User alice@example.com is not part of org: 123'],
  ['MFA_REQUIRED', 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication'],
  ['MFA_REQUIRED', 'you must use multi-factor authentication to access this resource'],
  ['CONDITIONAL_ACCESS_BLOCKED', 'AADSTS53003: Access has been blocked by Conditional Access policies.'],
  ['CONDITIONAL_ACCESS_BLOCKED', 'AADSTS53000: Device is not in required device state: compliant.'],
  ['REFRESH_TOKEN_EXPIRED', 'AADSTS700082: The refresh token has expired due to inactivity.'],
  ['REFRESH_TOKEN_EXPIRED', 'oauth2: "invalid_request" "Refresh token is invalid"'],
  ['REFRESH_TOKEN_EXPIRED', '{"error":"invalid_grant","error_description":"bad token"}'],
  ['CONSENT_REQUIRED', 'AADSTS65001: The user or administrator has not consented to use the application'],
  ['CONSENT_REQUIRED', 'InteractionRequiredAuthError: consent_required'],
  ['USER_NOT_ASSIGNED', "AADSTS50105: The signed in user 'x' is not assigned to a role for the application 'y'."],
  ['PUBLIC_CLIENT_DISABLED', "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."],
  ['STATE_MISMATCH', 'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.'],
  ['STATE_MISMATCH', 'ClientAuthError: state_mismatch: State mismatch error. Please check your network.'],
  ['UNKNOWN', ''],
  ['UNKNOWN', 'Traceback (most recent call last):\n  File "x.py", line 1\nZeroDivisionError: division by zero'],
  ['UNKNOWN', '2024-05-01 INFO Executor: Finished task 1.0 in stage 3.0 (TID 7) in 12 ms'],
];

describe('explainError: one text per code', () => {
  for (const [code, text] of BY_CODE) {
    it(`${code} ← ${text.slice(0, 70).replace(/\s+/g, ' ') || '(empty)'}`, () => {
      const got = explainError(text);
      assert.equal(got.code, code);
      assert.equal(got.matched, code !== 'UNKNOWN');
      assert.ok(got.remedies.length > 0);
    });
  }
});

describe('explainError: the objects a text names', () => {
  const cases: Array<[string, string, string]> = [
    ['User a does not have Restart permissions on cluster 0412-093011-gpu7x4k2.', 'cluster', '0412-093011-gpu7x4k2'],
    ['PERMISSION_DENIED: cannot restart, cluster_id=0412-093011-gpu7x4k2', 'cluster', '0412-093011-gpu7x4k2'],
    ['GET /api/2.1/clusters/get?cluster_id=0412-093011-gpu7x4k2\n< HTTP/2.0 403 Forbidden', 'cluster', '0412-093011-gpu7x4k2'],
    ['x does not have Manage permissions on Job with ID: ElasticJobId(123). Please contact the owner.', 'job', '123'],
    ['User a does not have View permissions on job 123', 'job', '123'],
    ['PERMISSION_DENIED for job_id 77 in run', 'job', '77'],
    ['{"job_id": 991, "error_code":"PERMISSION_DENIED"}', 'job', '991'],
    ['User a does not have Can Use permissions on warehouse a2325222d375d1cb', 'warehouse', 'a2325222d375d1cb'],
    ['PUT /api/2.0/permissions/sql/warehouses/a2325222d375d1cb → PERMISSION_DENIED', 'warehouse', 'a2325222d375d1cb'],
    ['POST /serving-endpoints/churn-model/invocations 403 PERMISSION_DENIED', 'endpoint', 'churn-model'],
    ["PERMISSION_DENIED: User does not have permission to query serving endpoint 'churn-model'", 'endpoint', 'churn-model'],
    ['PERMISSION_DENIED on pipeline 8f3a1b2c-1d2e-4f50-8a9b-0c1d2e3f4a5b', 'pipeline', '8f3a1b2c-1d2e-4f50-8a9b-0c1d2e3f4a5b'],
    ['RESOURCE_DOES_NOT_EXIST: experiment_id 1234567890 does not exist', 'experiment', '1234567890'],
    ['PERMISSION_DENIED: GET /api/2.0/permissions/registered-models/churn_model', 'model', 'churn_model'],
    ['PERMISSION_DENIED: notebook /Users/a@example.com/etl cannot be run', 'notebook', '/Users/a@example.com/etl'],
  ];
  for (const [text, kind, id] of cases) {
    it(`${kind} ${id} ← ${text.slice(0, 60).replace(/\s+/g, ' ')}`, () => {
      assert.deepEqual(explainError(text).object, { kind, id });
    });
  }

  it('prefers the object after the signal over an earlier, unrelated one', () => {
    const text = 'INFO cluster 0101-010101-aaaaaaaa started\nUser a does not have Attach permissions on cluster 0202-020202-bbbbbbbb';
    assert.deepEqual(explainError(text).object, { kind: 'cluster', id: '0202-020202-bbbbbbbb' });
  });

  it('names no object for Entra sign-in errors or texts without ids', () => {
    assert.equal(explainError('cluster 0412-093011-gpu7x4k2: AADSTS50076: MFA').object, null);
    assert.equal(explainError('User: x is not authorized to access cluster').object, null);
  });
});

describe('explainError: the permission a text names', () => {
  const cases: Array<[string, string | null]> = [
    ['x does not have Manage permissions on Job with ID: ElasticJobId(1).', 'CAN_MANAGE'],
    ['x does not have Owner permissions on Shared Dev Compute.', 'IS_OWNER'],
    ['x does not have Attach permissions on cluster 0412-093011-gpu7x4k2', 'CAN_ATTACH_TO'],
    ['x does not have Restart permissions on cluster 0412-093011-gpu7x4k2', 'CAN_RESTART'],
    ['x does not have Run permissions on job 1', 'CAN_MANAGE_RUN'],
    ['x does not have View permissions on job 1', 'CAN_VIEW'],
    ['User x does not have View or Admin or Manage Run or Owner permissions on job 1', 'CAN_VIEW'],
    ['User x does not have Admin or Owner permissions on job 1', 'IS_OWNER'],
    ['User x does not have Admin or Manage Run or Owner permissions on job 1', 'CAN_MANAGE_RUN'],
    ['User x does not have Can Attach To permission on cluster 0412-093011-gpu7x4k2', 'CAN_ATTACH_TO'],
    ['You do not have permission to attach to cluster 0103-084159-k6zx2i2q', 'CAN_ATTACH_TO'],
    ['PERMISSION_DENIED: you need CAN_QUERY on endpoint', 'CAN_QUERY'],
    ['PERMISSION_DENIED: requires CAN_USE on warehouse a2325222d375d1cb', 'CAN_USE'],
    ['{"error_code":"PERMISSION_DENIED","message":"User is not an admin"}', null],
    ['x does not have Admin permissions on job 1', null],
  ];
  for (const [text, permission] of cases) {
    it(`${permission} ← ${text.slice(0, 70)}`, () => {
      assert.equal(explainError(text).permission, permission);
    });
  }

  it('names a permission only for PERMISSION_DENIED', () => {
    assert.equal(explainError('{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"CAN_MANAGE job 1 does not exist"}').permission, null);
  });

  it('maps phrases to the least privileged level they list', () => {
    assert.equal(levelFromPhrase('Manage'), 'CAN_MANAGE');
    assert.equal(levelFromPhrase('Admin or Owner'), 'IS_OWNER');
    assert.equal(levelFromPhrase('CAN_MANAGE_RUN or CAN_MANAGE'), 'CAN_MANAGE_RUN');
    assert.equal(levelFromPhrase(''), null);
  });
});

describe('explainError: choosing among several signals', () => {
  it('takes the phrase that names the cause over a bare status', () => {
    assert.equal(explainError('HTTP ERROR 403 Problem accessing /api. Reason: Invalid access token.').code, 'TOKEN_INVALID');
    assert.equal(explainError('{"error_code":403,"message":"Invalid access to Org: 1"}').code, 'NOT_PROVISIONED');
  });

  it('takes the first definitive error of a log', () => {
    const log = 'line\nError 403 Token is expiring within 30 seconds.\nline\nAADSTS53003: blocked by Conditional Access\n';
    assert.equal(explainError(log).code, 'TOKEN_EXPIRED');
  });

  it('skips AADSTS wrappers Access Lens does not explain for the specific code next to them', () => {
    const got = explainError('AADSTS70002: Error validating credentials. AADSTS54005: OAuth2 Authorization code was already redeemed');
    assert.equal(got.code, 'STATE_MISMATCH');
    assert.equal(got.aadsts, 54005);
  });

  it('reports an unexplained AADSTS code as UNKNOWN with a lookup link', () => {
    const got = explainError('AADSTS9999999: something new');
    assert.equal(got.matched, false);
    assert.equal(got.aadsts, 9999999);
    assert.ok(got.remedies.some((r) => r.includes('https://login.microsoftonline.com/error?code=9999999')));
  });

  it('keeps a transient Entra error UNKNOWN but explains it', () => {
    const got = explainError('AADSTS90006: The server encountered an unexpected error.');
    assert.equal(got.code, 'UNKNOWN');
    assert.match(got.title, /Temporary/);
  });

  it('does not take a permissions API name for a permission error', () => {
    assert.equal(explainError('Error: REQUEST_LIMIT_EXCEEDED: GetUserPermissionsRequest RPC token bucket limit has been exceeded.').code, 'RATE_LIMITED');
  });
});

describe('explainError: the document it returns', () => {
  it('has exactly the docs/cli.md keys, plus aadsts/httpStatus only when known', () => {
    const got = explainError('{"error_code": 403, "message": "Invalid access token."}');
    assert.deepEqual(Object.keys(got).sort(), ['code', 'explanation', 'httpStatus', 'matched', 'object', 'permission', 'remedies', 'title']);
    assert.equal(got.httpStatus, 403);
    assert.deepEqual(Object.keys(explainError('nothing here')).sort(), ['code', 'explanation', 'matched', 'object', 'permission', 'remedies', 'title']);
  });

  it('round-trips through JSON unchanged', () => {
    const got = explainError('x does not have Attach permissions on cluster 0412-093011-gpu7x4k2');
    assert.deepEqual(JSON.parse(JSON.stringify(got)), got);
  });

  it('says what to do in plain words', () => {
    const denied = explainError('x does not have Attach permissions on cluster 0412-093011-gpu7x4k2');
    assert.ok(denied.remedies.some((r) => r.includes('CAN_ATTACH_TO') && r.includes('cluster 0412-093011-gpu7x4k2')));
    assert.ok(denied.remedies.some((r) => r.includes('access-lens why cluster 0412-093011-gpu7x4k2 attach')));
    assert.ok(explainError('Token is expiring within 30 seconds').remedies.some((r) => r.includes('access-lens token')));
    assert.ok(explainError('AADSTS53003: blocked').remedies.some((r) => /Entra administrator/.test(r)));
    assert.ok(explainError('Source IP address: 203.0.113.7 is blocked by Databricks IP ACL').explanation.includes('203.0.113.7'));
    assert.ok(explainError('HTTP/2.0 429 Too Many Requests').remedies.some((r) => r.includes('Retry-After')));
    assert.ok(explainError('Invalid access to Org: 1').remedies.some((r) => r.includes('SCIM')));
    assert.ok(explainError('Single-user check failed: user a on single-user cluster 0412-093011-gpu7x4k2').explanation.includes('Single user'));
  });

  it('suggests the why action the text names, else attach for a cluster and run for a job', () => {
    const action = (text: string) => suggestedAction(explainError(text));
    assert.equal(action('x does not have Restart permissions on cluster 0412-093011-gpu7x4k2'), 'restart');
    assert.equal(action('Cluster 0412-093011-gpu7x4k2 does not exist'), 'attach');
    assert.equal(action('x does not have Owner permissions on Job with ID: ElasticJobId(1)'), 'manage');
    assert.equal(action('x does not have View permissions on job 1'), 'view');
    assert.equal(action('PERMISSION_DENIED on job 1'), 'run');
    // Warehouses are a kind of the table since issue 16: their default action, `use`.
    assert.equal(action('PERMISSION_DENIED on warehouse a2325222d375d1cb'), 'use');
    assert.equal(action('User does not have CAN_QUERY permission on serving-endpoints/churn-scoring.'), 'query');
    assert.equal(action('Forbidden'), undefined);
  });

  it('accepts non-string input from JavaScript callers', () => {
    assert.equal(explainError(undefined as unknown as string).code, 'UNKNOWN');
    assert.equal(explainError(403 as unknown as string).code, 'UNKNOWN');
  });
});
