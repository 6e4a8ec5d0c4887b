// Form fields in OpenAPI's deepObject style, as Stripe reads them: "a[b][0][c]=x"
// is a nested value, "a[]=x" appends, a repeated plain key is a list.
import type { FormFields } from "../core/body";

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

const isObject = (v: FormValue | undefined): v is FormObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** "line_items[0][price_data][currency]" → ["line_items", "0", "price_data", "currency"]; "" marks "[]". */
function segments(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0 || !key.endsWith("]")) return [key];
  const out = [key.slice(0, open)];
  for (const m of key.slice(open).matchAll(/\[([^\]]*)\]/g)) out.push(m[1]!);
  return out;
}

function place(container: FormObject | FormValue[], path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (Array.isArray(container)) {
    // "a[][b]" cannot say which element it extends; each one starts a new element.
    if (rest.length === 0) container.push(value);
    else {
      const next: FormObject | FormValue[] = rest[0] === "" ? [] : {};
      container.push(next);
      place(next, rest, value);
    }
    return;
  }
  if (rest.length === 0) {
    const prev = container[head];
    container[head] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev as string, value];
    return;
  }
  let next = container[head];
  if (next === undefined || typeof next === "string") {
    next = rest[0] === "" ? [] : {};
    container[head] = next;
  }
  place(next as FormObject | FormValue[], rest, value);
}

export function decodeDeepObject(fields: FormFields): FormObject {
  const out: FormObject = {};
  for (const [key, raw] of Object.entries(fields)) {
    const path = segments(key);
    for (const value of Array.isArray(raw) ? raw : [raw]) place(out, path, value);
  }
  return out;
}

/** An object keyed 0, 1, 2… (how indexed arrays arrive) read as the list it stands for. */
export function asList(v: FormValue | undefined): FormValue[] | null {
  if (Array.isArray(v)) return v;
  if (!isObject(v)) return null;
  const keys = Object.keys(v);
  if (!keys.every((k) => /^\d+$/.test(k))) return null;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]!);
}

export function asObject(v: FormValue | undefined): FormObject | null {
  return isObject(v) ? v : null;
}

/** Stripe's way of naming a nested parameter: line_items[0][quantity]. */
export function paramName(path: ReadonlyArray<string | number>): string {
  const [head, ...rest] = path;
  return `${String(head ?? "")}${rest.map((p) => `[${String(p)}]`).join("")}`;
}
