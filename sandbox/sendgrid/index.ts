// SendGrid under /sendgrid: the v3 API paths as the official client calls them.
import type { Ctx } from "../core/context";
import { defineProvider } from "../core/provider-module";
import { keyCredentials } from "../core/key-credentials";
import { record } from "../core/record";
import { sendFile, sendJson } from "../core/respond";
import { checkKey, scopesOf } from "./auth";
import { sendErrors, statusMessage } from "./errors";
import { handleMailSend } from "./mail-send";
import { SENDGRID_SPEC } from "./spec";
import { ATTACHMENTS_PREFIX, sendgridInbox } from "./inbox-model";
import { eventsSection, mailSection } from "./inbox-view";
import { SENDGRID_CONTROL } from "./event-webhook";
import { SENDGRID_STATE } from "./state";
import { handleCreateTemplate, handleListTemplates, handleTemplate } from "./templates";
import { safeDecode } from "../core/path-template";
import { html } from "../core/html";

const CSS = `
.mail h3{margin:0 0 10px;font-size:16px}
.headers th{width:90px;background:none}.headers td,.headers th{border:none;padding:2px 6px}
iframe.mail-body{width:100%;height:360px;border:1px solid #eceef4;border-radius:6px;background:#fff;margin-top:8px}
.attachments ul{margin:4px 0 0;padding-left:18px}
table.events td,table.events th{font-size:12px;padding:3px 6px}
`;

/** GET /_sandbox/attachments/<message id>/<index>: an attachment as it was sent, for the inbox's links. */
function attachment(ctx: Ctx): void {
  const file = ctx.url.pathname.replace(/\/$/, "").slice(ATTACHMENTS_PREFIX.length).match(/^([^/]+)\/(\d+)$/);
  if (!file || ctx.method !== "GET") return sendJson(ctx, 404, { error: `no control endpoint ${ctx.url.pathname}` });
  const mail = SENDGRID_STATE.of(ctx.rt).mails.find((m) => m.id === safeDecode(file[1]!));
  const a = mail?.attachments[Number(file[2])];
  if (!a) return sendJson(ctx, 404, { error: "no such attachment" });
  sendFile(ctx, a.type ?? "application/octet-stream", a.filename, Buffer.from(a.content, "base64"));
}

/** GET /v3/scopes is not in the mail-send spec file; it is served because it is how a key is tested. */
function handleScopes(ctx: Ctx): void {
  record(ctx, "sendgrid GetScopes (not in spec)");
  const key = checkKey(ctx);
  if (!key.ok) return sendErrors(ctx, 401, [key.error]);
  sendJson(ctx, 200, { scopes: scopesOf(key) });
}

const ROUTES: Record<string, Record<string, (ctx: Ctx) => void | Promise<void>>> = {
  "/v3/mail/send": { POST: handleMailSend },
  "/v3/scopes": { GET: handleScopes },
  "/v3/templates": { GET: handleListTemplates, POST: handleCreateTemplate },
};

const ONE_TEMPLATE = /^\/v3\/templates\/([^/]+)$/;

export const sendgridModule = defineProvider({
  name: "sendgrid",
  state: SENDGRID_STATE,
  specs: [SENDGRID_SPEC],
  credentials: keyCredentials,
  control: SENDGRID_CONTROL,
  // Reads only: the inbox page links to them.
  open: { prefix: ATTACHMENTS_PREFIX, handle: attachment },
  inbox: {
    json: sendgridInbox,
    section: {
      anchor: "email",
      label: "E-mail",
      note: "SendGrid",
      count: (state) => sendgridInbox(state).emails.length,
      render: (state) => html`${mailSection(sendgridInbox(state).emails)}${eventsSection(state.postedEvents)}`,
      css: CSS,
    },
  },
  async handle(ctx) {
    const path = ctx.subpath.replace(/\/$/, "");
    const templateId = path.match(ONE_TEMPLATE)?.[1];
    if (templateId) return handleTemplate(ctx, safeDecode(templateId));
    const route = ROUTES[path];
    if (!route) {
      const spec = await ctx.rt.specs.load(SENDGRID_SPEC);
      const known = spec?.operation(ctx.method, ctx.subpath);
      record(ctx, known ? `sendgrid ${known.id}` : null, known ? { checked: true, issues: [], notes: ["in SendGrid's spec, but not emulated by the sandbox"] } : undefined);
      return sendErrors(ctx, 404, [{ field: null, message: "not found" }]);
    }
    const handler = route[ctx.method];
    if (!handler) {
      record(ctx, null);
      return sendErrors(ctx, 405, [{ field: null, message: "method not allowed" }]);
    }
    await handler(ctx);
  },
  fail(ctx, status, retryAfterSeconds) {
    const headers: Record<string, string> = {};
    if (retryAfterSeconds !== undefined) {
      headers["Retry-After"] = String(retryAfterSeconds);
      // SendGrid also reports its rate-limit window in these headers.
      headers["X-RateLimit-Limit"] = "600";
      headers["X-RateLimit-Remaining"] = "0";
      headers["X-RateLimit-Reset"] = String(Math.floor(Date.now() / 1000) + retryAfterSeconds);
    }
    sendErrors(ctx, status, [{ field: null, message: statusMessage(status) }], headers);
  },
});
