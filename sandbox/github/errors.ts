// GitHub's error envelope: {message, documentation_url, status}; validation failures
// are 422 with an errors list.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export const DOCS = "https://docs.github.com/rest";

export function apiError(ctx: Ctx, status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(ctx, status, { message, documentation_url: DOCS, status: String(status), ...extra }, headers);
}

export function faultMessage(status: number): string {
  if (status === 429) return "API rate limit exceeded. Please wait a few minutes before you try again.";
  if (status === 401) return "Bad credentials";
  if (status === 403) return "Resource not accessible by integration";
  if (status === 404) return "Not Found";
  if (status >= 500) return "Server Error";
  return "Bad request";
}
