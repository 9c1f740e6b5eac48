/**
 * Coalesces a tree's change events while it fills. Verdicts of the shown objects, list pages and
 * fill progress arrive by the hundred per second on a big workspace; an event for each would make
 * VS Code re-render (and re-ask getChildren of) the tree for every one, stalling the extension
 * host. Instead, at most one event per interval: the whole tree if anything asked for that, else
 * the nodes that changed, in one array. No `vscode` import, so it is unit tested with a fake clock.
 *
 * Counts only (the fill's "verdicts N of M", the pages of a list beyond the shown screenful) take a
 * slower lane, at most one event per `slowMs`, or sooner with the next fast one. VS Code re-reads a
 * refreshed node's children along with it (its TreeView `updateChildren(node, recursive)`), so each
 * count on the workspace item re-sent its 200 shown objects to the workbench, up to 6 times a second
 * per view for the whole fill (docs/architecture.md, "100,000 objects").
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
  /** Count-only changes waiting for the slow lane. */
  private readonly counts = new Set<T>();
  private slowTimer: unknown;

  /** `fire` gets `undefined` for the whole tree, else the changed nodes (never empty). */
  constructor(
    private readonly fire: (change: T[] | undefined) => void,
    private readonly intervalMs = 150,
    private readonly clock: BatchClock = realClock,
    private readonly slowMs = 1000,
  ) {}

  /** One node changed (its verdict came in): redrawn with the others of this interval. */
  node(node: T): void {
    if (!this.whole) this.nodes.add(node);
    this.schedule();
  }

  /** Only a count on the node changed (fill progress, a page beyond the screenful): redrawn within `slowMs`, or with the next batch. */
  count(node: T): void {
    if (this.timer !== undefined) {
      // A batch is on its way anyway: the count rides along.
      if (!this.whole) this.nodes.add(node);
      return;
    }
    this.counts.add(node);
    if (this.slowTimer === undefined) this.slowTimer = this.clock.setTimeout(() => this.flushCounts(), this.slowMs);
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
    this.dropCounts();
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
    // The counts waiting for the slow lane go with this batch.
    for (const node of this.counts) this.nodes.add(node);
    this.dropCounts();
    const change = this.whole ? undefined : [...this.nodes];
    this.whole = false;
    this.nodes.clear();
    this.fire(change);
  }

  private flushCounts(): void {
    this.slowTimer = undefined;
    const change = [...this.counts];
    this.counts.clear();
    if (change.length > 0) this.fire(change);
  }

  private dropCounts(): void {
    if (this.slowTimer !== undefined) this.clock.clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
    this.counts.clear();
  }
}
