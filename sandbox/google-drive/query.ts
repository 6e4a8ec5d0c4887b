// Drive's search language (files.list q), the part of it an app uses to find its
// own folders and files again: clauses joined by `and`, each one of
//   '<id>' in parents · mimeType = | != '<type>' · name = | != | contains '<text>'
//   trashed = true | false · appProperties has { key='<k>' and value='<v>' } (and properties)
// Anything else is refused as Drive refuses a query it cannot read: 400 "Invalid Value".
import type { DriveFile } from "./state";

export type Clause = (f: DriveFile) => boolean;

const TOKEN = /\s*(?:'((?:[^'\\]|\\.)*)'|(!=|=|\{|\}|[A-Za-z]+))/y;

function tokenize(q: string): string[] | null {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < q.length) {
    if (/^\s*$/.test(q.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(q);
    if (!m) return null;
    // Quoted strings keep a marker so they are never read as keywords.
    out.push(m[1] !== undefined ? `'${m[1].replace(/\\(.)/g, "$1")}` : m[2]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

const isString = (t: string | undefined): t is string => t !== undefined && t.startsWith("'");
const value = (t: string) => t.slice(1);

/** The query as one predicate, or null when Drive would refuse it. */
export function parseQuery(q: string, resolveParent: (id: string) => string): ((f: DriveFile) => boolean) | null {
  const t = tokenize(q);
  if (!t || t.length === 0) return null;
  const clauses: Clause[] = [];
  let i = 0;
  const next = () => t[i++];
  while (i < t.length) {
    const a = next();
    let clause: Clause | null = null;
    if (isString(a) && t[i] === "in" && t[i + 1] === "parents") {
      i += 2;
      const parent = resolveParent(value(a));
      clause = (f) => f.parents.includes(parent);
    } else if ((a === "mimeType" || a === "name") && (t[i] === "=" || t[i] === "!=" || (a === "name" && t[i] === "contains")) && isString(t[i + 1])) {
      const op = next()!;
      const v = value(next()!);
      const field = a;
      clause = op === "=" ? (f) => f[field] === v : op === "!=" ? (f) => f[field] !== v : (f) => f.name.includes(v);
    } else if (a === "trashed" && t[i] === "=" && (t[i + 1] === "true" || t[i + 1] === "false")) {
      i++;
      const want = next() === "true";
      clause = (f) => f.trashed === want;
    } else if ((a === "appProperties" || a === "properties") && t[i] === "has" && t[i + 1] === "{") {
      i += 2;
      const pair: Record<string, string> = {};
      for (const part of ["key", "value"]) {
        if (next() !== part || next() !== "=") return null;
        const v = next();
        if (!isString(v)) return null;
        pair[part] = value(v);
        if (part === "key" && next() !== "and") return null;
      }
      if (next() !== "}") return null;
      const bag = a;
      clause = (f) => f[bag][pair.key!] === pair.value;
    }
    if (!clause) return null;
    clauses.push(clause);
    if (i < t.length && next() !== "and") return null;
  }
  return (f) => clauses.every((c) => c(f));
}
