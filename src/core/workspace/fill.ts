/**
 * The background fill: reads the verdicts of every object of a list behind the visible ones,
 * a bounded window at a time, reporting progress to listeners every 1% and at the end.
 */
import type { ObjectKind } from '../access';
import type { Summary } from './listing';

/** How far a fill has come for one kind: `done` of `total` objects have their verdicts (or failed). */
export interface FillProgress {
  readonly kind: ObjectKind;
  readonly done: number;
  readonly total: number;
  /** The fill stopped before the end: the map was invalidated or a newer list replaced it. */
  readonly cancelled?: boolean;
}

interface Fill {
  readonly list: readonly Summary[];
  done: number;
  /** Settles with the last progress: every row read, or cancelled. */
  readonly ended: Promise<FillProgress>;
  end(progress: FillProgress): void;
}

/** How many objects the background fill keeps in flight: enough to keep the limiter's rate busy. */
const FILL_WINDOW = 64;

export class BackgroundFill {
  private readonly fills = new Map<ObjectKind, Fill>();
  private readonly listeners = new Set<(progress: FillProgress) => void>();

  /** `readRow` reads one object's row at background priority; its failures count as done. */
  constructor(private readonly readRow: (kind: ObjectKind, summary: Summary) => Promise<unknown>) {}

  /**
   * Fills `list` in, at most `FILL_WINDOW` objects in flight. Calling it again for the same list is
   * free; another list of the kind cancels the earlier fill. Settles with the last progress.
   */
  start(kind: ObjectKind, list: readonly Summary[]): Promise<FillProgress> {
    const current = this.fills.get(kind);
    if (current?.list === list) return current.ended;
    this.cancel(kind);
    let end: (progress: FillProgress) => void = () => undefined;
    const ended = new Promise<FillProgress>((resolve) => (end = resolve));
    const fill: Fill = { list, done: 0, ended, end };
    this.fills.set(kind, fill);
    let next = 0;
    let inFlight = 0;
    const step = Math.max(1, Math.floor(list.length / 100));
    const report = () => {
      const progress: FillProgress = { kind, done: fill.done, total: list.length };
      for (const listener of this.listeners) listener(progress);
      if (fill.done === list.length) fill.end(progress);
    };
    const pump = () => {
      while (this.fills.get(kind) === fill && inFlight < FILL_WINDOW && next < list.length) {
        const summary = list[next++]!;
        inFlight++;
        const settled = () => {
          inFlight--;
          if (this.fills.get(kind) !== fill) return;
          fill.done++;
          // An event per object would be a storm: report every 1% and the last one.
          if (fill.done === list.length || fill.done % step === 0) report();
          pump();
        };
        this.readRow(kind, summary).then(settled, settled);
      }
    };
    report();
    pump();
    return ended;
  }

  cancel(kind: ObjectKind): void {
    const fill = this.fills.get(kind);
    if (!fill) return;
    this.fills.delete(kind);
    if (fill.done < fill.list.length) {
      const progress: FillProgress = { kind, done: fill.done, total: fill.list.length, cancelled: true };
      for (const listener of this.listeners) listener(progress);
      fill.end(progress);
    }
  }

  cancelAll(): void {
    for (const kind of [...this.fills.keys()]) this.cancel(kind);
  }

  onProgress(listener: (progress: FillProgress) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
