// Checks package.json against the code and docs/settings.md: every contributed
// command is registered in src/extension/commands (the one place commands are
// registered) and every registered accessLens.* command is contributed, each
// with the "Access Lens" category; every setting
// has a markdownDescription; activation events are narrow. Exits 1 with one
// line per mismatch.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const registered = new Set();
for (const file of sources(join(root, 'src/extension/commands'))) {
  for (const match of readFileSync(file, 'utf8').matchAll(/registerCommand\(\s*context,\s*deps,\s*'(accessLens\.[A-Za-z]+)'/g)) {
    registered.add(match[1]);
  }
}
const contributed = new Set();
for (const command of pkg.contributes.commands) {
  contributed.add(command.command);
  if (command.category !== 'Access Lens') problems.push(`${command.command}: category must be "Access Lens"`);
  if (!registered.has(command.command)) problems.push(`${command.command}: contributed in package.json but never registered`);
}
for (const id of registered) {
  if (!contributed.has(id)) problems.push(`${id}: registered but not contributed in package.json`);
}
for (const [key, setting] of Object.entries(pkg.contributes.configuration.properties)) {
  if (!setting.markdownDescription) problems.push(`${key}: no markdownDescription`);
}
// Views and commands activate by themselves; beyond them, only the documents the diagnostics read (never everything at startup).
for (const event of pkg.activationEvents ?? []) {
  if (!/^(?:onLanguage|onNotebook|workspaceContains|onView|onCommand):./.test(event)) problems.push(`activationEvents: "${event}" is too broad; use onLanguage:, onNotebook: or workspaceContains:`);
}
for (const line of problems) console.error(`check-contributions: ${line}`);
if (problems.length === 0) console.log(`check-contributions: ${contributed.size} commands and ${Object.keys(pkg.contributes.configuration.properties).length} settings consistent`);
process.exit(problems.length === 0 ? 0 : 1);
