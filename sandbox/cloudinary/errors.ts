// Cloudinary's error shapes. The APIs answer {"error": {"message": …}} with the
// HTTP status; delivery URLs answer with no body and the reason in X-Cld-Error.
// Messages Cloudinary is known to send are its own words as integrators have
// recorded them ("Invalid Signature … String to sign - '…'.", "Unknown API key …",
// "Stale request - reported time is … which is more than 1 hour ago", "Rate Limit
// Exceeded. … Try again on … UTC"); the rest are the sandbox's.
import type { Ctx } from "../core/context";
import { sendEmpty, sendJson } from "../core/respond";

type Headers = Record<string, string>;

export function apiError(ctx: Ctx, status: number, message: string, headers: Headers = {}): void {
  sendJson(ctx, status, { error: { message } }, headers);
}

export function deliveryError(ctx: Ctx, status: number, reason: string): void {
  sendEmpty(ctx, status, { "X-Cld-Error": reason, "Cache-Control": "no-store" });
}

/** "2024-10-04 14:00:00" as Cloudinary writes times in its messages. */
export function cloudinaryTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

/** The X-FeatureRateLimit-* headers the Admin API sends on every answer. */
export function rateLimitHeaders(limit: number, remaining: number, resetMs: number): Headers {
  return {
    "X-FeatureRateLimit-Limit": String(limit),
    "X-FeatureRateLimit-Remaining": String(Math.max(0, remaining)),
    "X-FeatureRateLimit-Reset": new Date(resetMs).toUTCString(),
  };
}

export function rateLimitMessage(limit: number, resetMs: number): string {
  return `Rate Limit Exceeded. Limit of ${limit} api operations reached. Try again on ${cloudinaryTime(resetMs)} UTC`;
}

const FAULT_MESSAGES: Record<number, string> = {
  400: "Bad request",
  401: "Invalid credentials",
  403: "Forbidden",
  404: "Resource not found",
  413: "File size too large",
};

export function faultMessage(status: number): string {
  return FAULT_MESSAGES[status] ?? (status >= 500 ? "General Error" : "Error");
}
