// X under /x: the API v2 at /x/2/…, the consent page at /x/i/oauth2/authorize and
// a post's page at /x/i/web/status/<id>. X publishes no API description in
// ../shared/specs: the create-post body is checked with zod (inputs.ts).
import type { Ctx } from "../core/context";
import { html, page } from "../core/html";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { sendHtml } from "../core/respond";
import { handleApi } from "./api";
import { xCredentials } from "./credentials";
import { oauthError, problem, rateHeaders, TITLES } from "./errors";
import { xInbox, xSection } from "./inbox";
import { handleAuthorize, handleRevoke, handleToken } from "./oauth";
import { X_STATE } from "./state";

const CSS = `tr.deleted td{text-decoration:line-through;opacity:.6} td.post-text{white-space:pre-wrap;max-width:560px}`;

function postPage(ctx: Ctx, id: string): void {
  record(ctx, "x post page");
  const p = X_STATE.of(ctx.rt).posts.get(id);
  const title = p && !p.deleted ? `@${X_STATE.of(ctx.rt).user.username} on X` : "This post is unavailable";
  sendHtml(ctx, p && !p.deleted ? 200 : 404, page(title, html`<div style="max-width:560px;margin:48px auto"><h1>${title}</h1>${p && !p.deleted ? html`<p style="white-space:pre-wrap">${p.text}</p>` : ""}<p class="muted">Local sandbox: nothing was posted anywhere.</p></div>`));
}

export const xModule = defineProvider({
  name: "x",
  state: X_STATE,
  // No published spec here: the create-post body is checked with a zod schema written from X's API reference.
  specs: [],
  credentials: xCredentials,
  // X sends its x-rate-limit-* headers on a 429, not Retry-After.
  retryAfterOn429: false,
  inbox: {
    json: xInbox,
    section: {
      anchor: "x-posts",
      label: "X posts",
      note: "X",
      count: (state) => [...state.posts.values()].filter((p) => !p.deleted).length,
      render: (state) => xSection(state),
      css: CSS,
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    if (p === "/i/oauth2/authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleAuthorize(ctx);
    if (p === "/2/oauth2/token" && ctx.method === "POST") return handleToken(ctx);
    if (p === "/2/oauth2/revoke" && ctx.method === "POST") return handleRevoke(ctx);
    const post = p.match(/^\/i\/web\/status\/(\d+)$/);
    if (post && ctx.method === "GET") return postPage(ctx, post[1]!);
    const api = p.match(/^\/2\/(.+)$/);
    if (api) return handleApi(ctx, api[1]!);
    record(ctx, null);
    problem(ctx, 404, "Not Found Error", "Not Found");
  },
  fail(ctx, status, retryAfterSeconds) {
    if (ctx.subpath.startsWith("/2/oauth2/")) return oauthError(ctx, status, status === 429 ? "rate_limited" : "server_error", TITLES[status] ?? "Error");
    const headers = rateHeaders(ctx);
    if (status === 429) {
      // The window is spent until the fault's wait is over, as X would say in x-rate-limit-reset.
      headers["x-rate-limit-remaining"] = "0";
      headers["x-rate-limit-reset"] = String(Math.ceil((ctx.rt.clock.now() + (retryAfterSeconds ?? 1) * 1000) / 1000));
    }
    problem(ctx, status, TITLES[status] ?? "Error", status === 401 ? "Unauthorized" : (TITLES[status] ?? "Error"), {}, headers);
  },
});
