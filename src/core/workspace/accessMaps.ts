/**
 * The registry of access maps, one per workspace and account, for both front ends. The
 * extension drops maps when the session or a setting changes (a token refresh or a sign-in again
 * with the same account keeps the maps of that account, which re-read nothing they know); the CLI
 * keeps its few for the one command it runs. Each map gets its own request budgets.
 */
import { AccessMap, AccessMapCore } from './accessMap';
import { workspaceLimiters } from './limiter';
import type { PaceMemory } from './paceMemory';
import type { VerdictStore } from './verdictStore';

export class AccessMaps {
  /** Each map with the core it was built from. */
  private readonly maps = new Map<string, { map: AccessMap; core: AccessMapCore }>();
  /** Workspaces and accounts whose first map was seeded from the verdict cache: later maps (a settings change) read live. */
  private readonly seeded = new Set<string>();

  /** `core` is the current core (the extension builds it lazily and anew after a settings or session change). */
  /** `store`: the verdict cache on disk (the extension's global storage); the CLI keeps none. */
  constructor(
    private readonly core: () => Promise<AccessMapCore>,
    private readonly store?: VerdictStore,
    /** The permission reads' pace learned by earlier processes and sessions (paceMemory.ts). */
    private readonly pace?: PaceMemory,
  ) {}

  async get(host: string, accountId: string): Promise<AccessMap> {
    const key = `${host}|${accountId}`;
    const core = await this.core();
    // Another caller (the other view, the editor's diagnostics) may have made it while the core
    // loaded: one map per workspace and account, or the two would each read everything. A map
    // built from an older core would ask a provider, broker and HTTPS client no longer in use (VS
    // Code's account changed, or the proxy did): it is replaced.
    const existing = this.maps.get(key);
    if (existing?.core === core) return existing.map;
    if (existing) retire(existing.map);
    const pace = this.pace?.forHost(host);
    if (pace?.learnedPerSecond !== undefined) core.logger?.info(`Permission reads on ${host} resume the pace learned before, ${pace.learnedPerSecond} a second (pace.json), after a first window at the usual first pace.`);
    const map = new AccessMap(core, host, accountId, { limiters: workspaceLimiters(core.config.maxRequestsPerSecond, pace), store: this.store, seedFromStore: !this.seeded.has(key) });
    this.seeded.add(key);
    this.maps.set(key, { map, core });
    return map;
  }

  /** Forgets every map (but those of `keepAccount`); invalidating first stops their background fills. */
  dropAll(keepAccount?: string): void {
    for (const [key, { map }] of this.maps) {
      if (keepAccount !== undefined && map.accountId === keepAccount) continue;
      retire(map);
      this.maps.delete(key);
    }
  }

  /**
   * As a restart would leave things: every map's cache is written and the map dropped, and the next
   * map of each workspace seeds from the verdict cache on disk again. The extension's integration
   * tests restart the views this way inside one extension host (docs/architecture.md, "Reopen after a restart").
   */
  async restartCold(): Promise<void> {
    const writes = [...this.maps.values()].map(({ map }) => map.persisted?.flush());
    this.dropAll();
    await Promise.all(writes);
    this.seeded.clear();
  }

  invalidateAll(): void {
    for (const { map } of this.maps.values()) map.invalidate();
  }
}

/** A map no longer in use: its fills stop, and what its cache has not written yet is written (unless its account signed out since: verdictStore.ts). */
function retire(map: AccessMap): void {
  map.invalidate();
  void map.persisted?.flush();
  map.persisted?.dispose();
}
