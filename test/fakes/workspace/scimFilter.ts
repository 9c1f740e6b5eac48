// The subset of SCIM filter syntax (RFC 7644 §3.4.2.2) clients send to
// Databricks: `attr op "value"` clauses joined by `and`/`or` (left to right,
// `and` binding tighter), ops eq ne co sw ew pr. Attribute names and string
// comparison are case-insensitive, as for displayName in Databricks.

export type ScimFilter = { ok: true; test: (attrs: Record<string, string | null>) => boolean } | { ok: false; error: string };

type Clause = (attrs: Record<string, string | null>) => boolean;

const CLAUSE = /^\s*([A-Za-z][\w.]*)\s+(eq|ne|co|sw|ew|pr)(?:\s+("(?:[^"\\]|\\.)*"|[^\s"]+))?\s*/i;

export function parseScimFilter(text: string): ScimFilter {
  const groups: Clause[][] = [[]];
  let rest = text;
  for (;;) {
    const m = CLAUSE.exec(rest);
    if (!m) return { ok: false, error: `Invalid filter '${text}': expected attribute operator "value" near '${rest.trim().slice(0, 40)}'.` };
    const [, attr, opRaw, valueRaw] = m;
    const op = opRaw!.toLowerCase();
    if (op !== 'pr' && valueRaw === undefined) return { ok: false, error: `Invalid filter '${text}': operator ${op} needs a value.` };
    const value = valueRaw === undefined ? '' : valueRaw.startsWith('"') ? (JSON.parse(valueRaw) as string) : valueRaw;
    groups[groups.length - 1]!.push(clause(attr!, op, value));
    rest = rest.slice(m[0].length);
    if (rest.trim() === '') break;
    const joiner = /^(and|or)\s+/i.exec(rest);
    if (!joiner) return { ok: false, error: `Invalid filter '${text}': expected 'and' or 'or' near '${rest.trim().slice(0, 40)}'.` };
    if (joiner[1]!.toLowerCase() === 'or') groups.push([]);
    rest = rest.slice(joiner[0].length);
  }
  return { ok: true, test: (attrs) => groups.some((all) => all.every((c) => c(attrs))) };
}

function clause(attr: string, op: string, value: string): Clause {
  const wanted = value.toLowerCase();
  return (attrs) => {
    const key = Object.keys(attrs).find((k) => k.toLowerCase() === attr.toLowerCase());
    const actual = key === undefined ? null : attrs[key]!;
    if (op === 'pr') return actual !== null && actual !== '';
    if (actual === null) return op === 'ne';
    const a = actual.toLowerCase();
    switch (op) {
      case 'eq':
        return a === wanted;
      case 'ne':
        return a !== wanted;
      case 'co':
        return a.includes(wanted);
      case 'sw':
        return a.startsWith(wanted);
      default:
        return a.endsWith(wanted);
    }
  };
}
