/**
 * The progress message of a device-code sign-in. The code and the address come
 * from the identity provider, and notifications render `[label](target)`
 * links (command links too): neither may form a link of its own, and the
 * address is a link only when it is a web page. No vscode import, so it is unit-tested.
 */
import type { DeviceCodePrompt } from '../../core/identity/provider';
import { notificationText, notificationWebLink } from '../views/markdown';

export function deviceCodeMessage(prompt: Pick<DeviceCodePrompt, 'userCode' | 'verificationUri'>, copyCommand: string): string {
  return `enter the code ${notificationText(prompt.userCode)} at ${notificationWebLink(prompt.verificationUri)} — [Copy & Open](command:${copyCommand})`;
}
