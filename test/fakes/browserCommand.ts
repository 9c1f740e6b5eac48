// The fake browser as a program, for `$BROWSER URL` (how the CLI opens a sign-in page):
// plays the user on the sandbox's pages with completeSignInInBrowser (browser.ts) and
// delivers the answer to the app's loopback redirect. Trusts the sandbox CA named by
// NODE_EXTRA_CA_CERTS; exits 1 with the reason on stderr when the page did not send it back.
import { completeSignInInBrowser } from './browser';

const url = process.argv[2];
const caPath = process.env.NODE_EXTRA_CA_CERTS;
if (!url || !caPath) {
  process.stderr.write('usage: NODE_EXTRA_CA_CERTS=<sandbox CA> node browserCommand.js URL\n');
  process.exit(2);
}
completeSignInInBrowser(url, { caPath }).then(
  (outcome) => process.stderr.write(`fake browser delivered to ${outcome.deliveredTo} (HTTP ${outcome.status})\n`),
  (error: unknown) => {
    process.stderr.write(`fake browser: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
