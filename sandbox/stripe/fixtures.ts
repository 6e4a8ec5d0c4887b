// Answers are shaped after Stripe's own example objects (fixtures3.json, current):
// each resource's example is the template, in its key order, and every value the
// sandbox knows replaces the example's. Without the specs folder there is no
// template, and an object carries only the sandbox's own fields.
export type Templates = Record<string, unknown> | null;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function shaped(templates: Templates, resource: string, ours: Obj): Obj {
  const template = templates?.[resource];
  if (!isObj(template)) return ours;
  const out: Obj = {};
  for (const key of Object.keys(template)) out[key] = Object.hasOwn(ours, key) ? ours[key] : structuredClone(template[key]);
  for (const key of Object.keys(ours)) if (!Object.hasOwn(out, key)) out[key] = ours[key];
  return out;
}
