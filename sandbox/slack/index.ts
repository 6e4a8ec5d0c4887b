// Slack under /slack: the Web API at /slack/api/<method>, the install screen at
// /slack/oauth/v2/authorize.
import type { Ctx } from "../core/context";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { html } from "../core/html";
import { sendJson, sendText } from "../core/respond";
import { handleApiCall } from "./api";
import { recordResponse } from "./app-calls";
import { SLACK_CONTROL } from "./control";
import { handleConsent } from "./consent";
import { slackCredentials } from "./credentials";
import { slackInbox } from "./inbox-model";
import { appCallsSection, slackSection } from "./inbox-view";
import { SLACK_SPEC } from "./spec";
import { SLACK_STATE } from "./state";

const CSS = `
.channel h3{margin:0 0 10px;font-size:16px}
.msg{border-top:1px solid #eceef4;padding:10px 0}
.msg-head{margin-bottom:4px}
.b-header{font-weight:700;font-size:15px;margin:4px 0}
.b-section{margin:4px 0}
.b-fields{display:grid;grid-template-columns:1fr 1fr;gap:6px 16px;margin-top:6px}
.b-context{color:#6b7388;font-size:12px}
.btn{display:inline-block;border:1px solid #c5cad8;border-radius:4px;padding:2px 10px;font-size:13px;margin:4px 4px 0 0}
.mention{background:#e8f0fe;color:#1d4ed8;border-radius:3px;padding:0 2px}
.app-answer{white-space:pre-wrap;font-size:12px;background:#f6f7fb;border-radius:4px;padding:6px;margin:4px 0 0}
`;

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

export const slackModule = defineProvider({
  name: "slack",
  state: SLACK_STATE,
  specs: [SLACK_SPEC],
  credentials: slackCredentials,
  control: SLACK_CONTROL,
  inbox: {
    json: slackInbox,
    section: {
      anchor: "slack",
      label: "Slack",
      note: "Sandbox Workspace",
      count: (state) => slackInbox(state).channels.reduce((n, c) => n + c.messages.length, 0) + state.app.calls.length,
      render: (state) => html`${slackSection(slackInbox(state).channels)}${appCallsSection(state.app)}`,
      css: CSS,
      links: [
        ["/_sandbox/slack/app", "Slack app: Request URL, calls and answers"],
      ],
    },
  },
  async handle(ctx: Ctx) {
    const api = ctx.subpath.match(/^\/api\/([A-Za-z0-9_.]+)\/?$/);
    if (api) return handleApiCall(ctx, api[1]!);
    if (ctx.subpath === "/oauth/v2/authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleConsent(ctx);
    // A response_url (hooks.slack.com/actions/… in Slack): no token, the URL itself is the key.
    const hook = ctx.subpath.match(/^\/actions\/[A-Z0-9]+\/([A-Za-z0-9_-]+)$/);
    if (hook && ctx.method === "POST") {
      record(ctx, "slack response_url");
      const body = ctx.body.kind === "json" && typeof ctx.body.value === "object" && ctx.body.value !== null ? (ctx.body.value as Record<string, unknown>) : null;
      if (!body) return sendText(ctx, 400, "invalid_payload");
      return recordResponse(ctx.rt, SLACK_STATE.of(ctx.rt), hook[1]!, body) ? sendText(ctx, 200, "ok") : sendText(ctx, 404, "expired_url");
    }
    record(ctx, null);
    sendJson(ctx, 404, { ok: false, error: "unknown_method" });
  },
  fail(ctx, status, retryAfterSeconds) {
    sendJson(ctx, status, { ok: false, error: errorFor(status) }, retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {});
  },
});
