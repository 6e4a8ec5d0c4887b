// Drive's partial responses: `fields` names what a response carries
// ("id,name,parents", "files(id,name),nextPageToken", "user/emailAddress", "*");
// without it v3 answers only a resource's default fields.
type Selection = Map<string, Selection | null>;

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")") depth--;
    else if (s[i] === "," && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter(Boolean);
}

function parse(s: string): Selection {
  const sel: Selection = new Map();
  for (const item of splitTop(s)) {
    const paren = item.indexOf("(");
    const slash = item.indexOf("/");
    if (paren > 0 && (slash < 0 || paren < slash)) sel.set(item.slice(0, paren), parse(item.slice(paren + 1, item.lastIndexOf(")"))));
    else if (slash > 0) sel.set(item.slice(0, slash), parse(item.slice(slash + 1)));
    else sel.set(item, null);
  }
  return sel;
}

function apply(value: unknown, sel: Selection | null): unknown {
  if (sel === null || sel.has("*")) return value;
  if (Array.isArray(value)) return value.map((v) => apply(v, sel));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of sel) if (k in (value as object)) out[k] = apply((value as Record<string, unknown>)[k], sub);
  return out;
}

/** The resource as `fields` asks for it, or its `defaults` when the request names none. */
export function partial(resource: Record<string, unknown>, fields: string | undefined, defaults: string): unknown {
  return apply(resource, parse(fields ?? defaults));
}
