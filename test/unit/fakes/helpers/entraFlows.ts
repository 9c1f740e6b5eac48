// Raw OAuth calls against the fake Entra (no MSAL), for tests that look at
// exact responses: device code with auto-approval, authorization code with
// PKCE, refresh.
import * as crypto from 'node:crypto';
import type { TestResponse } from './https';
import type { SandboxFixture } from './sandboxFixture';

export const DATABRICKS_SCOPE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default';

export function tokenRequest(fx: SandboxFixture, form: Record<string, string>, headers: Record<string, string> = {}): Promise<TestResponse> {
  const s = fx.sandbox;
  return fx.entra(`/${s.tenantId}/oauth2/v2.0/token`, { body: { client_id: s.clientId, ...form }, headers });
}

export async function deviceCode(fx: SandboxFixture, scope = `openid profile offline_access ${DATABRICKS_SCOPE}`): Promise<{ device_code: string; user_code: string; verification_uri: string; interval: number; expires_in: number; message: string }> {
  const s = fx.sandbox;
  const res = await fx.entra(`/${s.tenantId}/oauth2/v2.0/devicecode`, { body: { client_id: s.clientId, scope } });
  if (res.status !== 200) throw new Error(`devicecode failed: ${res.status} ${res.text}`);
  return res.json();
}

/** Signs in with an auto-approved device code; returns the token response body. */
export async function signIn(fx: SandboxFixture, scope = `openid profile offline_access ${DATABRICKS_SCOPE}`): Promise<Record<string, string>> {
  const dc = await deviceCode(fx, scope);
  // With autoApprove the code is approved already.
  if (fx.sandbox.control.pendingDeviceCodes().some((p) => p.userCode === dc.user_code)) fx.sandbox.control.approveDeviceCode({ userCode: dc.user_code });
  const res = await tokenRequest(fx, { grant_type: 'device_code', device_code: dc.device_code, scope });
  if (res.status !== 200) throw new Error(`device code redemption failed: ${res.status} ${res.text}`);
  return res.json();
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(fx: SandboxFixture, params: Record<string, string>): string {
  const s = fx.sandbox;
  const url = new URL(`${s.authority}/${s.tenantId}/oauth2/v2.0/authorize`);
  const defaults = { client_id: s.clientId, response_type: 'code', redirect_uri: 'http://127.0.0.1:8400/', scope: `openid profile offline_access ${DATABRICKS_SCOPE}`, state: 'xyz' };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) if (v !== '') url.searchParams.set(k, v);
  return url.toString();
}
