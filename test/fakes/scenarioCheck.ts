// Tiny structural checker for scenario files. It collects every problem with
// a JSON path instead of stopping at the first, because a scenario author
// wants the whole list in one go.

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Scenario ${source} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

export type Json = Record<string, unknown>;

export class Checker {
  readonly problems: string[] = [];

  fail(path: string, message: string): false {
    this.problems.push(`${path}: ${message}`);
    return false;
  }

  /** An object with only known keys and all required keys present. */
  object(path: string, value: unknown, keys: { required?: string[]; optional?: string[] }): value is Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(path, `expected an object, got ${describe(value)}`);
    const required = keys.required ?? [];
    const known = [...required, ...(keys.optional ?? []), '$comment'];
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        const hint = closest(key, known);
        this.fail(join(path, key), `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${known.filter((k) => k !== '$comment').join(', ')}`);
      }
    }
    for (const key of required) {
      if ((value as Json)[key] === undefined) this.fail(join(path, key), 'is required');
    }
    return true;
  }

  array(path: string, value: unknown, opts: { nonEmpty?: boolean } = {}): value is unknown[] {
    if (!Array.isArray(value)) return this.fail(path, `expected an array, got ${describe(value)}`);
    if (opts.nonEmpty && value.length === 0) return this.fail(path, 'must not be empty');
    return true;
  }

  string(path: string, value: unknown, opts: { pattern?: RegExp; hint?: string } = {}): value is string {
    if (typeof value !== 'string' || value.trim() === '') return this.fail(path, `expected a non-empty string, got ${describe(value)}`);
    if (opts.pattern && !opts.pattern.test(value)) return this.fail(path, `expected ${opts.hint ?? `to match ${String(opts.pattern)}`}, got ${describe(value)}`);
    return true;
  }

  stringList(path: string, value: unknown, opts: { pattern?: RegExp; hint?: string } = {}): value is string[] {
    if (!this.array(path, value)) return false;
    return value.map((v, i) => this.string(`${path}[${i}]`, v, opts)).every(Boolean);
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): value is T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    return this.fail(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
  }

  integer(path: string, value: unknown, opts: { min?: number; max?: number } = {}): value is number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return this.fail(path, `expected an integer, got ${describe(value)}`);
    if (opts.min !== undefined && value < opts.min) return this.fail(path, `must be at least ${opts.min}, got ${value}`);
    if (opts.max !== undefined && value > opts.max) return this.fail(path, `must be at most ${opts.max}, got ${value}`);
    return true;
  }

  fraction(path: string, value: unknown): value is number {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return this.fail(path, `expected a number from 0 to 1, got ${describe(value)}`);
    return true;
  }

  boolean(path: string, value: unknown): value is boolean {
    if (typeof value !== 'boolean') return this.fail(path, `expected true or false, got ${describe(value)}`);
    return true;
  }

  /** Reports every value that occurs more than once (after `normalize`). */
  unique(values: { at: string; value: string }[], what: string, normalize: (s: string) => string = (s) => s): void {
    const seen = new Map<string, string>();
    for (const { at, value } of values) {
      const key = normalize(value);
      const first = seen.get(key);
      if (first !== undefined) this.fail(at, `duplicate ${what} "${value}" (first at ${first})`);
      else seen.set(key, at);
    }
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// Suggests a known key for a typo: the closest by edit distance, if close enough.
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
