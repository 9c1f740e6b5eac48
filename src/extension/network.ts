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
import * as vscode from 'vscode';
import { Logger } from '../core/log';
import { HttpsClient } from '../core/net/httpsClient';
import { createHttp } from '../core/services';
import { VsCodeHttpSettings, vscodeNetworkOptions } from '../core/net/networkOptions';

export function readHttpSettings(): VsCodeHttpSettings {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: http.get<string>('proxy'),
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL'),
    noProxy: http.get<string[]>('noProxy'),
    proxySupport: http.get<string>('proxySupport'),
    proxyAuthorization: http.get<string | null>('proxyAuthorization'),
    systemCertificates: http.get<boolean>('systemCertificates'),
  };
}

export function createExtensionHttpsClient(logger: Logger): HttpsClient {
  return createHttp(vscodeNetworkOptions(readHttpSettings(), process.env), logger);
}
