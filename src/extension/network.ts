/**
 * The extension's HTTPS client from VS Code's `http.*` settings (proxy,
 * exceptions, strict SSL, proxy authorization, system certificates) and the
 * extension host's environment. The mapping itself lives in core
 * (`vscodeNetworkOptions`) where it is unit-tested.
 *
 * VS Code's own proxy resolution (system proxy, PAC) is not called from here:
 * extensions have no API for it. Inside the extension host VS Code patches
 * node:https (`http.proxySupport`, default `override`), so a request we send
 * direct to a non-loopback host can still be routed by VS Code to the system
 * proxy it resolves; with `http.proxy` or HTTPS_PROXY set, we open the tunnel
 * ourselves with the rules above.
 */
import { Logger } from '../core/log';
import { HttpsClient } from '../core/net/httpsClient';
import { vscodeNetworkOptions } from '../core/net/networkOptions';
import { createHttp } from '../core/services';
import { readHttpSettings } from './settings';

export function createExtensionHttpsClient(logger: Logger): HttpsClient {
  return createHttp(vscodeNetworkOptions(readHttpSettings(), process.env), logger);
}
