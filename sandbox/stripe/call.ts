// What one emulated API operation gets, and how it answers with an object that may
// have ids to expand.
import type { Ctx } from "../core/context";
import type { FormObject } from "../validation/deep-object";
import type { ApiKey } from "./auth";
import { ok, type StripeAnswer } from "./errors";
import { expand, type Extras } from "./expand";
import { expandPaths } from "./params";
import type { Cause } from "./webhooks/emit";
import type { World } from "./world";

export interface StripeCall {
  w: World;
  ctx: Ctx;
  key: ApiKey;
  /** Query parameters (GET, DELETE) or the form body (POST), decoded from bracket notation. */
  params: FormObject;
  pathParams: Record<string, string>;
  /** This request, for the events it causes. */
  cause: Cause;
}

export type Operation = (call: StripeCall) => StripeAnswer;

/** An object answer, with the call's expand[] applied. */
export function answerWith(call: StripeCall, view: Record<string, unknown>, status = 200, extras: Extras = {}): StripeAnswer {
  const error = expand(call.w, view, expandPaths(call.params), call.key.livemode, extras);
  return error ?? ok(view, status);
}
