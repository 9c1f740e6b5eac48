/**
 * Loading keytar, the native OS keychain module, on its own: the CLI's `token` fast path
 * (keychain/singleRead.ts) needs the module but none of the store around it (chunking, locks),
 * whose imports would cost a credential helper's every call (docs/cli.md, "token").
 */
import { KeychainUnavailableError } from './tokenStore';

export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export function loadKeytar(): Keytar {
  try {
    // Resolved at run time next to the bundle (dist/node_modules/keytar) or from node_modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('keytar') as Keytar;
  } catch (error) {
    throw new KeychainUnavailableError(
      `The OS keychain module (keytar) could not be loaded: ${(error as Error).message.split('\n')[0]}. ` +
        'On Debian/Ubuntu install libsecret-1-dev and run "npm rebuild keytar"; on other systems reinstall the package.',
      { cause: error },
    );
  }
}
