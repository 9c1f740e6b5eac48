/**
 * Spreads request starts over turns of the event loop: at most `perTurn` requests start between two
 * `setImmediate` checks, the rest wait, in order, for the next turns. Why: in VS Code's extension
 * host every `https.request` goes through its proxy patch (`http.proxySupport`, default `override`:
 * a fresh proxy agent, several settings reads and the certificate merge per request, and a TLS
 * handshake when the pool has no free socket), about a millisecond or more each. The limiter may
 * allow a whole window's worth at once (a screenful, or the starts a late timer catches up on), and
 * 50 of them in one task kept the host's event loop busy for 100–275 ms while the views filled
 * (docs/architecture.md, "100,000 objects"). A few per turn let the tree, timers and answers in
 * between; the pace over a second is unchanged.
 */
export interface StartSpreaderOptions {
  /** How many requests may start in one turn of the event loop; default 4. */
  readonly perTurn?: number;
  /** Injectable for tests: runs a callback on the next turn (default setImmediate). */
  readonly defer?: (next: () => void) => void;
}

export class StartSpreader {
  private startedThisTurn = 0;
  private turnEnding = false;
  private readonly waiting: Array<() => void> = [];
  private readonly perTurn: number;
  private readonly defer: (next: () => void) => void;

  constructor(options: StartSpreaderOptions = {}) {
    this.perTurn = Math.max(1, options.perTurn ?? 4);
    this.defer = options.defer ?? ((next) => setImmediate(next));
  }

  /** Requests waiting for a later turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Nothing while this turn has room (start now: no await, so a caller under the limit keeps its
   * timing to the microtask); else a promise that resolves on a later turn, first come first served.
   */
  pass(): Promise<void> | undefined {
    if (this.waiting.length === 0 && this.startedThisTurn < this.perTurn) {
      this.startedThisTurn++;
      this.endTurnLater();
      return undefined;
    }
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.endTurnLater();
    });
  }

  private endTurnLater(): void {
    if (this.turnEnding) return;
    this.turnEnding = true;
    this.defer(() => this.nextTurn());
  }

  /** A new turn: its share of the queue starts now; while any started, the turn after counts afresh. */
  private nextTurn(): void {
    this.turnEnding = false;
    const released = this.waiting.splice(0, this.perTurn);
    this.startedThisTurn = released.length;
    for (const resolve of released) resolve();
    if (released.length > 0) this.endTurnLater();
  }
}

/** One for the whole process: the event loop is shared, so the list and permission limiters share the turns too. */
export const processStartSpreader = new StartSpreader();
