// The parameters of one Payrexx API request, as Payrexx reads them: `instance` always
// from the query string; for GET and DELETE everything else from the query string
// too; for POST everything else from the body ("For POST requests all query
// parameters except the instance have to be in the body"). Kept in arrival order,
// because the ApiSignature covers them in that order.
import { first, header, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { decodeDeepObject, type FormObject, type FormValue } from "../validation/deep-object";
import { failure, type PayrexxAnswer } from "./respond";

export interface RequestParams {
  instance: string | null;
  /** Every parameter but instance and ApiSignature, in order: what the signature covers. */
  pairs: Array<[string, string]>;
  /** The same, decoded into nested values (fields[email][value] → fields.email.value), lists as arrays. */
  values: Record<string, unknown>;
  signature: string | null;
  apiKey: string | null;
  /** A JSON body carries no signable pairs: only X-API-KEY authenticates it. */
  json: boolean;
}

const RESERVED = new Set(["instance", "ApiSignature"]);

function orderedPairs(text: string): Array<[string, string]> {
  return [...new URLSearchParams(text)];
}

function toFields(pairs: Array<[string, string]>): FormFields {
  const out: FormFields = {};
  for (const [k, v] of pairs) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** PHP turns a[0]=x&a[1]=y into a list; decodeDeepObject leaves an object keyed 0, 1 … */
function listify(v: FormValue): unknown {
  if (Array.isArray(v)) return v.map(listify);
  if (typeof v !== "object" || v === null) return v;
  const keys = Object.keys(v);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => listify(v[k]!));
  return Object.fromEntries(keys.map((k) => [k, listify(v[k]!)]));
}

export function readParams(ctx: Ctx): RequestParams | PayrexxAnswer {
  const queryPairs = orderedPairs(ctx.url.search.slice(1));
  const instance = first(ctx.query.instance) ?? null;
  const apiKey = header(ctx, "x-api-key")?.trim() || null;
  if (ctx.method === "GET" || ctx.method === "DELETE") {
    const pairs = queryPairs.filter(([k]) => !RESERVED.has(k));
    return { instance, pairs, values: listify(decodeDeepObject(toFields(pairs))) as Record<string, unknown>, signature: first(ctx.query.ApiSignature) ?? null, apiKey, json: false };
  }
  if (queryPairs.some(([k]) => k !== "instance")) {
    return failure(400, "For POST requests all parameters except instance belong in the body");
  }
  switch (ctx.body.kind) {
    case "none":
      return { instance, pairs: [], values: {}, signature: null, apiKey, json: false };
    case "form": {
      const all = orderedPairs(ctx.raw.toString("utf8"));
      const pairs = all.filter(([k]) => !RESERVED.has(k));
      const signature = all.find(([k]) => k === "ApiSignature")?.[1] ?? null;
      return { instance, pairs, values: listify(decodeDeepObject(toFields(pairs)) as FormObject) as Record<string, unknown>, signature, apiKey, json: false };
    }
    case "json": {
      const v = ctx.body.value;
      if (typeof v !== "object" || v === null || Array.isArray(v)) return failure(400, "The JSON body must be an object of parameters");
      const { ApiSignature, instance: _ignored, ...values } = v as Record<string, unknown>;
      return { instance, pairs: [], values, signature: typeof ApiSignature === "string" ? ApiSignature : null, apiKey, json: true };
    }
    case "invalid":
      return failure(400, `The body could not be read: ${ctx.body.reason}`);
    case "other":
      return failure(400, `Unsupported Content-Type ${ctx.body.contentType}: send application/x-www-form-urlencoded (or JSON with X-API-KEY)`);
  }
}
