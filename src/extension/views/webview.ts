/**
 * What every webview here shares (the why view, the doctor report): a nonce
 * per render, one Content-Security-Policy, and one HTML escaper for every value
 * from a workspace or an identity provider. No vscode import at run time, so it
 * is unit-tested.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** The nonce of a webview's Content-Security-Policy: unguessable, so from the OS's random source. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Nothing loads but our own styles and scripts, and those only with this render's nonce. */
export function cspMeta(nonce: string, cspSource: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">`;
}

/** Renders a page into a webview with a fresh nonce. */
export function setWebviewHtml(webview: vscode.Webview, render: (nonce: string, cspSource: string) => string): void {
  webview.html = render(makeNonce(), webview.cspSource);
}
