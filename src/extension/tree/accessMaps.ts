/** One AccessMap per workspace and account, dropped on sign-out and setting changes. */
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
    this.register(session.onDidSessionChange(() => this.dropAll()));
    this.register(config.onDidConfigChange(() => this.dropAll()));
    this.register({ dispose: () => this.dropAll() });
  }

  async get(host: string, accountId: string): Promise<AccessMap> {
    const key = `${host}|${accountId}`;
    let map = this.maps.get(key);
    if (!map) {
      map = new AccessMap(await this.auth.getCore(), host, accountId);
      this.maps.set(key, map);
    }
    return map;
  }

  /** Forgets every map; invalidating first stops their background fills. */
  private dropAll(): void {
    this.invalidateAll();
    this.maps.clear();
  }

  invalidateAll(): void {
    for (const map of this.maps.values()) map.invalidate();
  }
}
