// Payrexx under /payrexx/: the REST API (v1.0, /payrexx/v1.0/<Resource>/<id>/?instance=…)
// and the hosted payment pages gateways link to (/payrexx/pay/<hash>).
import type { Ctx } from "../core/context";
import { safeDecode } from "../core/path-template";
import { keyCredentials } from "../core/key-credentials";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { sendHtml } from "../core/respond";
import { handlePaymentPage } from "./page/handler";
import { missingPage } from "./page/page";
import { faultAnswer, send } from "./respond";
import { handleApi } from "./routes";
import { payrexxWorld } from "./world";
import { PAYREXX_CONTROL } from "./control";
import { PAYREXX_STATE } from "./state";

const PAGE = /^\/pay\/([^/]+)\/?$/;

const isPage = (ctx: Ctx) => ctx.subpath.startsWith("/pay/");

export const payrexxModule = defineProvider({
  name: "payrexx",
  state: PAYREXX_STATE,
  // Payrexx publishes no API description: requests are checked with zod schemas written from its docs (api/inputs.ts).
  specs: [],
  credentials: keyCredentials,
  control: PAYREXX_CONTROL,
  // Payrexx documents no rate limits and no Retry-After: a 429 fault carries one only when asked.
  retryAfterOn429: false,
  async handle(ctx) {
    const w = payrexxWorld(ctx.rt);
    const page = ctx.subpath.match(PAGE);
    if (page) return handlePaymentPage(ctx, w, safeDecode(page[1]!));
    if (isPage(ctx)) return sendHtml(ctx, 404, missingPage());
    if (/^\/v1\.\d/.test(ctx.subpath)) return handleApi(ctx, w);
    record(ctx, null);
    send(ctx, faultAnswer(404));
  },
  fail(ctx, status, retryAfterSeconds) {
    if (isPage(ctx)) return sendHtml(ctx, status, missingPage());
    send(ctx, faultAnswer(status), retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {});
  },
});
