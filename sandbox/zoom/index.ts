// Zoom under /zoom: the REST API at /zoom/v2/…, OAuth at /zoom/oauth/…, and the
// pages a join or start link opens (/zoom/j/<id>, /zoom/s/<id>). Zoom publishes no
// API description in ../shared/specs: requests are checked with zod (inputs.ts).
import type { Ctx } from "../core/context";
import { html, page } from "../core/html";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { sendHtml } from "../core/respond";
import { handleApi } from "./api";
import { ZOOM_CONTROL } from "./control";
import { zoomCredentials } from "./credentials";
import { apiError, faultMessage, oauthError } from "./errors";
import { zoomInbox, zoomSection } from "./inbox";
import { handleAuthorize, handleRevoke, handleToken } from "./oauth";
import { ZOOM_STATE } from "./state";

const CSS = `tr.deleted td{text-decoration:line-through;opacity:.6}`;

function joinPage(ctx: Ctx, id: string): void {
  record(ctx, "zoom join page");
  const m = ZOOM_STATE.of(ctx.rt).meetings.get(Number(id));
  const title = m && !m.deleted ? `Joining “${m.topic}”` : "This meeting link is invalid";
  sendHtml(ctx, m ? 200 : 404, page(title, html`<div style="max-width:480px;margin:48px auto"><h1>${title}</h1><p class="muted">Local sandbox: no real meeting takes place.</p></div>`));
}

export const zoomModule = defineProvider({
  name: "zoom",
  state: ZOOM_STATE,
  // No published spec: request bodies are checked with zod schemas written from Zoom's API reference.
  specs: [],
  credentials: zoomCredentials,
  control: ZOOM_CONTROL,
  inbox: {
    json: zoomInbox,
    section: {
      anchor: "meetings",
      label: "Meetings",
      note: "Zoom",
      count: (state) => [...state.meetings.values()].filter((m) => !m.deleted).length,
      render: (state) => zoomSection(state),
      css: CSS,
      links: [["/_sandbox/zoom/app", "Zoom notifications (JSON)"]],
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    const api = p.match(/^\/v2\/(.+)$/);
    if (api) return handleApi(ctx, api[1]!);
    if (p === "/oauth/authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleAuthorize(ctx);
    if (p === "/oauth/token" && ctx.method === "POST") return handleToken(ctx);
    if (p === "/oauth/revoke" && ctx.method === "POST") return handleRevoke(ctx);
    const join = p.match(/^\/[js]\/(\d+)$/);
    if (join && ctx.method === "GET") return joinPage(ctx, join[1]!);
    record(ctx, null);
    apiError(ctx, 404, 404, "Not found.");
  },
  fail(ctx, status, retryAfterSeconds) {
    const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
    if (ctx.subpath.startsWith("/oauth/")) {
      for (const [k, v] of Object.entries(headers)) ctx.res.setHeader(k, v);
      return oauthError(ctx, status, status === 429 ? "rate_limited" : "server_error", faultMessage(status)[1]);
    }
    const [code, message] = faultMessage(status);
    apiError(ctx, status, code, message, {}, headers);
  },
});
