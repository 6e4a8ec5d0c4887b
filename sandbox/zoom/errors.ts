// Zoom's error shapes: the REST API answers {code, message}; the OAuth endpoints {reason, error}.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export function apiError(ctx: Ctx, status: number, code: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(ctx, status, { code, message, ...extra }, headers);
}

export function oauthError(ctx: Ctx, status: number, error: string, reason: string): void {
  sendJson(ctx, status, { reason, error });
}

export function faultMessage(status: number): [number, string] {
  if (status === 429) return [429, "You have reached the maximum per-second rate limit for this API. Try again later."];
  if (status === 401) return [124, "Invalid access token."];
  if (status === 404) return [404, "Not found."];
  if (status >= 500) return [status, "Internal server error, please try again later."];
  return [status, "Bad request."];
}
