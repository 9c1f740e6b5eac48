/**
 * Table references in one notebook cell as the editor holds it (a `vscode-notebook-cell` document):
 * its text is the cell's source, not the notebook's JSON, and its language is the cell's. A first
 * line `%sql` (`%python`, `%scala`) switches the language, as Databricks and Jupyter do; that line
 * is blanked in place, so every reference keeps its column (docs/references.md).
 */
import { TableReference, findTableReferences } from './tableReferences';

const CELL_LANGUAGES: Record<string, 'python' | 'scala' | 'sql'> = { python: 'python', scala: 'scala', sql: 'sql' };

export function findCellTableReferences(text: string, languageId: string): TableReference[] {
  const magic = /^(\s*%%?(\w+))[^\n]*/.exec(text);
  const switched = magic ? CELL_LANGUAGES[magic[2]!.toLowerCase()] : undefined;
  if (magic && switched) return findTableReferences(' '.repeat(magic[0].length) + text.slice(magic[0].length), switched);
  if (magic) return []; // %sh, %md, %pip…: not a language with tables
  const language = CELL_LANGUAGES[languageId];
  return language ? findTableReferences(text, language) : [];
}
