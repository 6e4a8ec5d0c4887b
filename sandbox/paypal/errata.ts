// PayPal's spec files are written for Java's regex engine and PayPal's own schema
// tooling; ajv compiles patterns as ECMAScript Unicode regexes and knows only the
// standard formats. Where the file cannot be read as written, this says what
// changed. No rule is made stricter; at worst one stops being checked.
type Node = Record<string, unknown>;

/** The formats ajv-formats knows; PayPal's own (ppaas_common_currency_code_v2, payer_v1, …) are internal markers. */
const STANDARD_FORMATS = new Set(["date", "time", "date-time", "duration", "uri", "uri-reference", "uri-template", "url", "email", "hostname", "ipv4", "ipv6", "regex", "uuid", "json-pointer", "relative-json-pointer", "byte", "int32", "int64", "float", "double", "password", "binary"]);

/** Characters that may be escaped with a backslash in a Unicode-mode regex. */
const SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
const ESCAPE_LETTERS = /[dDwWsSbBnrtfv0cxuk1-9pP]/;

function compiles(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rewrites a pattern that Java (and non-Unicode JavaScript) accept into the same
 * pattern in Unicode mode: needless escapes such as `\!` lose their backslash, and
 * a literal `{`, `}` or `]` outside a class gains one.
 */
export function unicodeSafePattern(pattern: string): string | null {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      i++;
      if (SYNTAX.has(next) || ESCAPE_LETTERS.test(next) || (inClass && next === "-")) out += `\\${next}`;
      else out += next;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // A "]" right after "[" or "[^" is a literal member in Java.
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (c === "{") {
      const quantifier = pattern.slice(i).match(/^\{\d+(,\d*)?\}/);
      if (quantifier) {
        out += quantifier[0];
        i += quantifier[0].length - 1;
      } else out += "\\{";
      continue;
    }
    if (c === "}" || c === "]") {
      out += `\\${c}`;
      continue;
    }
    out += c;
  }
  return compiles(out, "u") ? out : null;
}

/** Patterns left unchecked because no Unicode-mode equivalent was found; listed for the request log's readers. */
export const UNCHECKED_PATTERNS: string[] = [];

function walk(node: unknown, at: string): void {
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
  if (typeof node !== "object" || node === null) return;
  const o = node as Node;
  if (typeof o.pattern === "string" && !compiles(o.pattern, "u")) {
    const fixed = unicodeSafePattern(o.pattern);
    if (fixed) o.pattern = fixed;
    else {
      delete o.pattern;
      UNCHECKED_PATTERNS.push(at);
    }
  }
  if (typeof o.format === "string" && !STANDARD_FORMATS.has(o.format)) delete o.format;
  for (const [k, v] of Object.entries(o)) if (k !== "pattern" && k !== "format") walk(v, `${at}/${k}`);
}

function at(doc: Node, ...keys: string[]): Node | undefined {
  let node: unknown = doc;
  for (const k of keys) node = typeof node === "object" && node !== null ? (node as Node)[k] : undefined;
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Node) : undefined;
}

export function patchPayPalSpec(doc: Node): void {
  walk(doc, "#");
  // Webhooks v1 says an event id is letters and digits, but PayPal's event ids are
  // "WH-<17>-<17>": the API's own ids win.
  const eventId = at(doc, "components", "parameters", "event_id", "schema");
  if (eventId?.pattern === "^[a-zA-Z0-9]+$") eventId.pattern = "^[a-zA-Z0-9-]+$";
}
