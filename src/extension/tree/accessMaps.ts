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
    this.register(session.onDidSessionChange(() => this.maps.clear()));
    this.register(config.onDidConfigChange(() => this.maps.clear()));
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

  invalidateAll(): void {
    for (const map of this.maps.values()) map.invalidate();
  }
}
