// Reading Web API arguments the way Slack does: form fields are text, JSON bodies
// carry real types, and structured values may come either way.
import type { SlackArgs } from "./method";

export function argString(args: SlackArgs, name: string): string | undefined {
  const v = args[name];
  const one = Array.isArray(v) && v.every((x) => typeof x === "string") ? v[0] : v;
  if (one === undefined || one === null) return undefined;
  if (typeof one === "string") return one;
  if (typeof one === "number" || typeof one === "boolean") return String(one);
  return JSON.stringify(one);
}

export function argBool(args: SlackArgs, name: string, fallback: boolean): boolean {
  const v = args[name];
  if (typeof v === "boolean") return v;
  if (v === 1 || v === "1" || (typeof v === "string" && v.toLowerCase() === "true")) return true;
  if (v === 0 || v === "0" || (typeof v === "string" && v.toLowerCase() === "false")) return false;
  return fallback;
}

export function argInt(args: SlackArgs, name: string): number | undefined {
  const s = argString(args, name);
  if (s === undefined || s.trim() === "") return undefined;
  const n = Number(s);
  return Number.isInteger(n) ? n : undefined;
}

/** A JSON array given as text (form) or as an array (JSON body); `undefined` when absent. */
export function argJsonArray(args: SlackArgs, name: string): unknown[] | undefined | "invalid" {
  const v = args[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (Array.isArray(v)) return v;
  if (typeof v !== "string") return "invalid";
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? parsed : "invalid";
  } catch {
    return "invalid";
  }
}
