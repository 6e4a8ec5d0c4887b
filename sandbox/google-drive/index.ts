// Google Drive under /google-drive: Drive v3 at /google-drive/drive/v3/…, uploads at
// /google-drive/upload/drive/v3/files, the OAuth endpoints Google spreads over
// several hosts gathered under the same prefix, and the folder and file pages its
// webViewLinks open. No Drive discovery document is available, so requests are
// checked with zod schemas written from the googleapis drive_v3 types (inputs.ts).
import type { Ctx } from "../core/context";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { handleDriveApi } from "./api";
import { driveCredentials } from "./credentials";
import { apiError, faultText, oauthError } from "./errors";
import { driveInbox, driveSection, folderCount } from "./inbox";
import { handleConsent, handleRevoke, handleToken } from "./oauth";
import { filePage, folderPage } from "./pages";
import { DRIVE_STATE } from "./state";
import { handleUpload } from "./upload";

const OAUTH_ROUTES: Record<string, Record<string, (ctx: Ctx) => void | Promise<void>>> = {
  "/o/oauth2/v2/auth": { GET: handleConsent, POST: handleConsent },
  "/token": { POST: handleToken },
  "/revoke": { POST: handleRevoke, GET: handleRevoke },
};

const isOAuthPath = (subpath: string) => subpath.startsWith("/token") || subpath.startsWith("/revoke");

function fail(ctx: Ctx, status: number, retryAfterSeconds?: number): void {
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
  if (isOAuthPath(ctx.subpath)) {
    for (const [k, v] of Object.entries(headers)) ctx.res.setHeader(k, v);
    return oauthError(ctx, status, status >= 500 ? "internal_failure" : status === 429 ? "rate_limit_exceeded" : "invalid_request", faultText(status)[0]);
  }
  const [message, reason] = faultText(status);
  apiError(ctx, status, message, [{ domain: status === 429 ? "usageLimits" : "global", reason, message }], headers);
}

export const googleDriveModule = defineProvider({
  name: "google-drive",
  state: DRIVE_STATE,
  // No Drive discovery document exists in ../shared/specs or node_modules: zod from the googleapis types (inputs.ts).
  specs: [],
  credentials: driveCredentials,
  inbox: {
    json: driveInbox,
    section: {
      anchor: "drive",
      label: "Drive",
      note: "Google Drive",
      count: folderCount,
      render: driveSection,
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    const api = p.match(/^\/drive\/v3\/(.+)$/);
    if (api) return handleDriveApi(ctx, api[1]!);
    const upload = p.match(/^\/upload\/drive\/v3\/(.+)$/);
    if (upload) return handleUpload(ctx, upload[1]!);
    const folder = p.match(/^\/drive\/folders\/([A-Za-z0-9_-]+)$/);
    if (folder && ctx.method === "GET") return folderPage(ctx, folder[1]!);
    const file = p.match(/^\/file\/d\/([A-Za-z0-9_-]+)\/view$/);
    if (file && ctx.method === "GET") return filePage(ctx, file[1]!);
    const route = OAUTH_ROUTES[p];
    const handler = route?.[ctx.method];
    if (handler) return handler(ctx);
    record(ctx, null);
    if (route) return apiError(ctx, 405, "Method Not Allowed", [{ domain: "global", reason: "httpMethodNotAllowed", message: "Method Not Allowed" }]);
    fail(ctx, 404);
  },
  fail,
});
