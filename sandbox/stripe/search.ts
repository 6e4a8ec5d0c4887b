// Stripe's Search query language, the part the sandbox understands: clauses
// `field:'value'` (exact) and `field~'value'` (substring, 3 characters at least),
// metadata['key']:'value', joined by AND or by OR (not both). Stripe's search is
// eventually consistent (about a minute); the sandbox finds new objects at once.
import { invalid, type StripeAnswer } from "./errors";

interface Clause {
  field: string;
  op: ":" | "~";
  value: string;
}

export interface Query {
  clauses: Clause[];
  join: "AND" | "OR";
}

const CLAUSE = /^\s*(metadata\[(?:'([^']+)'|"([^"]+)")\]|[a-z_]+)\s*([:~])\s*(?:'([^']*)'|"([^"]*)")\s*$/;

const UNPARSABLE = (q: string) =>
  invalid(`We were unable to parse your search query (${q}). Try using the format \`metadata["key"]:"value"\` to query for metadata or \`key:"value"\` to query for other fields.`, "query");

export function parseQuery(q: string, fields: readonly string[]): Query | StripeAnswer {
  const hasAnd = / AND /.test(q);
  const hasOr = / OR /.test(q);
  if (hasAnd && hasOr) return invalid("Search queries cannot mix AND and OR; use one of them.", "query");
  const parts = q.split(hasOr ? / OR / : / AND /);
  const clauses: Clause[] = [];
  for (const part of parts) {
    const m = part.match(CLAUSE);
    if (!m) return UNPARSABLE(q);
    const metaKey = m[2] ?? m[3];
    const field = metaKey !== undefined ? `metadata.${metaKey}` : m[1]!;
    if (metaKey === undefined && !fields.includes(field)) return invalid(`Field \`${field}\` is an unsupported search field for this resource. Supported fields: ${fields.join(", ")}, metadata.`, "query");
    const value = m[5] ?? m[6] ?? "";
    const op = m[4] as ":" | "~";
    if (op === "~" && value.length < 3) return invalid("Substring search (~) needs a value of at least 3 characters.", "query");
    clauses.push({ field, op, value });
  }
  return { clauses, join: hasOr ? "OR" : "AND" };
}

export function isQuery(v: Query | StripeAnswer): v is Query {
  return "clauses" in v;
}

/** `read` gives a field's value on an object (metadata.x for metadata). */
export function matches(q: Query, read: (field: string) => string | null): boolean {
  const test = (c: Clause) => {
    const v = read(c.field);
    if (v === null) return false;
    return c.op === ":" ? v.toLowerCase() === c.value.toLowerCase() : v.toLowerCase().includes(c.value.toLowerCase());
  };
  return q.join === "AND" ? q.clauses.every(test) : q.clauses.some(test);
}

/** Search answers: a search_result, paged by an opaque next_page token rather than object ids. */
export function searchPage<T>(items: T[], page: string | null, limit: number): { items: T[]; nextPage: string | null } {
  const start = page !== null ? Number(Buffer.from(page, "base64url").toString("utf8")) || 0 : 0;
  const end = start + limit;
  return { items: items.slice(start, end), nextPage: end < items.length ? Buffer.from(String(end), "utf8").toString("base64url") : null };
}

export function searchBody(url: string, data: unknown[], nextPage: string | null): Record<string, unknown> {
  return { object: "search_result", data, has_more: nextPage !== null, next_page: nextPage, url };
}
