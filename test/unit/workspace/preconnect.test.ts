import * as assert from 'node:assert/strict';
import { AccessLensError } from '../../../src/core/errors';
import type { HttpsClient } from '../../../src/core/net/httpsClient';
import { withTransientRetries } from '../../../src/core/net/transientRetry';
import { authorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import type { DatabricksToken } from '../../../src/core/tokens/broker';

/** An https client that only records what it was asked to warm. */
function recordingClient(): { http: HttpsClient; warmed: string[] } {
  const warmed: string[] = [];
  const send = async () => ({ status: 200, headers: {}, body: '{}' });
  return { http: Object.assign(send, { preconnect: (origin: string, count: number) => warmed.push(`${origin} ×${count}`) }), warmed };
}

const token = { token: { reveal: () => 'secret' } } as unknown as DatabricksToken;
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** docs/architecture.md "First screen": connections are opened ahead only where a token may go. */
describe('authorizedHttp: warming connections to the workspace (issue 17)', () => {
  it('warms the workspace once the broker hands out a token for it, through the retrying transport', async () => {
    const { http, warmed } = recordingClient();
    const call = authorizedHttp(withTransientRetries(http), { getDatabricksToken: async () => token, tokenAfterRejection: async () => undefined }, 'https://adb-1.azuredatabricks.net', 'acct');
    call.preconnect?.(50);
    await settle();
    assert.deepEqual(warmed, ['https://adb-1.azuredatabricks.net ×50']);
  });

  it('opens no connection to a host the broker sends no token to', async () => {
    const { http, warmed } = recordingClient();
    const refused = async (): Promise<DatabricksToken> => {
      throw new AccessLensError('HOST_NOT_ALLOWED', 'https://evil.example.com is not a Databricks domain.', []);
    };
    const call = authorizedHttp(http, { getDatabricksToken: refused, tokenAfterRejection: async () => undefined }, 'https://evil.example.com', 'acct');
    call.preconnect?.(50);
    await settle();
    assert.deepEqual(warmed, []);
  });
});
