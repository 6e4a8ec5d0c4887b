// Stripe Billing's pages under /billing/: the hosted invoice page, the customer
// portal (hosted/portal.ts), and what the inbox page's subscription buttons post to
// (a person moving a subscription's clock, with the page's form key instead of the
// control token).
import { first, type Ctx } from "../core/context";
import { formKeyMatches } from "../core/form-key";
import { record } from "../core/record";
import { sendEmpty, sendHtml, sendJson } from "../core/respond";
import { safeDecode } from "../core/path-template";
import { checkCard } from "./checkout/cards";
import { EMPTY_FORM, notFoundPage, type FormState } from "./checkout/page";
import { chargeInvoice } from "./flows/invoice-charge";
import { overdueDue } from "./flows/invoice";
import { expireDue } from "./flows/expire";
import { settleStatus } from "./flows/subscription";
import { invoicePage } from "./hosted/invoice-page";
import { handlePortal } from "./hosted/portal";
import { stripeId } from "./ids";
import { NO_REQUEST } from "./webhooks/emit";
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

const INVOICE_PAGE = /^\/billing\/invoice\/([^/]+)$/;
const PORTAL_PAGE = /^\/billing\/p\/session\/([^/]+)$/;

/** GET shows the invoice; POST pays it with the card typed in, as the customer does on Stripe's page. */
function hostedInvoice(ctx: Ctx, w: World, secret: string): void {
  record(ctx, ctx.method === "GET" ? "stripe hosted invoice page" : "stripe hosted invoice page submit");
  if (ctx.method !== "GET" && ctx.method !== "POST") return sendHtml(ctx, 405, notFoundPage());
  const inv = [...w.state.billing.invoices.values()].find((i) => i.hostedSecret === secret);
  if (!inv) return sendHtml(ctx, 404, notFoundPage());
  const customer = w.state.billing.customers.get(inv.customerId);
  const path = ctx.subpath;
  if (ctx.method === "GET") return sendHtml(ctx, 200, invoicePage(inv, customer, path));
  if (inv.status !== "open" && inv.status !== "uncollectible") return sendHtml(ctx, 409, invoicePage(inv, customer, path));
  const fields = ctx.body.kind === "form" ? ctx.body.value : {};
  const field = (name: string) => first(fields[name])?.trim() ?? "";
  const form: FormState = { ...EMPTY_FORM, expiry: field("expiry"), name: field("name"), number: field("card_number") };
  const check = checkCard({ number: form.number, expiry: form.expiry, cvc: field("cvc"), name: form.name }, w.rt.clock.now(), inv.livemode);
  if (!check.ok) return sendHtml(ctx, 400, invoicePage(inv, customer, path, { ...form, error: check.message }));
  const card = { paymentMethodId: stripeId("pm"), card: check.card, name: check.name, decline: check.decline };
  const result = chargeInvoice(w, inv, card, NO_REQUEST);
  const sub = inv.subscriptionId ? w.state.billing.subscriptions.get(inv.subscriptionId) : undefined;
  if (sub) settleStatus(w, sub, result.paid, NO_REQUEST);
  if (!result.paid) return sendHtml(ctx, 402, invoicePage(inv, customer, path, { ...form, error: result.failure?.message ?? "Your card was declined." }));
  sendEmpty(ctx, 303, { Location: path, "Cache-Control": "no-store" });
}

/** True when the path was one of Billing's pages (answered here). */
export function handleBillingPage(ctx: Ctx, w: World): boolean {
  if (!ctx.subpath.startsWith(BILLING_PREFIX)) return false;
  const path = ctx.subpath.replace(/\/$/, "");
  expireDue(w);
  overdueDue(w);
  if (path === CLOCK_FORM_PATH) {
    clockForm(ctx, w);
    return true;
  }
  const invoice = path.match(INVOICE_PAGE);
  if (invoice) {
    hostedInvoice(ctx, w, safeDecode(invoice[1]!));
    return true;
  }
  const portal = path.match(PORTAL_PAGE);
  if (portal) {
    handlePortal(ctx, w, safeDecode(portal[1]!));
    return true;
  }
  return false;
}
