/**
 * Runs at most one operation per key at a time: callers that ask while one is
 * under way share its result (or its error). Used so that however many views
 * ask for a token at once, one refresh goes out.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, operation: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = (async () => {
      try {
        return await operation();
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, started);
    return started;
  }

  get size(): number {
    return this.inFlight.size;
  }
}
