/**
 * Work that no first view needs, moved off activate() (docs/architecture.md, "Activation"): it runs
 * on the event loop's next turn, once activate() has returned and the host has taken the views, and
 * never if disposed first. Scanning the editors already open when the window starts is such work:
 * each diagnostics provider reads every visible document's whole text.
 */
export interface Cancellable {
  dispose(): void;
}

export function afterActivation(work: () => void): Cancellable {
  let handle: NodeJS.Immediate | undefined = setImmediate(() => {
    handle = undefined;
    work();
  });
  return {
    dispose: () => {
      if (handle) clearImmediate(handle);
      handle = undefined;
    },
  };
}
