import * as path from 'node:path';
import type * as vscode from 'vscode';
import { loadWithCodeCache, saveWhenQuiet } from './codeCache';

/**
 * dist/extension.js, the file VS Code loads: it loads the extension itself, dist/extensionMain.js
 * (src/extension/extension.ts), through V8's code cache kept in the extension's own storage
 * (docs/architecture.md, "Activation"). The cache is written once the event loop is quiet, at the
 * earliest 3 s after activation (off the path of the first view and of a fill), and only when the
 * start found none.
 */

interface Main {
  activate(context: vscode.ExtensionContext): unknown;
  deactivate?(): void;
}

let main: Main | undefined;

export function activate(context: vscode.ExtensionContext): unknown {
  const loaded = loadWithCodeCache(path.join(__dirname, 'extensionMain.js'), path.join(context.globalStorageUri.fsPath, 'code-cache'));
  main = loaded.exports as Main;
  const result = main.activate(context);
  // Its timers never keep a process alive (the bundle tests load the entry in plain Node).
  if (!loaded.warm) context.subscriptions.push({ dispose: saveWhenQuiet(loaded.save) });
  return result;
}

export function deactivate(): void {
  main?.deactivate?.();
}
