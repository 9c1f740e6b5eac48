/**
 * Coalesces a tree's change events while it fills. Verdicts of the shown objects, list pages and
 * fill progress arrive by the hundred per second on a big workspace; an event for each would make
 * VS Code re-render (and re-ask getChildren of) the tree for every one, stalling the extension
 * host. Instead, at most one event per interval: the whole tree if anything asked for that, else
 * the nodes that changed, in one array. No `vscode` import, so it is unit tested with a fake clock.
 */

export interface BatchClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: BatchClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ChangeBatcher<T> {
  private readonly nodes = new Set<T>();
  private whole = false;
  private timer: unknown;

  /** `fire` gets `undefined` for the whole tree, else the changed nodes (never empty). */
  constructor(
    private readonly fire: (change: T[] | undefined) => void,
    private readonly intervalMs = 150,
    private readonly clock: BatchClock = realClock,
  ) {}

  /** One node changed (its verdict came in): redrawn with the others of this interval. */
  node(node: T): void {
    if (!this.whole) this.nodes.add(node);
    this.schedule();
  }

  /** The whole tree changed (a page of the list came in): one redraw covers the nodes too. */
  all(): void {
    this.whole = true;
    this.nodes.clear();
    this.schedule();
  }

  /** Forgets what is pending, e.g. when the tree is refreshed at once anyway. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.whole = false;
    this.nodes.clear();
  }

  dispose(): void {
    this.cancel();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => this.flush(), this.intervalMs);
  }

  private flush(): void {
    this.timer = undefined;
    const change = this.whole ? undefined : [...this.nodes];
    this.whole = false;
    this.nodes.clear();
    this.fire(change);
  }
}
