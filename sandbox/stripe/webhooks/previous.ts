// An *.updated event's data.previous_attributes: the top-level fields that changed,
// with the values they had before.
export function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(before)) if (JSON.stringify(v) !== JSON.stringify(after[k])) out[k] = v;
  return Object.keys(out).length > 0 ? out : null;
}
