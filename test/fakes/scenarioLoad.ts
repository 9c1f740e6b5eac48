// Finds, parses, validates and expands a scenario. A scenario is named
// ("demo" → test/scenarios/demo.json), given as a path, or passed as an object.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Scenario } from './scenario';
import { ScenarioError } from './scenarioCheck';
import { expandGenerated } from './scenarioGenerate';
import { validateScenario } from './scenarioValidate';

// Compiled code runs from out/test/fakes, sources sit in test/fakes: both
// reach test/scenarios, whichever layout this file is loaded from.
const SCENARIO_DIRS = [path.resolve(__dirname, '../scenarios'), path.resolve(__dirname, '../../../test/scenarios')];

export function scenarioDirectory(): string {
  return SCENARIO_DIRS.find((dir) => fs.existsSync(dir)) ?? SCENARIO_DIRS[0]!;
}

export function listScenarioNames(): string[] {
  const dir = scenarioDirectory();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function resolveScenarioPath(nameOrPath: string): string {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json');
  const candidate = looksLikePath ? path.resolve(nameOrPath) : path.join(scenarioDirectory(), `${nameOrPath}.json`);
  if (!fs.existsSync(candidate)) {
    const known = listScenarioNames();
    throw new ScenarioError(`"${nameOrPath}"`, [`no scenario file at ${candidate}; known scenario names: ${known.join(', ') || '(none)'}`]);
  }
  return candidate;
}

/** Returns a validated scenario with any `generate` section expanded. */
export function loadScenario(input: string | Scenario): Scenario {
  let raw: unknown;
  let source: string;
  if (typeof input === 'string') {
    const file = resolveScenarioPath(input);
    source = `"${path.basename(file, '.json')}" (${file})`;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      throw new ScenarioError(source, [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`]);
    }
  } else {
    raw = structuredClone(input);
    source = `"${typeof input.name === 'string' ? input.name : '(unnamed)'}" (object)`;
  }
  const scenario = validateScenario(raw, source);
  if (!scenario.generate) return scenario;
  // Validate again after expansion: the generated part must meet the same rules.
  return validateScenario(expandGenerated(scenario), `${source} after generate`);
}
