import * as assert from 'node:assert/strict';
import { AccessObject, Directory, Subject, evaluate } from '../../../src/core/access';
import { checkGroupSync } from '../../../src/core/doctor/groupSync';
import { readGroupClaim } from '../../../src/core/identity/groupClaims';
import { graphEndpointFor } from '../../../src/core/identity/graphGroups';
import { resolveIdpGroups } from '../../../src/core/identity/idpGroups';

const G1 = 'f7775f72-e335-4620-a7b9-25ab3886786d';
const OVERAGE = { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.windows.net/t/users/o/getMemberObjects' } } };

/** An unsigned JWT: the resolver only reads claims. */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

describe('group claims: reading a token as it comes', () => {
  it('tells a list, an empty list, the overage marker and no claim apart', () => {
    assert.deepEqual(readGroupClaim({ groups: [G1, 7] }, 'groups'), { kind: 'list', values: [G1] });
    assert.deepEqual(readGroupClaim({ groups: [] }, 'groups'), { kind: 'list', values: [] });
    assert.deepEqual(readGroupClaim(OVERAGE, 'groups'), { kind: 'overage', endpoint: OVERAGE._claim_sources.src1.endpoint });
    assert.deepEqual(readGroupClaim({ hasgroups: true }, 'groups'), { kind: 'overage' });
    assert.deepEqual(readGroupClaim({ roles: ['x'] }, 'groups'), { kind: 'absent' });
    assert.deepEqual(readGroupClaim(undefined, 'groups'), { kind: 'absent' });
  });
});

describe('group sources: where the Entra groups come from', () => {
  const entra = { provider: 'entra' as const, groupsClaim: 'groups' };

  it('takes the access token first, then the ID token', async () => {
    assert.deepEqual(await resolveIdpGroups({ ...entra, accessToken: jwt({ groups: [G1] }) }), { state: 'known', ids: [G1], source: 'access-token' });
    const idOnly = await resolveIdpGroups({ ...entra, accessToken: jwt({}), groupClaims: { accessToken: { kind: 'absent' }, idToken: { kind: 'list', values: [G1] } } });
    assert.deepEqual(idOnly, { state: 'known', ids: [G1], source: 'id-token' });
  });

  it('asks Microsoft Graph behind an overage marker', async () => {
    const known = await resolveIdpGroups({ ...entra, accessToken: jwt(OVERAGE), graph: async () => [G1] });
    assert.deepEqual(known, { state: 'known', ids: [G1], source: 'graph' });
  });

  it('is unknown, with the reason and how to enable a source, when Graph cannot be asked', async () => {
    const noClaim = await resolveIdpGroups({ ...entra, accessToken: jwt({}), graph: () => Promise.reject(new Error('no consent for https://graph.microsoft.com/User.Read')) });
    assert.equal(noClaim.state, 'unknown');
    assert.match(noClaim.state === 'unknown' ? noClaim.reason : '', /carries a "groups" claim, and Microsoft Graph could not be asked: no consent/);
    assert.match(noClaim.state === 'unknown' ? noClaim.howToEnable : '', /Token configuration → Add groups claim.*User\.Read/);
    const overage = await resolveIdpGroups({ ...entra, accessToken: jwt(OVERAGE) });
    assert.match(overage.state === 'unknown' ? overage.reason : '', /more groups than a token can list/);
    assert.match(overage.state === 'unknown' ? overage.howToEnable : '', /Groups assigned to the application/);
  });

  it('for OIDC: the configured claim, else unknown naming it', async () => {
    assert.deepEqual(await resolveIdpGroups({ provider: 'oidc', groupsClaim: 'roles', accessToken: jwt({ roles: 'ml' }) }), { state: 'known', ids: ['ml'], source: 'oidc-claim' });
    const none = await resolveIdpGroups({ provider: 'oidc', groupsClaim: 'roles', accessToken: jwt({}) });
    assert.match(none.state === 'unknown' ? `${none.reason} ${none.howToEnable}` : '', /no "roles" claim.*accessLens\.groupsClaim/);
  });

  it('derives the Graph host from the authority, a local authority serving its own', () => {
    assert.deepEqual(graphEndpointFor('https://login.microsoftonline.com'), { origin: 'https://graph.microsoft.com', scope: 'https://graph.microsoft.com/User.Read' });
    assert.equal(graphEndpointFor('https://login.microsoftonline.us').origin, 'https://graph.microsoft.us');
    assert.equal(graphEndpointFor('https://login.chinacloudapi.cn').origin, 'https://microsoftgraph.chinacloudapi.cn');
    assert.deepEqual(graphEndpointFor('https://127.0.0.1:8443'), { origin: 'https://127.0.0.1:8443', scope: 'https://graph.microsoft.com/User.Read' });
  });
});

describe('unknown provider groups in why and doctor', () => {
  const ME = 'alice@contoso.com';
  const unknown = { state: 'unknown' as const, reason: 'no groups claim', howToEnable: 'Add the groups claim (Token configuration).' };
  const subject = (idpGroups?: Subject['idpGroups']): Subject => ({ userName: ME, groups: [], entraGroupIds: [], entitlements: ['workspace-access'], ...(idpGroups ? { idpGroups } : {}) });
  const directory: Directory = (name) => ({ 'gpu-users': { displayName: 'gpu-users', externalId: G1 }, local: { displayName: 'local', externalId: null } })[name];
  const cluster = (group: string): AccessObject => ({ kind: 'cluster', id: 'c1', name: 'gpu', acl: { state: 'readable', entries: [{ principal: `group:${group}`, permissions: [{ level: 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] }] } });

  it('why: NO_GRANT stays, allowed stays false, and the unchecked partial sync is said with its remedy', () => {
    const v = evaluate(subject(unknown), cluster('gpu-users'), 'attach', directory);
    assert.equal(v.allowed, false);
    assert.deepEqual(v.blockers.map((b) => b.code), ['NO_GRANT', 'GROUP_SYNC_UNCHECKED']);
    assert.match(v.blockers[1]!.message, /group "gpu-users".*could not be checked: no groups claim\. Add the groups claim/);
    assert.ok(v.remedies.some((r) => r.includes('Add the groups claim (Token configuration).')));
  });

  it('why: says nothing more for a workspace-local group, or when the groups are known', () => {
    assert.deepEqual(evaluate(subject(unknown), cluster('local'), 'attach', directory).blockers.map((b) => b.code), ['NO_GRANT']);
    assert.deepEqual(evaluate(subject({ state: 'known', ids: [], source: 'graph' }), cluster('gpu-users'), 'attach', directory).blockers.map((b) => b.code), ['NO_GRANT']);
  });

  it('doctor group-sync warns, with how to enable it, instead of passing', async () => {
    const call = () => Promise.reject(new Error('no SCIM call expected'));
    const check = await checkGroupSync({ call, host: 'https://h', groups: unknown, memberOf: new Set(), provider: 'entra' });
    assert.deepEqual(check, { id: 'group-sync', status: 'warn', message: 'Group sync could not be checked: no groups claim.', fix: unknown.howToEnable });
  });
});
