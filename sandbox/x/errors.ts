// X's error shapes: the v2 API answers problem details ({title, detail, type,
// status}); the OAuth 2.0 endpoints {error, error_description}. Every API answer
// carries the endpoint's rate-limit headers, a 429 included (X sends no Retry-After).
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";
import { X_STATE } from "./state";

export function rateHeaders(ctx: Ctx): Record<string, string> {
  const w = X_STATE.of(ctx.rt).window;
  return { "x-rate-limit-limit": String(w.limit), "x-rate-limit-remaining": String(Math.max(0, w.limit - w.used)), "x-rate-limit-reset": String(Math.ceil(w.resetsAt / 1000)) };
}

export function problem(ctx: Ctx, status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(ctx, status, { title, detail, type: status === 400 ? "https://api.twitter.com/2/problems/invalid-request" : "about:blank", status, ...extra }, headers);
}

export function oauthError(ctx: Ctx, status: number, error: string, description: string): void {
  sendJson(ctx, status, { error, error_description: description });
}

export const TITLES: Record<number, string> = { 400: "Invalid Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found Error", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" };
