// A log record made safe to write: every field named like a credential replaced at
// any depth, every string passed through redactText, and errors turned into plain
// objects with their cause chain (err.cause, AggregateError's errors), so a token a
// wrapped error carries is redacted like any other.
import { isCredentialKey } from "./names";
import { REDACTED, redactText } from "./text";

const MAX_DEPTH = 10;

export function redactValue(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Object]";
  seen.add(value);
  try {
    if (value instanceof Error) return errorObject(value, depth, seen);
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
    if (value instanceof URL) return redactText(value.href);
    if (value instanceof Map) return walk(Object.fromEntries(value), depth, seen);
    // Dates, buffers and anything else JSON knows how to write stay as they are.
    if (typeof (value as { toJSON?: unknown }).toJSON === "function" || ArrayBuffer.isView(value)) return value;
    return fields(value as Record<string, unknown>, {}, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function fields(from: Record<string, unknown>, into: Record<string, unknown>, depth: number, seen: WeakSet<object>) {
  for (const [k, v] of Object.entries(from)) into[k] = isCredentialKey(k) && v !== null && v !== undefined ? REDACTED : walk(v, depth + 1, seen);
  return into;
}

function errorObject(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: err.name || err.constructor?.name || "Error",
    message: redactText(String(err.message)),
  };
  if (err.stack) out.stack = redactText(err.stack);
  const { cause, ...own } = err as Error & Record<string, unknown>;
  fields(own, out, depth, seen);
  if (err instanceof AggregateError) out.errors = walk(err.errors, depth + 1, seen);
  if (cause !== undefined) out.cause = walk(cause, depth + 1, seen);
  return out;
}
