// QuickBooks Online under /quickbooks: the accounting API at
// /quickbooks/v3/company/{realmId}/…, Intuit's OAuth at /quickbooks/oauth2/….
// Request bodies are checked against Intuit's entity XSDs (spec.ts, xsd.ts).
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { handleApi } from "./api";
import { QUICKBOOKS_CONTROL } from "./control";
import { quickbooksCredentials } from "./credentials";
import { fault, faultFor, oauthError } from "./errors";
import { quickbooksInbox, quickbooksSection } from "./inbox";
import { handleAuthorize, handleRevoke, handleToken } from "./oauth";
import { QUICKBOOKS_SPEC } from "./spec";
import { QUICKBOOKS_STATE } from "./state";

export const quickbooksModule = defineProvider({
  name: "quickbooks",
  state: QUICKBOOKS_STATE,
  specs: [QUICKBOOKS_SPEC],
  credentials: quickbooksCredentials,
  control: QUICKBOOKS_CONTROL,
  inbox: {
    json: quickbooksInbox,
    section: {
      anchor: "books",
      label: "Books",
      note: "QuickBooks Online",
      count: (state) => [...(state.books.get("SalesReceipt")?.values() ?? []), ...(state.books.get("RefundReceipt")?.values() ?? []), ...(state.books.get("Invoice")?.values() ?? [])].length,
      render: (state) => quickbooksSection(state),
      css: `tr.voided td{text-decoration:line-through;opacity:.6} td.num{text-align:right}`,
      links: [["/_sandbox/quickbooks/webhook", "QuickBooks webhook notifications (JSON)"]],
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    const api = p.match(/^\/v3\/company\/([^/]+)\/(.+)$/);
    if (api) return handleApi(ctx, api[1]!, api[2]!);
    if (p === "/oauth2/authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleAuthorize(ctx);
    if (p === "/oauth2/v1/tokens/bearer" && ctx.method === "POST") return handleToken(ctx);
    if (p === "/oauth2/v1/tokens/revoke" && ctx.method === "POST") return handleRevoke(ctx);
    record(ctx, null);
    fault(ctx, 404, "ValidationFault", [{ Message: "Not found", Detail: `${ctx.method} ${p} is not an Intuit endpoint`, code: "404" }]);
  },
  fail(ctx, status, retryAfterSeconds) {
    const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
    if (ctx.subpath.startsWith("/oauth2/")) {
      for (const [k, v] of Object.entries(headers)) ctx.res.setHeader(k, v);
      return oauthError(ctx, status, status === 429 ? "rate_limited" : "server_error", "The sandbox was asked to fail");
    }
    const f = faultFor(status);
    fault(ctx, status, f.type, [f.error], headers);
  },
});
