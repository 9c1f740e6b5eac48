import * as assert from 'node:assert/strict';
import { chooseFlow, flowFor } from '../../../src/core/identity/flowChoice';

const desktop = { env: { DISPLAY: ':0' }, platform: 'linux' as const, fileExists: () => false, readText: () => 'Linux version 6.1 (debian)' };

describe('sign-in flow choice', () => {
  it('follows an explicit setting', () => {
    assert.equal(chooseFlow('deviceCode', desktop).flow, 'deviceCode');
    assert.equal(chooseFlow('browser', { ...desktop, remoteName: 'ssh-remote' }).flow, 'browser');
  });

  it('uses the browser on a desktop', () => {
    assert.deepEqual(chooseFlow('auto', desktop), { flow: 'browser', reason: 'a desktop browser is available' });
    assert.equal(chooseFlow('auto', { env: {}, platform: 'darwin', fileExists: () => false }).flow, 'browser');
  });

  const remote: Array<[string, Parameters<typeof chooseFlow>[1], RegExp]> = [
    ['a remote window', { ...desktop, remoteName: 'dev-container' }, /remote window \(dev-container\)/],
    ['SSH', { ...desktop, env: { DISPLAY: ':0', SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22' } }, /SSH/],
    ['WSL by variable', { ...desktop, env: { DISPLAY: ':0', WSL_DISTRO_NAME: 'Ubuntu' } }, /WSL/],
    ['WSL by kernel', { ...desktop, readText: () => 'Linux version 5.15.90.1-microsoft-standard-WSL2' }, /WSL/],
    ['a container', { ...desktop, fileExists: (p: string) => p === '/.dockerenv' }, /container/],
    ['Linux without a display', { env: {}, platform: 'linux', fileExists: () => false, readText: () => '' }, /no display/],
  ];
  for (const [name, environment, reason] of remote) {
    it(`uses the device code in ${name}`, () => {
      const decision = chooseFlow('auto', environment);
      assert.equal(decision.flow, 'deviceCode');
      assert.match(decision.reason, reason);
    });
  }

  it('takes the browser for the Databricks sign-in, which has no device code, and says how to forward its port over SSH', () => {
    const ssh = { ...desktop, env: { DISPLAY: ':0', SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22' } };
    const decision = flowFor('databricks', 'auto', ssh);
    assert.equal(decision.flow, 'browser');
    assert.match(decision.note ?? '', /although this is an SSH session.*ssh -L 8020:localhost:8020/);
    assert.match(flowFor('databricks', 'auto', ssh, 8123).note ?? '', /ssh -L 8123:localhost:8123/);
    assert.equal(flowFor('databricks', 'deviceCode', desktop).flow, 'deviceCode', 'an explicit choice stands (and is refused with the reason)');
    assert.equal(flowFor('oidc', 'auto', ssh).flow, 'deviceCode', 'other providers keep the device code');
    assert.equal(flowFor('databricks', 'auto', desktop).note, undefined);
  });
});
