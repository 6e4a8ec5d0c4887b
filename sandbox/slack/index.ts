// Slack under /slack: the Web API at /slack/api/<method>, the install screen at
// /slack/oauth/v2/authorize.
import type { Ctx } from "../core/context";
import type { ProviderModule } from "../core/provider-module";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { handleApiCall } from "./api";
import { handleConsent } from "./consent";

/** Error codes Slack uses for HTTP-level failures; the body is always {ok:false,error}. */
function errorFor(status: number): string {
  if (status === 429) return "ratelimited";
  if (status === 404) return "unknown_method";
  if (status === 408 || status === 504) return "request_timeout";
  if (status === 413) return "request_too_large";
  if (status === 503) return "service_unavailable";
  if (status >= 500) return "fatal_error";
  return "invalid_request";
}

export const slackModule: ProviderModule = {
  name: "slack",
  async handle(ctx: Ctx) {
    const api = ctx.subpath.match(/^\/api\/([A-Za-z0-9_.]+)\/?$/);
    if (api) return handleApiCall(ctx, api[1]!);
    if (ctx.subpath === "/oauth/v2/authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleConsent(ctx);
    record(ctx, null);
    sendJson(ctx, 404, { ok: false, error: "unknown_method" });
  },
  fail(ctx, status, retryAfterSeconds) {
    sendJson(ctx, status, { ok: false, error: errorFor(status) }, retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {});
  },
};
