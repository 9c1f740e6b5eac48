/**
 * One AccessMap per workspace and account. A session change keeps the maps of the account still
 * signed in (a token refresh or a sign-in again with the same account re-reads nothing it knows)
 * and drops the others; a settings change drops them all.
 */
import { AccessMap } from '../../core/workspace/accessMap';
import { AuthController } from '../auth/authController';
import { SessionState } from '../session';
import { Disposable } from '../lifecycle';
import { ConfigWatcher } from '../settings';

export class AccessMaps extends Disposable {
  private readonly maps = new Map<string, AccessMap>();

  constructor(
    private readonly auth: AuthController,
    session: SessionState,
    config: ConfigWatcher,
  ) {
    super();
    this.register(session.onDidSessionChange((account) => this.dropAll(account?.homeAccountId)));
    this.register(config.onDidConfigChange(() => this.dropAll()));
    this.register({ dispose: () => this.dropAll() });
  }

  async get(host: string, accountId: string): Promise<AccessMap> {
    const key = `${host}|${accountId}`;
    const existing = this.maps.get(key);
    if (existing) return existing;
    const core = await this.auth.getCore();
    // Another caller (the other view, the editor's diagnostics) may have made it while the core
    // loaded: one map per workspace and account, or the two would each read everything.
    let map = this.maps.get(key);
    if (!map) {
      map = new AccessMap(core, host, accountId);
      this.maps.set(key, map);
    }
    return map;
  }

  /** Forgets every map (but those of `keepAccount`); invalidating first stops their background fills. */
  private dropAll(keepAccount?: string): void {
    for (const [key, map] of this.maps) {
      if (keepAccount !== undefined && map.accountId === keepAccount) continue;
      map.invalidate();
      this.maps.delete(key);
    }
  }

  invalidateAll(): void {
    for (const map of this.maps.values()) map.invalidate();
  }
}
