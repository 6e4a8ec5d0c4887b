// Google's two error shapes: the Drive API's {error:{code,message,errors[],status}}
// and the OAuth endpoints' {error, error_description}.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

export interface GoogleErrorItem {
  domain: string;
  reason: string;
  message: string;
  location?: string;
  locationType?: string;
}

export function apiError(ctx: Ctx, code: number, message: string, errors: GoogleErrorItem[], headers: Record<string, string> = {}): void {
  const status = STATUS_NAMES[code];
  sendJson(ctx, code, { error: { code, message, errors, ...(status ? { status } : {}) } }, headers);
}

/** The common case: one item with Drive's reason, optionally naming the parameter. */
export function driveError(ctx: Ctx, code: number, reason: string, message: string, location?: string): void {
  apiError(ctx, code, message, [{ domain: "global", reason, message, ...(location ? { location, locationType: "parameter" } : {}) }]);
}

export function fileNotFound(ctx: Ctx, id: string): void {
  driveError(ctx, 404, "notFound", `File not found: ${id}.`, "fileId");
}

export function oauthError(ctx: Ctx, status: number, error: string, description: string): void {
  sendJson(ctx, status, { error, error_description: description }, { "Cache-Control": "no-store" });
}

const FAULT_TEXT: Record<number, [string, string]> = {
  400: ["Bad Request", "badRequest"],
  401: ["Request had invalid authentication credentials.", "authError"],
  403: ["The user does not have sufficient permissions for this file.", "insufficientFilePermissions"],
  404: ["Not Found", "notFound"],
  429: ["User rate limit exceeded.", "userRateLimitExceeded"],
  500: ["Internal Error", "internalError"],
  503: ["The service is currently unavailable.", "backendError"],
};

export function faultText(status: number): [string, string] {
  return FAULT_TEXT[status] ?? (status >= 500 ? ["Internal Error", "internalError"] : ["Bad Request", "badRequest"]);
}
