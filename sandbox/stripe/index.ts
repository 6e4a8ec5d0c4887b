// Stripe at the sandbox's root, where stripe-node sends it (the SDK takes a host and
// port but no path): the API under /v1/, the hosted Checkout page under /checkout/.
import type { Ctx } from "../core/context";
import { safeDecode } from "../core/path-template";
import type { ProviderModule } from "../core/provider-module";
import { sendHtml, sendJson } from "../core/respond";
import { handleCheckoutPage } from "./checkout/handler";
import { handleConnectOAuth, isConnectOAuthPath } from "./connect-oauth";
import { notFoundPage } from "./checkout/page";
import { faultBody } from "./errors";
import { stripeId } from "./ids";
import { handleApi } from "./routes";
import { worldOf } from "./world";

const CHECKOUT_PAGE = /^\/checkout\/pay\/([^/]+)\/?$/;

/** The paths Stripe owns at the root; dispatch hands these to this module. */
export function isStripePath(pathname: string): boolean {
  return pathname.startsWith("/v1/") || pathname.startsWith("/checkout/") || isConnectOAuthPath(pathname);
}

function isPage(ctx: Ctx): boolean {
  return ctx.subpath.startsWith("/checkout/");
}

export const stripeModule: ProviderModule = {
  name: "stripe",
  retryAfterOn429: false,
  async handle(ctx) {
    const w = await worldOf(ctx.rt);
    if (isConnectOAuthPath(ctx.subpath)) return handleConnectOAuth(ctx);
    const page = ctx.subpath.match(CHECKOUT_PAGE);
    if (page) return handleCheckoutPage(ctx, w, safeDecode(page[1]!));
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
};
