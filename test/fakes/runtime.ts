// The mutable state both fakes share while a sandbox runs: the scenario's
// directory, the current knobs, the clock, armed faults, the request log and
// who "is signed in" in the fake browser. Servers read it per request, so a
// control call takes effect on the very next request.
import { SandboxClock } from './clock';
import type { DirUser, Directory } from './directory';
import { FaultInjector } from './faults';
import { IssuedTokens } from './issuedTokens';
import { RequestLog } from './requestLog';
import { DEFAULT_KNOBS, mergeKnobs, type KnobOverrides, type Knobs } from './scenario';

export class SandboxRuntime {
  readonly clock = new SandboxClock();
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  /** Every token handed out (tests scan files for them). */
  readonly issued = new IssuedTokens();
  private currentKnobs: Knobs;
  private signedIn: DirUser;

  constructor(
    readonly directory: Directory,
    overrides?: KnobOverrides,
  ) {
    this.currentKnobs = mergeKnobs(DEFAULT_KNOBS, directory.scenario.knobs, overrides);
    // Faults add up: the scenario's and the overrides' are all armed.
    for (const fault of [...(directory.scenario.knobs?.faults ?? []), ...(overrides?.faults ?? [])]) this.faults.arm(fault);
    const preferred = this.currentKnobs.signedInUser ? directory.user(this.currentKnobs.signedInUser) : undefined;
    const fallback = directory.users.find((u) => u.inWorkspace) ?? directory.users[0]!;
    this.signedIn = preferred ?? fallback;
  }

  get knobs(): Knobs {
    return this.currentKnobs;
  }

  /** Applies knob changes. Faults given here are armed in addition to those already armed. */
  updateKnobs(overrides: KnobOverrides): void {
    const { faults, ...rest } = overrides;
    this.currentKnobs = mergeKnobs(this.currentKnobs, rest);
    for (const fault of faults ?? []) this.faults.arm(fault);
  }

  /** The user the fake browser is signed in as (auto-approval and the default on pages). */
  get signedInUser(): DirUser {
    return this.signedIn;
  }

  setSignedInUser(userName: string): DirUser {
    const user = this.directory.user(userName);
    if (!user) throw new Error(`No user "${userName}" in scenario "${this.directory.scenario.name}"; known: ${this.directory.users.map((u) => u.userName).join(', ')}`);
    this.signedIn = user;
    return user;
  }
}
