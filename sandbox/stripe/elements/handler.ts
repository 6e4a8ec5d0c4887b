// The browser side of an on-page form in the sandbox: the Stripe.js stand-in, its
// card frame and the 3-D Secure challenge page, under /stripe/elements/.
import type { Ctx } from "../../core/context";
import { safeDecode } from "../../core/path-template";
import { record } from "../../core/record";
import { sendContent, sendHtml } from "../../core/respond";
import { notFoundPage } from "../checkout/page";
import type { World } from "../world";
import { handleChallenge } from "./authenticate";
import { framePage } from "./frame";
import { CHALLENGE_SUBPATH, ELEMENTS_PREFIX, FRAME_SUBPATH, SCRIPT_SUBPATH } from "./paths";
import { STANDIN_SCRIPT } from "./script";

export function isElementsPath(subpath: string): boolean {
  return subpath.startsWith(ELEMENTS_PREFIX);
}

export function handleElements(ctx: Ctx, w: World): void {
  if (ctx.method === "GET" && ctx.subpath === SCRIPT_SUBPATH) {
    record(ctx, "stripe.js stand-in");
    return sendContent(ctx, 200, "application/javascript; charset=utf-8", STANDIN_SCRIPT, { "Cache-Control": "no-store" });
  }
  if (ctx.method === "GET" && ctx.subpath === FRAME_SUBPATH) {
    record(ctx, "stripe payment element frame");
    return sendHtml(ctx, 200, framePage());
  }
  const challenge = ctx.subpath.match(CHALLENGE_SUBPATH);
  if (challenge) return handleChallenge(ctx, w, safeDecode(challenge[1]!));
  sendHtml(ctx, 404, notFoundPage());
}
