/**
 * A map per kind, keyed by the object's own id string: the access map's ACL and row caches keep no
 * `kind:id` key per object. That key was a string of about 40 bytes for each of 100,000 objects,
 * besides the id the listed summary already holds (docs/architecture.md, "100,000 objects").
 */
export class ByObject<V> {
  private readonly kinds = new Map<string, Map<string, V>>();

  get(kind: string, id: string): V | undefined {
    return this.kinds.get(kind)?.get(id);
  }

  set(kind: string, id: string, value: V): void {
    let ids = this.kinds.get(kind);
    if (!ids) this.kinds.set(kind, (ids = new Map()));
    ids.set(id, value);
  }

  delete(kind: string, id: string): void {
    this.kinds.get(kind)?.delete(id);
  }

  clear(): void {
    this.kinds.clear();
  }
}
