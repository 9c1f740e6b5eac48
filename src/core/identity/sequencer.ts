/** Runs tasks one after another: MSAL calls on one public client must not overlap (as VS Code's own Microsoft sign-in does). */
export class Sequencer {
  private tail: Promise<unknown> = Promise.resolve();

  queue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
