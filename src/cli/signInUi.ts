/** The terminal side of sign-in: the device code on stderr, the browser through the platform's opener. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { browserSafeUrl } from '../core/identity/browserUrl';
import { ConcreteFlow } from '../core/identity/flowChoice';
import { IdentityError } from '../core/identity/identityError';
import { SignInUi } from '../core/identity/signInSession';

/**
 * The program and arguments that open `url`, run without a shell: no command
 * interpreter ever parses the provider's URL. On Windows `cmd /c start` would
 * (`|`, `^`, `%` and parentheses survive URL normalisation), so the URL goes
 * to the shell's URL handler directly. Throws when the URL is not one to open.
 */
export function openerFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, url: string): [string, string[]] {
  const safe = browserSafeUrl(url);
  if (env.BROWSER) return [env.BROWSER, [safe]];
  if (platform === 'darwin') return ['open', [safe]];
  if (platform === 'win32') return ['rundll32.exe', ['url.dll,FileProtocolHandler', safe]];
  return ['xdg-open', [safe]];
}

function openBrowser(env: NodeJS.ProcessEnv, url: string): Promise<boolean> {
  const [command, args] = openerFor(process.platform, env, url);
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

async function ask(stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream, question: string): Promise<boolean> {
  const rl = createInterface({ input: stdin, output: stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    return !/^n/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function terminalSignInUi(env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream, signal: AbortSignal): SignInUi {
  const interactive = Boolean((process.stdin as { isTTY?: boolean }).isTTY);
  return {
    signal,
    openBrowser: async (url) => {
      stderr.write('Opening your browser to sign in. If it does not open, run again with --device-code.\n');
      return openBrowser(env, url);
    },
    showDeviceCode: (prompt) => {
      stderr.write(`\nTo sign in, open ${prompt.verificationUri} and enter the code ${prompt.userCode}\n(it expires in ${Math.round(prompt.expiresInSeconds / 60)} minutes; Ctrl-C cancels)\n\n`);
    },
    offerOtherFlow: async (failed: ConcreteFlow, error: IdentityError) => {
      const other = failed === 'browser' ? 'the device code' : 'the browser';
      stderr.write(`Sign-in with ${failed === 'browser' ? 'the browser' : 'the device code'} failed: ${error.message}\n`);
      if (!interactive) return false;
      return ask(process.stdin, stderr, `Try ${other} instead? [Y/n] `);
    },
  };
}
