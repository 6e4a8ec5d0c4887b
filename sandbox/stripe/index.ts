// Stripe at the sandbox's root, where stripe-node sends it (the SDK takes a host and
// port but no path): the API under /v1/, the hosted Checkout page under /checkout/.
import type { Ctx } from "../core/context";
import { safeDecode } from "../core/path-template";
import { keyCredentials } from "../core/key-credentials";
import { defineProvider } from "../core/provider-module";
import { sendHtml, sendJson } from "../core/respond";
import { formKey } from "../core/form-key";
import { BILLING_PREFIX, CLOCK_FORM_PURPOSE, handleBillingPage } from "./billing-pages";
import { handleCheckoutPage } from "./checkout/handler";
import { CONNECT_OAUTH_PREFIX, handleConnectOAuth, isConnectOAuthPath } from "./connect-oauth";
import { notFoundPage } from "./checkout/page";
import { faultBody } from "./errors";
import { stripeId } from "./ids";
import { handleApi } from "./routes";
import { worldOf } from "./world";
import { ACCOUNT } from "./account";
import { STRIPE_CONTROL } from "./control";
import { stripeInbox } from "./inbox-model";
import { stripeSection } from "./inbox-view";
import { STRIPE_FIXTURES, STRIPE_SPEC } from "./spec";
import { STRIPE_STATE } from "./state";

const CHECKOUT_PAGE = /^\/checkout\/pay\/([^/]+)\/?$/;

function isPage(ctx: Ctx): boolean {
  return ctx.subpath.startsWith("/checkout/") || ctx.subpath.startsWith(BILLING_PREFIX);
}

export const stripeModule = defineProvider({
  name: "stripe",
  state: STRIPE_STATE,
  // stripe-node takes a host and port but no path prefix, so Stripe's API, its
  // Checkout pages and its Connect OAuth live at the root.
  rootPaths: ["/v1/", "/checkout/", BILLING_PREFIX, CONNECT_OAUTH_PREFIX],
  specs: [STRIPE_SPEC, STRIPE_FIXTURES],
  credentials: keyCredentials,
  control: STRIPE_CONTROL,
  inbox: {
    json: stripeInbox,
    section: {
      anchor: "stripe",
      label: "Payments",
      note: `Stripe · ${ACCOUNT.name}`,
      count: (state) => state.sessions.size + state.billing.subscriptions.size + state.billing.invoices.size,
      render: (state, rt) => stripeSection(stripeInbox(state), formKey(rt, CLOCK_FORM_PURPOSE)),
      css: "#stripe h3{font-size:14px;margin:14px 0 6px}#stripe form.clock{display:flex;flex-wrap:wrap;gap:4px}#stripe form.clock button{font:inherit;font-size:12px;padding:3px 6px;border-radius:4px;border:1px solid #2952cc;background:#2952cc;color:#fff;cursor:pointer}#stripe form.clock button.danger{background:#fff;color:#8a1c1c;border-color:#8a1c1c}",
      links: [["/_sandbox/stripe/deliveries", "Stripe deliveries"]],
    },
  },
  retryAfterOn429: false,
  async handle(ctx) {
    const w = await worldOf(ctx.rt);
    if (isConnectOAuthPath(ctx.subpath)) return handleConnectOAuth(ctx);
    const page = ctx.subpath.match(CHECKOUT_PAGE);
    if (page) return handleCheckoutPage(ctx, w, safeDecode(page[1]!));
    if (handleBillingPage(ctx, w)) return;
    if (isPage(ctx)) return sendHtml(ctx, 404, notFoundPage());
    const requestId = stripeId("req", 14);
    ctx.res.setHeader("Request-Id", requestId);
    await handleApi(ctx, w, requestId);
  },
  fail(ctx, status, retryAfterSeconds) {
    if (isPage(ctx)) return sendHtml(ctx, status, notFoundPage());
    const headers: Record<string, string> = { "Request-Id": stripeId("req", 14) };
    if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
    sendJson(ctx, status, faultBody(status), headers);
  },
});
