// Reading decoded form parameters once they have passed the spec: every value
// arrives as text, and the handlers want numbers, lists and string maps.
import { asList, asObject, type FormObject, type FormValue } from "../validation/deep-object";

export function str(p: FormObject, name: string): string | undefined {
  const v = p[name];
  return typeof v === "string" ? v : undefined;
}

/** Stripe treats an empty value as "not given" for optional parameters. */
export function text(p: FormObject, name: string): string | null {
  const v = str(p, name);
  return v === undefined || v === "" ? null : v;
}

export function int(p: FormObject, name: string): number | undefined {
  const v = str(p, name);
  return v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v) : undefined;
}

export function strings(v: FormValue | undefined): string[] {
  return (asList(v) ?? []).filter((x): x is string => typeof x === "string");
}

export function objects(v: FormValue | undefined): FormObject[] {
  return (asList(v) ?? []).map((x) => asObject(x)).filter((x): x is FormObject => x !== null);
}

/** metadata[key]=value pairs; an empty value drops its key, as Stripe does. */
export function metadata(v: FormValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(asObject(v) ?? {})) if (typeof value === "string" && value !== "") out[k] = value;
  return out;
}

export function expandPaths(p: FormObject): string[] {
  return strings(p.expand);
}

/**
 * metadata on an update: each key given is set, a key given empty is removed, and
 * `metadata=` (empty) clears them all, as Stripe merges it.
 */
export function mergeMetadata(current: Record<string, string>, v: FormValue | undefined): Record<string, string> {
  if (v === undefined) return current;
  if (v === "") return {};
  const out = { ...current };
  for (const [k, value] of Object.entries(asObject(v) ?? {})) {
    if (value === "") delete out[k];
    else if (typeof value === "string") out[k] = value;
  }
  return out;
}

/** A boolean parameter as Stripe's form encoding sends it. */
export function bool(p: FormObject, name: string): boolean | undefined {
  const v = str(p, name);
  return v === "true" ? true : v === "false" ? false : undefined;
}
