// Google Analytics 4 under /ga4: the Measurement Protocol (/ga4/mp/collect and
// the validation server's /ga4/debug/mp/collect) and a stand-in gtag.js with its
// hit endpoint. Google publishes no API description for the Measurement Protocol
// (nothing in ../shared/specs): requests are checked with zod (payload.ts).
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { handleCollect, handleDebugCollect } from "./collect";
import { ga4Inbox, ga4Section } from "./inbox";
import { GA4_STATE } from "./state";
import { serveTag, tagHit } from "./tag";

/** Google's JSON error shape, for the statuses a fault asks for. */
function googleError(status: number): { error: { code: number; message: string; status: string } } {
  const [message, name] =
    status === 429 ? ["Quota exceeded.", "RESOURCE_EXHAUSTED"] : status >= 500 ? ["The service is currently unavailable.", "UNAVAILABLE"] : status === 404 ? ["Not found.", "NOT_FOUND"] : ["Bad request.", "INVALID_ARGUMENT"];
  return { error: { code: status, message, status: name } };
}

export const ga4Module = defineProvider({
  name: "ga4",
  state: GA4_STATE,
  specs: [],
  inbox: {
    json: ga4Inbox,
    section: {
      anchor: "analytics",
      label: "Analytics",
      note: "Google Analytics 4",
      count: (state) => state.hits.length,
      render: (state) => ga4Section(state),
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    if (p === "/mp/collect" && ctx.method === "POST") return handleCollect(ctx);
    if (p === "/debug/mp/collect" && ctx.method === "POST") return handleDebugCollect(ctx);
    if (p === "/gtag/js" && ctx.method === "GET") return serveTag(ctx);
    if (p === "/g/collect" && (ctx.method === "POST" || ctx.method === "GET")) return tagHit(ctx);
    record(ctx, null);
    sendJson(ctx, 404, googleError(404));
  },
  fail(ctx, status, retryAfterSeconds) {
    sendJson(ctx, status, googleError(status), retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {});
  },
});
