/**
 * Parses the command line. Pure: returns the command, its operands and the
 * flags, or a usage error that names the bad argument and says what to write.
 */
import { type ParseArgsConfig, parseArgs as parseArgsWithNode } from 'node:util';
import { kindRows, orList } from '../core/access/kinds';
import { UC_KINDS } from '../core/catalog/types';
import { ConfigLayer, RawSettings } from '../core/config';

export const COMMANDS = ['login', 'logout', 'whoami', 'token', 'ls', 'why', 'explain', 'doctor', 'profiles', 'exec'] as const;
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
  '--profile': 'profile',
};
/** Flags of one command that take a value (not configuration). */
const COMMAND_FLAGS = { '--run-job': 'doctor', '--cluster': 'why' } as const satisfies Record<string, CommandName>;
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
  /** why <Unity Catalog kind> … --cluster <cluster id>: check the compute side too. */
  readonly cluster: string | undefined;
}

export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** node:util's options: what takes a value and what is a switch. Unknown ones are ours to name (strict: false). */
const OPTIONS: ParseArgsConfig['options'] = Object.fromEntries([
  ...[...Object.keys(VALUE_FLAGS), ...Object.keys(COMMAND_FLAGS)].map((flag) => [flag.slice(2), { type: 'string' as const }]),
  ...SWITCHES.map((flag) => [flag.slice(2), { type: 'boolean' as const }]),
]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: RawSettings = {};
  const switches = new Set<Switch>();
  const commandValues = new Map<CommandFlag, string>();
  const positional: string[] = [];
  // node:util tokenizes (`--name value`, `--name=value`, `--`); strict mode is off because its errors
  // neither name what to write instead nor keep this program's wording, and because a lone `-x` is
  // an operand here (ids and paths), not a short option.
  const { tokens } = parseArgsWithNode({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const shortSeen = new Set<number>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positional.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    if (!token.rawName.startsWith('--')) {
      // A group such as `-abc` comes as one token per letter, all with the argument's index.
      if (!shortSeen.has(token.index)) positional.push(argv[token.index] ?? '');
      shortSeen.add(token.index);
      continue;
    }
    // `--=x` comes as an option named `=x`; it is the nameless option `--`, as before.
    const name = token.rawName.split('=')[0] ?? token.rawName;
    const key = VALUE_FLAGS[name];
    const value = token.value;
    const missing = value === undefined || (!token.inlineValue && value.startsWith('--'));
    if (key) {
      if (missing) throw new UsageError(`${name} needs a value, e.g. ${name} ${exampleFor(name)}`);
      values[key] = value;
      continue;
    }
    if (name in COMMAND_FLAGS) {
      if (missing || value === '') throw new UsageError(`${name} needs a value, e.g. ${name} ${exampleFor(name)}`);
      commandValues.set(name as CommandFlag, value);
      continue;
    }
    if ((SWITCHES as readonly string[]).includes(name) && !token.inlineValue) {
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
    cluster: commandValues.get('--cluster'),
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
    case '--cluster':
      return '0123-456789-abcd (a cluster id from "access-lens ls clusters")';
    case '--run-job':
      return '123456789 (a job id from "access-lens ls jobs")';
    case '--groups-claim':
      return 'groups';
    case '--profile':
      return 'dev (a profile name from "access-lens profiles")';
    default:
      return 'VALUE';
  }
}

/** Kinds with a list of the whole workspace (notebooks and the like are listed per folder). */
const listedKinds = () => kindRows().filter((k) => k.list.folderObjectType === undefined);

export const HELP = `access-lens: Databricks access through your Microsoft Entra ID (or OpenID Connect) identity

Usage: access-lens <command> [options]

Commands:
  login [--device-code|--browser]   sign in, get the Databricks token, keep both in the OS keychain
  logout                            remove this tenant/client's tokens from the keychain
  whoami                            who you are at the identity provider and in the workspace
  token                             a valid Databricks access token (refreshed when near expiry)
  ${`ls ${listedKinds().map((k) => k.plural).join(' | ls ')}`.padEnd(33)} every ${orList(listedKinds().map((k) => k.name))} with your verdict per action
  ls workspace <folder path>        the notebooks, folders and Git folders in one folder, with your verdicts
  ${`why <${kindRows().map((k) => k.name).join('|')}> <id> <action>`.padEnd(33)} why you may or may not do something, and how to fix it
                                    (a notebook, directory or repo by its path or object id)
  why cluster-create                can you create a cluster: the entitlement, the policies and pools you may use
  why <${UC_KINDS.join('|')}> <full-name> <action> [--cluster ID]
                                    the Unity Catalog privilege chain; --cluster also checks that
                                    cluster's access mode can read Unity Catalog for you
  why service-principal <application id> use
                                    whether you hold Service Principal User on it (run or deploy as it)
  explain                           explain an error text read from stdin
  doctor [--run-job ID]             check the whole identity integration; --run-job also runs
                                    that job and checks its run shows you as who started it
  profiles                          the profiles of the Databricks configuration file (secrets flagged, never shown)
  exec -- CMD [ARGS…]               run CMD signed in as you (Databricks SDKs and CLI, metadata-service
                                    auth), with DATABRICKS_TOKEN and other secrets removed; CMD's exit code

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
  --profile NAME      DATABRICKS_CONFIG_PROFILE profile of DATABRICKS_CONFIG_FILE (default ~/.databrickscfg):
                                               its host and azure_tenant_id, below flags and environment
  --json                                       one JSON document on stdout
  --verbose                                    progress details on stderr

Exit codes: 0 done, 1 doctor found a failing check, 2 usage or configuration error,
3 sign-in needed or failed, 4 network or server error.
`;
