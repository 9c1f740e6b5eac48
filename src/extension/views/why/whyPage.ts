/**
 * The why view's page around a body (a cluster or job verdict, a Unity Catalog chain, an explained
 * error): the shared CSP of views/webview.ts with this render's nonce, the theme's colours, and the copy
 * buttons' script (each `data-copy` button posts its text; whyPanel.ts puts it on the clipboard).
 * No vscode import, so it is unit-tested.
 */
import { cspMeta, escapeHtml } from '../webview';

export function page(title: string, body: string, nonce: string, cspSource: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
${cspMeta(nonce, cspSource)}
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1.2em 2em;line-height:1.5}
h1{font-size:1.3em} .status{font-weight:600;padding:.1em .5em;border-radius:3px}
.allowed{background:var(--vscode-testing-iconPassed);color:var(--vscode-editor-background)} .denied{background:var(--vscode-testing-iconFailed);color:var(--vscode-editor-background)} .unknown{background:var(--vscode-disabledForeground);color:var(--vscode-editor-background)}
table{border-collapse:collapse} .held{color:var(--vscode-testing-iconPassed)} .missing{color:var(--vscode-testing-iconFailed)} .open{color:var(--vscode-disabledForeground)} pre{white-space:pre-wrap;background:var(--vscode-textCodeBlock-background);padding:.5em} td,th{border-bottom:1px solid var(--vscode-widget-border, #8884);padding:.25em .8em .25em 0;text-align:left}
blockquote{border-left:3px solid var(--vscode-textBlockQuote-border);background:var(--vscode-textBlockQuote-background);margin:.5em 0;padding:.5em 1em}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;padding:.35em .9em;margin:.2em .4em .2em 0;cursor:pointer}
button:hover{background:var(--vscode-button-hoverBackground)}
</style></head><body>
${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const button of document.querySelectorAll('button[data-copy]')) button.addEventListener('click', () => vscode.postMessage({ copy: button.dataset.copy }));
</script></body></html>`;
}

