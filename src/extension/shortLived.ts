/**
 * A value read on demand and kept for a short while. The views ask for the settings on every
 * getChildren, hundreds of times while 100,000 objects fill; reading them each time showed in the
 * extension host's profile (docs/architecture.md, "100,000 objects"). The keeping is short, not
 * until the next change event, because in code-server the remote user settings can arrive after
 * activation without our listener hearing of them. No `vscode` import, so it is unit tested.
 */
export class ShortLived<T> {
  private held: { readonly value: T; readonly at: number } | undefined;

  constructor(
    private readonly read: () => T,
    private readonly keepMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The value read within the last `keepMs`, or a fresh read. */
  get value(): T {
    const now = this.now();
    if (!this.held || now - this.held.at >= this.keepMs) this.held = { value: this.read(), at: now };
    return this.held.value;
  }

  /** The next use reads again (a change event came). */
  forget(): void {
    this.held = undefined;
  }
}
