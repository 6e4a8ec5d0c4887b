// PayPal under /paypal: the REST APIs as api-m.paypal.com serves them (/v1/oauth2/token,
// /v2/checkout/orders, /v2/payments, /v1/notifications), and the buyer's approval page
// at /paypal/checkoutnow, where www.paypal.com serves it.
import type { Ctx } from "../core/context";
import { defineProvider } from "../core/provider-module";
import { sendHtml, sendJson } from "../core/respond";
import { handleApprovalPage } from "./checkout/handler";
import { notFoundPage } from "./checkout/page";
import { errorBody } from "./errors";
import { debugId } from "./ids";
import { handleApi, TOKEN_PATH } from "./routes";
import { worldOf } from "./world";
import { revokePayPal } from "./auth";
import { PAYPAL_CONTROL } from "./control";
import { paypalInbox } from "./inbox-model";
import { paypalSection } from "./inbox-view";
import { PAYPAL_SPECS } from "./spec";
import { PAYPAL_STATE } from "./state";

const isPage = (ctx: Ctx) => /^\/checkoutnow\/?$/.test(ctx.subpath);

export const paypalModule = defineProvider({
  name: "paypal",
  state: PAYPAL_STATE,
  specs: [PAYPAL_SPECS],
  credentials: { revoke: revokePayPal },
  control: PAYPAL_CONTROL,
  inbox: {
    json: paypalInbox,
    section: {
      anchor: "paypal",
      label: "PayPal",
      note: "Sandbox Events GmbH · one app per client id",
      count: (state) => state.orders.size,
      render: (state) => paypalSection(paypalInbox(state)),
      css: "#paypal h3{font-size:14px;margin:14px 0 6px}",
      links: [["/_sandbox/paypal/deliveries", "PayPal deliveries"]],
    },
  },
  // PayPal documents no Retry-After on its 429s; a fault adds one only when asked.
  retryAfterOn429: false,
  async handle(ctx) {
    const w = worldOf(ctx.rt);
    if (isPage(ctx)) return handleApprovalPage(ctx, w);
    await handleApi(ctx, w);
  },
  fail(ctx, status, retryAfterSeconds) {
    if (isPage(ctx)) return sendHtml(ctx, status, notFoundPage());
    const headers: Record<string, string> = { "Paypal-Debug-Id": debugId() };
    if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
    const body =
      ctx.subpath === TOKEN_PATH && status === 401 ? { error: "invalid_client", error_description: "Client Authentication failed" } : errorBody(status);
    sendJson(ctx, status, body, headers);
  },
});
