// Runs the sandbox as its own process, for tests and demos in other
// processes (the VS Code extension host, Playwright, `npm run demo`):
//
//   node out/test/fakes/cli.js --scenario demo [--host 127.0.0.X] [--entra-port N] [--workspace-port N]
//        [--state-dir DIR] [--auto-approve] [--latency-ms N] [--transitive-groups-shape SHAPE] [--oidc] [--verbose]
//
// Prints the sandbox info as one JSON line on stdout (also written to
// <state-dir>/sandbox.json), logs requests to stderr with --verbose, and
// exits 0 on SIGINT/SIGTERM after closing both servers.
import * as path from 'node:path';
import { formatLogEntry } from './requestLog';
import { startSandbox } from './sandbox';
import { TRANSITIVE_GROUPS_SHAPES, type KnobOverrides } from './scenario';
import { ScenarioError } from './scenarioCheck';
import { listScenarioNames } from './scenarioLoad';

interface CliOptions {
  scenario: string;
  host?: string;
  entraPort: number;
  workspacePort: number;
  stateDir: string;
  overrides: KnobOverrides;
  oidc: boolean;
  verbose: boolean;
}

const USAGE = `Usage: node out/test/fakes/cli.js --scenario NAME|FILE [options]

Starts the Access Lens sandbox: a fake Entra ID and a fake Databricks workspace on 127.0.0.1.

Options:
  --scenario NAME|FILE   scenario name in test/scenarios (${listScenarioNames().join(', ')}) or a JSON file
  --host 127.0.0.X       loopback address both servers listen on (default 127.0.0.1; the demo uses
                         127.0.0.2, which code-server does not rewrite into its port-forwarding proxy)
  --entra-port N         port of the fake Entra ID (default: any free port)
  --workspace-port N     port of the fake workspace (default: any free port)
  --state-dir DIR        where sandbox.json and the CA certificate go (default: .sandbox)
  --auto-approve         approve device codes and consent without a browser
  --latency-ms N         added latency per request
  --transitive-groups-shape SHAPE
                         where transitive-parent-groups puts a group's id: ${TRANSITIVE_GROUPS_SHAPES.join(', ')}
                         (default group_id; broken: under a name no client knows)
  --oidc                 also start a real OpenID Connect provider (oidc-provider) the workspace trusts
  --verbose              log every request to stderr
  --help                 this text`;

class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliOptions | 'help' {
  const options: CliOptions = { scenario: '', entraPort: 0, workspacePort: 0, stateDir: path.resolve('.sandbox'), overrides: {}, oidc: false, verbose: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const port = (raw: string, flag: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0-65535), got "${raw}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--help':
      case '-h':
        return 'help';
      case '--scenario':
        options.scenario = value(i++, arg);
        break;
      case '--host': {
        const raw = value(i++, arg);
        if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(raw)) throw new UsageError(`${arg} must be an IPv4 loopback address such as 127.0.0.2, got "${raw}"`);
        options.host = raw;
        break;
      }
      case '--entra-port':
        options.entraPort = port(value(i++, arg), arg);
        break;
      case '--workspace-port':
        options.workspacePort = port(value(i++, arg), arg);
        break;
      case '--state-dir':
        options.stateDir = path.resolve(value(i++, arg));
        break;
      case '--auto-approve':
        options.overrides.autoApprove = true;
        break;
      case '--latency-ms': {
        const raw = value(i++, arg);
        if (!/^\d+$/.test(raw) || Number(raw) > 60_000) throw new UsageError(`${arg} must be milliseconds from 0 to 60000, got "${raw}"`);
        options.overrides.latencyMs = Number(raw);
        break;
      }
      case '--transitive-groups-shape': {
        const raw = value(i++, arg);
        const shape = TRANSITIVE_GROUPS_SHAPES.find((s) => s === raw);
        if (!shape) throw new UsageError(`${arg} must be one of ${TRANSITIVE_GROUPS_SHAPES.join(', ')}, got "${raw}"`);
        options.overrides.transitiveGroupsShape = shape;
        break;
      }
      case '--verbose':
        options.verbose = true;
        break;
      case '--oidc':
        options.oidc = true;
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if (!options.scenario) throw new UsageError('--scenario is required');
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`sandbox: ${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await startSandbox({
    scenario: options.scenario,
    stateDir: options.stateDir,
    host: options.host,
    entraPort: options.entraPort,
    workspacePort: options.workspacePort,
    overrides: options.overrides,
    oidc: options.oidc,
  });
  process.stdout.write(`${JSON.stringify(sandbox.info())}\n`);
  if (options.verbose) sandbox.onRequest((entry) => process.stderr.write(`${formatLogEntry(entry)}\n`));

  const verbose = options.verbose;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    if (verbose) process.stderr.write(`sandbox: ${signal}, stopping\n`);
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`sandbox: error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof ScenarioError ? 2 : 1);
  });
}
