/** Per-workspace filters (both views), kept in the workspace state so they survive reloads. */
import * as vscode from 'vscode';

export interface FilterState {
  readonly usableOnly: boolean;
  readonly text: string;
}

const EMPTY: FilterState = { usableOnly: false, text: '' };

export class Filters {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidFilterChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  private key(host: string): string {
    return `accessLens.filter.${host}`;
  }

  get(host: string): FilterState {
    return { ...EMPTY, ...(this.memento.get<FilterState>(this.key(host)) ?? {}) };
  }

  async set(host: string, state: FilterState): Promise<void> {
    await this.memento.update(this.key(host), state);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
