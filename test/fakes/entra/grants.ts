// What the fake Entra remembers between requests: device codes waiting for a
// user, authorization codes waiting to be redeemed, refresh tokens, and
// authorize requests parked on the consent page. Times come from the sandbox
// clock so tests can expire any of them by moving the clock.
import { randomSecret } from '../ids';

export interface DeviceCodeGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  createdAtMs: number;
  expiresAtMs: number;
  status: 'pending' | 'approved' | 'denied' | 'redeemed';
  userName?: string;
}

export interface AuthCodeGrant {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  nonce?: string;
  userName: string;
  expiresAtMs: number;
  redeemed: boolean;
}

export interface RefreshTokenGrant {
  token: string;
  clientId: string;
  userName: string;
  issuedAtMs: number;
  /** Inactivity expiry: each redemption of a rotated successor starts a fresh window. */
  expiresAtMs: number;
  /** Set when revoked: the AADSTS code a redemption answers with. */
  revokedWith?: number;
}

export interface PendingAuthorization {
  id: string;
  params: Record<string, string>;
  createdAtMs: number;
}

// Entra's user codes are 9 characters; leave out look-alikes (0/O, 1/I/L).
const USER_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const AUTH_CODE_LIFETIME_MS = 10 * 60_000;

export class EntraGrants {
  private readonly deviceCodes = new Map<string, DeviceCodeGrant>();
  private readonly authCodes = new Map<string, AuthCodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshTokenGrant>();
  private readonly pending = new Map<string, PendingAuthorization>();

  createDeviceCode(clientId: string, scopes: string[], nowMs: number, lifetimeSec: number): DeviceCodeGrant {
    const grant: DeviceCodeGrant = {
      deviceCode: randomSecret(48),
      userCode: this.newUserCode(),
      clientId,
      scopes,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + lifetimeSec * 1000,
      status: 'pending',
    };
    this.deviceCodes.set(grant.deviceCode, grant);
    return grant;
  }

  deviceCode(deviceCode: string): DeviceCodeGrant | undefined {
    return this.deviceCodes.get(deviceCode);
  }

  /** By user code, ignoring case, spaces and dashes (people type them all ways). */
  deviceCodeByUserCode(userCode: string): DeviceCodeGrant | undefined {
    const wanted = userCode.toUpperCase().replace(/[\s-]/g, '');
    for (const grant of this.deviceCodes.values()) if (grant.userCode === wanted) return grant;
    return undefined;
  }

  pendingDeviceCodes(nowMs: number): DeviceCodeGrant[] {
    return [...this.deviceCodes.values()].filter((g) => g.status === 'pending' && g.expiresAtMs > nowMs).sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  createAuthCode(fields: Omit<AuthCodeGrant, 'code' | 'expiresAtMs' | 'redeemed'>, nowMs: number): AuthCodeGrant {
    const grant: AuthCodeGrant = { ...fields, code: `1.${randomSecret(64)}`, expiresAtMs: nowMs + AUTH_CODE_LIFETIME_MS, redeemed: false };
    this.authCodes.set(grant.code, grant);
    return grant;
  }

  authCode(code: string): AuthCodeGrant | undefined {
    return this.authCodes.get(code);
  }

  createRefreshToken(clientId: string, userName: string, nowMs: number, lifetimeSec: number): RefreshTokenGrant {
    // Entra refresh tokens are opaque and start with "1." or "0."; looks matter for redaction tests.
    const grant: RefreshTokenGrant = { token: `1.${randomSecret(96)}`, clientId, userName, issuedAtMs: nowMs, expiresAtMs: nowMs + lifetimeSec * 1000 };
    this.refreshTokens.set(grant.token, grant);
    return grant;
  }

  refreshToken(token: string): RefreshTokenGrant | undefined {
    return this.refreshTokens.get(token);
  }

  /** Revokes the refresh tokens of one user (or everyone); returns how many. */
  revokeRefreshTokens(userName: string | undefined, aadsts: number): number {
    let count = 0;
    for (const grant of this.refreshTokens.values()) {
      if (grant.revokedWith !== undefined) continue;
      if (userName !== undefined && grant.userName.toLowerCase() !== userName.toLowerCase()) continue;
      grant.revokedWith = aadsts;
      count++;
    }
    return count;
  }

  park(params: Record<string, string>, nowMs: number): PendingAuthorization {
    const pending = { id: randomSecret(18), params, createdAtMs: nowMs };
    this.pending.set(pending.id, pending);
    return pending;
  }

  /** Takes a parked authorize request off the shelf (each consent form posts once). */
  unpark(id: string): PendingAuthorization | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }

  private newUserCode(): string {
    for (;;) {
      let code = '';
      for (const byte of randomSecret(16)) code += USER_CODE_ALPHABET[byte.charCodeAt(0) % USER_CODE_ALPHABET.length];
      code = code.slice(0, 9);
      if (!this.deviceCodeByUserCode(code)) return code;
    }
  }
}
