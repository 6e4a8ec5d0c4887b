// Stripe Billing's pages under /billing/: what the inbox page's subscription buttons
// post to (a person moving a subscription's clock, with the page's form key instead
// of the control token).
import { first, type Ctx } from "../core/context";
import { formKeyMatches } from "../core/form-key";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import { CLOCK_ACTIONS, moveClock, type ClockAction } from "./billing-clock";
import type { World } from "./world";

export const BILLING_PREFIX = "/billing/";
export const CLOCK_FORM_PATH = "/billing/dashboard/subscription-clock";
export const CLOCK_FORM_PURPOSE = "stripe-subscription-clock";

function clockForm(ctx: Ctx, w: World): void {
  record(ctx, "stripe dashboard subscription clock");
  if (ctx.method !== "POST") return sendJson(ctx, 405, { error: "post the inbox page's form" }, { Allow: "POST" });
  const fields = ctx.body.kind === "form" ? ctx.body.value : {};
  const field = (name: string) => first(fields[name])?.trim() ?? "";
  if (!formKeyMatches(ctx.rt, CLOCK_FORM_PURPOSE, field("formKey"))) return sendJson(ctx, 403, { error: "this form comes from the sandbox's inbox page; reload it and try again" });
  const sub = w.state.billing.subscriptions.get(field("subscription"));
  if (!sub) return sendJson(ctx, 404, { error: `no subscription ${field("subscription")}` });
  const action = field("action");
  if (!CLOCK_ACTIONS.includes(action as ClockAction)) return sendJson(ctx, 400, { error: `action must be one of ${CLOCK_ACTIONS.join(", ")}` });
  const result = moveClock(w, sub, action as ClockAction, field("decline_code") || undefined);
  if (!result.ok) return sendJson(ctx, result.status, { error: result.error });
  sendEmpty(ctx, 303, { Location: "/#stripe", "Cache-Control": "no-store" });
}

/** True when the path was one of Billing's pages (answered here). */
export function handleBillingPage(ctx: Ctx, w: World): boolean {
  const path = ctx.subpath.replace(/\/$/, "");
  if (path === CLOCK_FORM_PATH) {
    clockForm(ctx, w);
    return true;
  }
  return false;
}
