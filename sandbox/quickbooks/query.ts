// Intuit's query language as far as the app uses it: "select * from <Entity>
// [where <Field> = '<value>' [and …]] [startposition n] [maxresults n]", with
// dotted fields for nested values (PrimaryEmailAddr is matched on its Address).
import type { Entity } from "./state";

export interface Query {
  entity: string;
  where: Array<{ field: string; op: "=" | "in" | "like"; values: string[] }>;
  start: number;
  max: number;
}

export function parseQuery(text: string): Query | string {
  const m = /^\s*select\s+\*\s+from\s+(\w+)(?:\s+where\s+(.+?))?(?:\s+orderby\s+[\w,\s]+?)?(?:\s+startposition\s+(\d+))?(?:\s+maxresults\s+(\d+))?\s*$/i.exec(text);
  if (!m) return `QueryParserError: Encountered an unexpected token in "${text.slice(0, 80)}"`;
  const where: Query["where"] = [];
  if (m[2]) {
    for (const part of m[2].split(/\s+and\s+/i)) {
      const c = /^\s*([\w.]+)\s*(=|in|like)\s*(.+?)\s*$/i.exec(part);
      if (!c) return `QueryParserError: Encountered an unexpected token in "${part}"`;
      const op = c[2]!.toLowerCase() as "=" | "in" | "like";
      const raw = c[3]!;
      const values = op === "in" ? [...raw.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((v) => v[1]!.replace(/\\'/g, "'")) : [/^'((?:[^'\\]|\\.)*)'$/.exec(raw)?.[1]?.replace(/\\'/g, "'") ?? raw];
      where.push({ field: c[1]!, op, values });
    }
  }
  return { entity: m[1]!, where, start: Number(m[3] ?? 1), max: Math.min(Number(m[4] ?? 100), 1000) };
}

function valueOf(e: Entity, field: string): unknown {
  let v: unknown = e;
  for (const part of field.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  // Reference and e-mail fields compare on their value.
  if (v && typeof v === "object") v = (v as { Address?: unknown; value?: unknown }).Address ?? (v as { value?: unknown }).value;
  return v;
}

export function matches(e: Entity, q: Query): boolean {
  return q.where.every((c) => {
    const v = String(valueOf(e, c.field) ?? "");
    if (c.op === "like") return new RegExp(`^${c.values[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*")}$`, "i").test(v);
    return c.values.some((x) => x.toLowerCase() === v.toLowerCase());
  });
}
