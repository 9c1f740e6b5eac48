/**
 * Where OpenID Connect sign-ins are kept: one keychain item per account
 * (`<issuer>|<client id>|oidc-account|<sub>`) holding its refresh token, read
 * and written under the account's lock, which every process of the user (the
 * VS Code windows, the CLI) takes for the same account. Apart from the
 * protocol (oidcClient.ts) so that the rules about what may be written over
 * what sit in one place.
 */
import { TokenStore, storeKey, storePrefix } from '../keychain/tokenStore';
import { NamedLocks, accountLockName } from '../lock/namedLocks';
import { Logger } from '../log';
import { OidcRecord, parseRecord } from './oidcTokens';
import { IdentityAccount } from './provider';

export class OidcAccounts {
  constructor(
    private readonly store: TokenStore,
    private readonly locks: NamedLocks,
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly logger: Logger,
  ) {}

  private keyFor(homeAccountId: string): string {
    return storeKey(this.issuer, this.clientId, 'oidc-account', homeAccountId);
  }

  async load(homeAccountId: string): Promise<OidcRecord | undefined> {
    return parseRecord(await this.store.get(this.keyFor(homeAccountId)));
  }

  async save(record: OidcRecord): Promise<void> {
    await this.store.set(this.keyFor(record.account.homeAccountId), JSON.stringify(record));
  }

  /** Removes the account's item; the caller holds its lock. */
  async remove(homeAccountId: string): Promise<void> {
    await this.store.delete(this.keyFor(homeAccountId));
  }

  /** Runs `work` holding the account's lock, which every process of the user takes for the same account. */
  locked<T>(homeAccountId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(accountLockName(this.issuer, this.clientId, homeAccountId), work);
  }

  /**
   * Saves a refreshed record unless the stored one moved on meanwhile: signed out (gone), or holding
   * another refresh token than the one redeemed (a newer one). Callers hold the account's lock; the
   * check keeps an older or empty refresh token from ever landing over a newer one all the same.
   */
  async saveIfUnchanged(redeemed: string, record: OidcRecord): Promise<boolean> {
    const stored = await this.load(record.account.homeAccountId);
    if (!stored || stored.refreshToken !== redeemed) {
      this.logger.info(`Did not store the refreshed token of ${record.account.username}: ${stored ? 'another window or access-lens command stored a newer one' : 'the account was signed out meanwhile'}.`);
      return false;
    }
    await this.save(record);
    return true;
  }

  async all(): Promise<IdentityAccount[]> {
    const prefix = `${storePrefix(this.issuer, this.clientId)}oidc-account|`;
    const records = await Promise.all((await this.store.keys(prefix)).map(async (key) => parseRecord(await this.store.get(key))));
    return records.filter((r): r is OidcRecord => r !== undefined).map((r) => r.account);
  }
}
