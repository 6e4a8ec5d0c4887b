// LinkedIn under /linkedin: OAuth at /linkedin/oauth/v2/…, OpenID userinfo at
// /linkedin/v2/userinfo, the versioned REST API at /linkedin/rest/…, and a post's
// page at /linkedin/feed/update/<urn>/. LinkedIn publishes no API description in
// ../shared/specs: the Posts API request is checked with zod (inputs.ts).
import type { Ctx } from "../core/context";
import { html, page } from "../core/html";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { sendHtml } from "../core/respond";
import { handleApi } from "./api";
import { linkedinCredentials } from "./credentials";
import { apiError, faultError, oauthError } from "./errors";
import { linkedinInbox, linkedinSection, shown } from "./inbox";
import { handleAuthorize, handleRevoke, handleToken } from "./oauth";
import { LINKEDIN_STATE } from "./state";

const CSS = `td.post-text{white-space:pre-wrap;max-width:560px}`;

function postPage(ctx: Ctx, urn: string): void {
  record(ctx, "linkedin post page");
  const p = LINKEDIN_STATE.of(ctx.rt).posts.get(urn);
  const live = p && !p.deleted;
  const title = live ? "Post on LinkedIn" : "This post cannot be displayed";
  sendHtml(ctx, live ? 200 : 404, page(title, html`<div style="max-width:560px;margin:48px auto"><h1>${title}</h1>${live ? html`<p style="white-space:pre-wrap">${shown(p.commentary)}</p>` : ""}<p class="muted">Local sandbox: nothing was posted anywhere.</p></div>`));
}

export const linkedinModule = defineProvider({
  name: "linkedin",
  state: LINKEDIN_STATE,
  // No published spec here: the Posts API request is checked with zod written from LinkedIn's reference.
  specs: [],
  credentials: linkedinCredentials,
  // LinkedIn's throttling answers carry no Retry-After.
  retryAfterOn429: false,
  inbox: {
    json: linkedinInbox,
    section: {
      anchor: "linkedin-posts",
      label: "LinkedIn posts",
      note: "LinkedIn",
      count: (state) => [...state.posts.values()].filter((p) => !p.deleted).length,
      render: (state) => linkedinSection(state),
      css: CSS,
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    if (p === "/oauth/v2/authorization" && (ctx.method === "GET" || ctx.method === "POST")) return handleAuthorize(ctx);
    if (p === "/oauth/v2/accessToken" && ctx.method === "POST") return handleToken(ctx);
    if (p === "/oauth/v2/revoke" && ctx.method === "POST") return handleRevoke(ctx);
    const post = p.match(/^\/feed\/update\/(urn:li:[a-zA-Z]+:\d+)$/);
    if (post && ctx.method === "GET") return postPage(ctx, post[1]!);
    const api = p.match(/^\/((?:v2|rest)\/.+)$/);
    if (api) return handleApi(ctx, api[1]!);
    record(ctx, null);
    apiError(ctx, 404, 0, "NOT_FOUND", "Not Found");
  },
  fail(ctx, status) {
    if (ctx.subpath.startsWith("/oauth/")) return oauthError(ctx, status, status === 429 ? "too_many_requests" : "server_error", "The service is temporarily unavailable");
    const [serviceErrorCode, code, message] = faultError(status);
    apiError(ctx, status, serviceErrorCode, code, message);
  },
});
