// GET and POST /paypal/checkoutnow?token={order id}: the approval page, and what the
// buyer's click does. Approving sends the browser to the order's return_url with
// token and PayerID, as PayPal does; cancelling to its cancel_url with token.
import { first, type Ctx } from "../../core/context";
import { record } from "../../core/record";
import { sendEmpty, sendHtml } from "../../core/respond";
import { BUYER } from "../account";
import { approveOrder } from "../flows/approve";
import type { Funding, PayPalOrder } from "../state";
import type { World } from "../world";
import { approvalPage, closedPage, doneWithoutReturnPage, notFoundPage } from "./page";

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

function returnLink(o: PayPalOrder): string | null {
  return o.returnUrl ? withQuery(o.returnUrl, { token: o.id, PayerID: BUYER.payerId }) : null;
}

function go(ctx: Ctx, location: string): void {
  sendEmpty(ctx, 303, { Location: location, "Cache-Control": "no-store" });
}

export function handleApprovalPage(ctx: Ctx, w: World): void {
  record(ctx, ctx.method === "GET" ? "paypal approval page" : "paypal approval page submit");
  if (ctx.method !== "GET" && ctx.method !== "POST") return sendHtml(ctx, 405, notFoundPage());
  const order = w.state.orders.get(first(ctx.query.token) ?? "");
  if (!order) return sendHtml(ctx, 404, notFoundPage());
  const open = order.status === "CREATED" || order.status === "PAYER_ACTION_REQUIRED";
  if (!open) return sendHtml(ctx, ctx.method === "GET" ? 200 : 409, closedPage(order, order.status === "VOIDED" ? null : returnLink(order)));
  if (ctx.method === "GET") return sendHtml(ctx, 200, approvalPage(order));

  const fields = ctx.body.kind === "form" ? ctx.body.value : {};
  if (first(fields.action) === "cancel") {
    // PayPal tells the merchant nothing about a cancel: the order simply stays unapproved.
    if (!order.cancelUrl) return sendHtml(ctx, 200, doneWithoutReturnPage(order, "cancelled"));
    return go(ctx, withQuery(order.cancelUrl, { token: order.id }));
  }
  const funding: Funding = first(fields.funding) === "echeck" ? "echeck" : "balance";
  approveOrder(w, order, funding);
  const back = returnLink(order);
  if (!back) return sendHtml(ctx, 200, doneWithoutReturnPage(order, "approved"));
  go(ctx, back);
}
