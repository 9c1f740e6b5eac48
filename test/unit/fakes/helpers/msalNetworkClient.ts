// msal-node's INetworkModule on node:https with the sandbox CA (msal's own
// client uses fetch, which would need NODE_EXTRA_CA_CERTS at process start).
// It records every URL so tests can prove where MSAL went.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { request } from './https';

export class RecordingNetworkClient implements INetworkModule {
  readonly calls: { method: string; url: string }[] = [];

  constructor(private readonly caPath: string) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    this.calls.push({ method, url });
    const res = await request(this.caPath, url, { method, headers: options?.headers, body: options?.body });
    return { status: res.status, headers: res.headers, body: res.json<T>() };
  }
}
