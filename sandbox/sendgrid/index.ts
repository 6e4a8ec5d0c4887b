// SendGrid under /sendgrid: the v3 API paths as the official client calls them.
import type { Ctx } from "../core/context";
import type { ProviderModule } from "../core/provider-module";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { checkKey, scopesOf } from "./auth";
import { sendErrors, statusMessage } from "./errors";
import { handleMailSend } from "./mail-send";

/** GET /v3/scopes is not in the mail-send spec file; it is served because it is how a key is tested. */
function handleScopes(ctx: Ctx): void {
  record(ctx, "sendgrid GetScopes (not in spec)");
  const key = checkKey(ctx);
  if (!key.ok) return sendErrors(ctx, 401, [key.error]);
  sendJson(ctx, 200, { scopes: scopesOf(key.canSend) });
}

const ROUTES: Record<string, Record<string, (ctx: Ctx) => void | Promise<void>>> = {
  "/v3/mail/send": { POST: handleMailSend },
  "/v3/scopes": { GET: handleScopes },
};

export const sendgridModule: ProviderModule = {
  name: "sendgrid",
  async handle(ctx) {
    const route = ROUTES[ctx.subpath.replace(/\/$/, "")];
    if (!route) {
      const spec = await ctx.rt.specs.sendgrid();
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
};
