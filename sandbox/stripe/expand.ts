// expand[]: ids in an answer replaced by their objects, "a.b" reaching into what was
// expanded, "data.x" into each item of a list, at most four levels deep as Stripe allows.
import { invalid, type StripeAnswer } from "./errors";
import { viewById } from "./lookup";
import type { World } from "./world";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const MAX_DEPTH = 4;

/** Fields that are not ids but expand all the same (a session's line_items). */
export type Extras = Record<string, () => unknown>;

function expandOne(w: World, obj: Obj, path: string[], full: string, livemode: boolean, extras: Extras): StripeAnswer | null {
  const [head, ...rest] = path;
  if (head === undefined) return null;
  if (head === "data" && Array.isArray(obj.data) && obj.object === "list") {
    for (const item of obj.data) if (isObj(item)) {
      const err = expandOne(w, item, rest, full, livemode, extras);
      if (err) return err;
    }
    return null;
  }
  if (!Object.hasOwn(obj, head) && extras[head]) obj[head] = extras[head]!();
  else if (typeof obj[head] === "string") {
    const view = viewById(w, obj[head] as string, livemode);
    if (!view) return invalid(`This property cannot be expanded (${full}).`, "expand");
    obj[head] = view;
  } else if (!Object.hasOwn(obj, head)) return invalid(`This property cannot be expanded (${full}).`, "expand");
  const next = obj[head];
  if (rest.length === 0 || next === null) return null;
  if (!isObj(next)) return invalid(`This property cannot be expanded (${full}).`, "expand");
  return expandOne(w, next, rest, full, livemode, {});
}

export function expand(w: World, obj: Obj, paths: string[], livemode: boolean, extras: Extras = {}): StripeAnswer | null {
  for (const full of paths) {
    const path = full.split(".");
    if (path.length > MAX_DEPTH) return invalid(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${full}`, "expand");
    const err = expandOne(w, obj, path, full, livemode, extras);
    if (err) return err;
  }
  return null;
}
