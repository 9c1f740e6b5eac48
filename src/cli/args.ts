/**
 * Parses the command line. Pure: returns the command, its operands and the
 * flags, or a usage error that names the bad argument and says what to write.
 */
import { kindRows, orList } from '../core/access/kinds';
import { ConfigLayer, RawSettings } from '../core/config';

export const COMMANDS = ['login', 'logout', 'whoami', 'token', 'ls', 'why', 'explain', 'doctor'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Flags that take a value, mapped onto the configuration key they set. */
const VALUE_FLAGS: Record<string, keyof RawSettings> = {
  '--host': 'host',
  '--tenant': 'tenant',
  '--client-id': 'clientId',
  '--authority': 'authority',
  '--token-mode': 'tokenMode',
  '--scope': 'scope',
  '--idp': 'identityProvider',
  '--issuer': 'issuer',
  '--groups-claim': 'groupsClaim',
};
/** Flags of one command that take a value (not configuration). */
const COMMAND_FLAGS = { '--run-job': 'doctor' } as const satisfies Record<string, CommandName>;
type CommandFlag = keyof typeof COMMAND_FLAGS;
const SWITCHES = ['--json', '--help', '--version', '--verbose', '--device-code', '--browser'] as const;
type Switch = (typeof SWITCHES)[number];

export interface ParsedArgs {
  readonly command: CommandName | undefined;
  readonly operands: readonly string[];
  readonly json: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly verbose: boolean;
  readonly flags: ConfigLayer;
  /** doctor --run-job <job id>. */
  readonly runJob: string | undefined;
}

export class UsageError extends Error {
  readonly code = 'USAGE';
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: RawSettings = {};
  const switches = new Set<Switch>();
  const commandValues = new Map<CommandFlag, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const key = VALUE_FLAGS[name];
    if (key) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) {
        throw new UsageError(`${name} needs a value, e.g. ${name} ${exampleFor(name)}`);
      }
      values[key] = value;
      continue;
    }
    if (name in COMMAND_FLAGS) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new UsageError(`${name} needs a value, e.g. ${name} ${exampleFor(name)}`);
      commandValues.set(name as CommandFlag, value);
      continue;
    }
    if ((SWITCHES as readonly string[]).includes(name) && eq === -1) {
      switches.add(name as Switch);
      continue;
    }
    throw new UsageError(`Unknown option ${name}. Run "access-lens --help" for the options.`);
  }
  if (switches.has('--device-code') && switches.has('--browser')) {
    throw new UsageError('Use either --device-code or --browser, not both.');
  }
  if (switches.has('--device-code')) values.signInFlow = 'deviceCode';
  if (switches.has('--browser')) values.signInFlow = 'browser';

  const [first, ...operands] = positional;
  let command: CommandName | undefined;
  if (first !== undefined) {
    if (!(COMMANDS as readonly string[]).includes(first)) {
      throw new UsageError(`Unknown command "${first}". Commands: ${COMMANDS.join(', ')}.`);
    }
    command = first as CommandName;
  }
  for (const flag of commandValues.keys()) {
    if (command !== undefined && COMMAND_FLAGS[flag] !== command) throw new UsageError(`${flag} goes with "access-lens ${COMMAND_FLAGS[flag]}", not with "${command}".`);
  }
  return {
    command,
    operands,
    json: switches.has('--json'),
    help: switches.has('--help'),
    version: switches.has('--version'),
    verbose: switches.has('--verbose'),
    flags: { source: 'flag', values },
    runJob: commandValues.get('--run-job'),
  };
}

function exampleFor(flag: string): string {
  switch (flag) {
    case '--host':
      return 'https://adb-1234567890123456.7.azuredatabricks.net';
    case '--tenant':
      return 'contoso.onmicrosoft.com';
    case '--client-id':
      return '00000000-0000-0000-0000-000000000000';
    case '--authority':
      return 'https://login.microsoftonline.us';
    case '--token-mode':
      return 'federation';
    case '--idp':
      return 'oidc';
    case '--issuer':
      return 'https://contoso.okta.com/oauth2/default';
    case '--run-job':
      return '123456789 (a job id from "access-lens ls jobs")';
    case '--groups-claim':
      return 'groups';
    default:
      return 'VALUE';
  }
}

export const HELP = `access-lens: Databricks access through your Microsoft Entra ID (or OpenID Connect) identity

Usage: access-lens <command> [options]

Commands:
  login [--device-code|--browser]   sign in, get the Databricks token, keep both in the OS keychain
  logout                            remove this tenant/client's tokens from the keychain
  whoami                            who you are at the identity provider and in the workspace
  token                             a valid Databricks access token (refreshed when near expiry)
  ${`ls ${kindRows().map((k) => k.plural).join(' | ls ')}`.padEnd(33)} every ${orList(kindRows().map((k) => k.name))} with your verdict per action
  ${`why <${kindRows().map((k) => k.name).join('|')}> <id> <action>`.padEnd(33)} why you may or may not do something, and how to fix it
  explain                           explain an error text read from stdin
  doctor [--run-job ID]             check the whole identity integration; --run-job also runs
                                    that job and checks its run shows you as who started it

Options (flags override environment variables):
  --host URL          DATABRICKS_HOST          workspace URL
  --tenant ID         ACCESS_LENS_TENANT       Entra tenant id or domain (default organizations)
  --client-id ID      ACCESS_LENS_CLIENT_ID    application (public client) id at Entra or the OIDC provider
  --authority URL     ACCESS_LENS_AUTHORITY    cloud instance (default https://login.microsoftonline.com)
  --token-mode MODE   ACCESS_LENS_TOKEN_MODE   auto | entra | federation
  --scope S           ACCESS_LENS_SCOPE        Entra scope to request
  --idp entra|oidc    ACCESS_LENS_IDP          identity provider
  --issuer URL        ACCESS_LENS_ISSUER       OIDC issuer (with --idp oidc)
  --groups-claim C    ACCESS_LENS_GROUPS_CLAIM token claim with your groups (default groups)
  --json                                       one JSON document on stdout
  --verbose                                    progress details on stderr

Exit codes: 0 done, 1 doctor found a failing check, 2 usage or configuration error,
3 sign-in needed or failed, 4 network or server error.
`;
