// LinkedIn's error shapes: the API answers {status, serviceErrorCode, code,
// message}; the OAuth endpoints {error, error_description}.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export function apiError(ctx: Ctx, status: number, serviceErrorCode: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(ctx, status, { status, serviceErrorCode, code, message }, headers);
}

export function oauthError(ctx: Ctx, status: number, error: string, description: string): void {
  sendJson(ctx, status, { error, error_description: description });
}

export function faultError(status: number): [number, string, string] {
  if (status === 429) return [101, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."];
  if (status === 401) return [65601, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user"];
  if (status === 403) return [100, "ACCESS_DENIED", "Not enough permissions to access this resource"];
  if (status === 404) return [0, "NOT_FOUND", "Not Found"];
  if (status >= 500) return [0, "INTERNAL_SERVER_ERROR", "Internal Server Error"];
  return [0, "BAD_REQUEST", "Bad Request"];
}
