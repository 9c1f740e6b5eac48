// Every token the sandbox handed out, in order: access, id and refresh tokens
// from the fake Entra, and Databricks access and refresh tokens from the fake workspace. Tests
// scan files for them (none may be found outside the keychain) and look for
// the newest of each kind in the keychain.
export type IssuedTokenKind = 'entra-access' | 'entra-id' | 'entra-refresh' | 'databricks' | 'databricks-refresh';

export interface IssuedToken {
  seq: number;
  kind: IssuedTokenKind;
  userName: string;
  token: string;
  issuedAt: string;
}

export class IssuedTokens {
  private readonly tokens: IssuedToken[] = [];
  private seq = 0;

  record(kind: IssuedTokenKind, userName: string, token: string): void {
    this.seq += 1;
    this.tokens.push({ seq: this.seq, kind, userName, token, issuedAt: new Date().toISOString() });
  }

  /** The tokens issued after `sinceSeq` (0: all), oldest first. */
  since(sinceSeq = 0): IssuedToken[] {
    return this.tokens.filter((t) => t.seq > sinceSeq);
  }
}
