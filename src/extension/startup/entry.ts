import * as path from 'node:path';
import type * as vscode from 'vscode';
import { loadWithCodeCache } from './codeCache';

/**
 * dist/extension.js, the file VS Code loads: it loads the extension itself, dist/extensionMain.js
 * (src/extension/extension.ts), through V8's code cache kept in the extension's own storage
 * (docs/architecture.md, "Activation"). The cache is written a few seconds after activation, off the
 * path of the first view, and only when the start found none.
 */
const SAVE_AFTER_MS = 3_000;

interface Main {
  activate(context: vscode.ExtensionContext): unknown;
  deactivate?(): void;
}

let main: Main | undefined;

export function activate(context: vscode.ExtensionContext): unknown {
  const loaded = loadWithCodeCache(path.join(__dirname, 'extensionMain.js'), path.join(context.globalStorageUri.fsPath, 'code-cache'));
  main = loaded.exports as Main;
  const result = main.activate(context);
  if (!loaded.warm) {
    const timer = setTimeout(loaded.save, SAVE_AFTER_MS);
    // Never what keeps a process alive (the bundle tests load the entry in plain Node).
    timer.unref?.();
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }
  return result;
}

export function deactivate(): void {
  main?.deactivate?.();
}
