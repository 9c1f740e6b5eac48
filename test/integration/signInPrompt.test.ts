// The device-code prompt in the real extension host: the code and its "Copy &
// Open" live in the cancellable progress notification of the sign-in, so they
// end with it. Here the sandbox approves nothing by itself: the test approves
// the code through the control API, as a person on the sign-in page would.
// What can be observed from the extension host: the Sign In command returns
// (the progress, and with it the notification, has ended) and Copy & Open
// answers that no code is waiting any more. test/ui/signInFlows.ui.mjs checks
// the notification itself in the workbench, and the Cancel button.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { control, sandboxInfo } from './sandboxControl';

async function waitForPendingCode(base: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pending } = await control<{ pending: { userCode: string }[] }>(base, 'GET', 'device-codes');
    const newest = pending.at(-1)?.userCode;
    if (newest) return newest;
    if (Date.now() > deadline) throw new Error('No device code was requested: did the sign-in start with the device code?');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const copyAndOpen = (): Thenable<boolean | undefined> => vscode.commands.executeCommand<boolean>('accessLens.copyDeviceCode');

describe('The device-code prompt lives as long as its sign-in, in the extension host', () => {
  let base: string;

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    base = sandboxInfo().controlApi.entra;
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
    await control(base, 'POST', 'knobs', { autoApprove: false });
  });
  afterEach(async () => {
    if (!base) return;
    await control(base, 'DELETE', 'faults');
    await vscode.commands.executeCommand('accessLens.signOut');
  });
  after(async () => {
    if (base) await control(base, 'POST', 'knobs', { autoApprove: true });
  });

  it('offers Copy & Open while the code waits, and nothing once the sign-in succeeded', async () => {
    const signingIn = Promise.resolve(vscode.commands.executeCommand('accessLens.signIn'));
    const userCode = await waitForPendingCode(base);
    assert.equal(await copyAndOpen(), true, 'Copy & Open acts while the sign-in waits for its code');
    await control(base, 'POST', 'device-codes/approve', { userCode });
    await signingIn;
    assert.equal(await copyAndOpen(), false, 'once the sign-in has ended, no code is offered any more');
  });

  it('ends the prompt when the sign-in fails (a Conditional Access block after the code was entered)', async () => {
    await control(base, 'POST', 'faults', { target: 'entra', aadsts: 53003, grantType: 'device_code' });
    const signingIn = Promise.resolve(vscode.commands.executeCommand('accessLens.signIn'));
    const userCode = await waitForPendingCode(base);
    assert.equal(await copyAndOpen(), true);
    await control(base, 'POST', 'device-codes/approve', { userCode });
    await signingIn;
    assert.equal(await copyAndOpen(), false, 'a failed sign-in leaves no code behind');
  });
});
