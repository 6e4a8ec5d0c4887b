// The 3-D Secure challenge a card holder answers for a PaymentIntent whose card
// asks for it, as Stripe's test authentication page does: complete or fail it,
// and go back to the merchant's return_url with the outcome in its query.
import { first, type Ctx } from "../../core/context";
import { html, page } from "../../core/html";
import { record } from "../../core/record";
import { sendEmpty, sendHtml } from "../../core/respond";
import { ACCOUNT } from "../account";
import { formatAmount } from "../money";
import type { StripePaymentIntent } from "../state";
import { NO_REQUEST } from "../webhooks/emit";
import type { World } from "../world";
import { finishAuthentication } from "./confirm";
import { challengePath } from "./paths";

const CSS = `
.challenge{max-width:440px;margin:48px auto;background:#fff;border:1px solid #dfe3ec;border-radius:10px;padding:28px}
.challenge h1{font-size:19px;margin:0 0 6px}
.challenge .amount{font-size:24px;font-weight:600;margin:14px 0}
.challenge form{display:flex;gap:12px;margin-top:20px}
.challenge button{flex:1;font:inherit;font-weight:600;padding:10px;border-radius:6px;cursor:pointer;border:1px solid #2952cc}
.challenge button.complete{background:#2952cc;color:#fff}.challenge button.fail{background:#fff;color:#8a1c1c;border-color:#8a1c1c}
`;

function challengePage(pi: StripePaymentIntent): string {
  const body = html`<div class="challenge">
    <span class="badge warn">TEST MODE</span>
    <h1>3D Secure 2 test page</h1>
    <p class="muted">${ACCOUNT.name} asks your bank to confirm this payment. In the sandbox you choose what the bank answers.</p>
    <div class="amount">${formatAmount(pi.amount, pi.currency)}</div>
    <p class="muted small">Card •••• ${pi.authentication?.card.last4 ?? ""}</p>
    <form method="post" action="${challengePath(pi.id)}">
      <input type="hidden" name="client_secret" value="${pi.clientSecret}">
      <button type="submit" name="action" value="complete" class="complete">Complete authentication</button>
      <button type="submit" name="action" value="fail" class="fail">Fail authentication</button>
    </form>
  </div>`;
  return page("3D Secure 2 test page", body, CSS);
}

function endedPage(message: string): string {
  return page("3D Secure", html`<div class="challenge"><h1>Nothing to authenticate</h1><p>${message}</p></div>`, CSS);
}

function backTo(returnUrl: string, pi: StripePaymentIntent, status: "succeeded" | "failed"): string {
  const u = new URL(returnUrl);
  u.searchParams.set("payment_intent", pi.id);
  u.searchParams.set("payment_intent_client_secret", pi.clientSecret);
  u.searchParams.set("redirect_status", status);
  return u.toString();
}

export function handleChallenge(ctx: Ctx, w: World, intentId: string): void {
  record(ctx, ctx.method === "GET" ? "stripe 3-D Secure challenge page" : "stripe 3-D Secure challenge answer");
  if (ctx.method !== "GET" && ctx.method !== "POST") return sendHtml(ctx, 405, endedPage("Open this page from the payment form."));
  const pi = w.state.paymentIntents.get(intentId);
  const fields = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  // Only the browser that holds the intent's client secret may answer for the card holder.
  if (!pi || first(fields.client_secret) !== pi.clientSecret) return sendHtml(ctx, 404, endedPage("This authentication link is not valid."));
  if (pi.status !== "requires_action" || !pi.authentication) return sendHtml(ctx, ctx.method === "GET" ? 200 : 409, endedPage(`This payment is ${pi.status.replace(/_/g, " ")}; there is nothing to authenticate any more.`));
  if (ctx.method === "GET") return sendHtml(ctx, 200, challengePage(pi));
  const returnUrl = pi.authentication.returnUrl;
  const outcome = finishAuthentication(w, pi, first(fields.action) === "complete", NO_REQUEST);
  const status = outcome === "succeeded" ? "succeeded" : "failed";
  if (!returnUrl) return sendHtml(ctx, 200, endedPage(`Authentication ${status === "succeeded" ? "completed" : "failed"}; you may close this page.`));
  sendEmpty(ctx, 303, { Location: backTo(returnUrl, pi, status), "Cache-Control": "no-store" });
}
