// Google's two error shapes: the APIs' {error:{code,message,errors[],status}} and the
// OAuth endpoints' {error, error_description}.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  412: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export interface GoogleErrorItem {
  domain: string;
  reason: string;
  message: string;
  location?: string;
  locationType?: string;
}

export function apiError(
  ctx: Ctx,
  code: number,
  message: string,
  errors: GoogleErrorItem[],
  extra: { headers?: Record<string, string>; details?: unknown[] } = {},
): void {
  const status = STATUS_NAMES[code];
  sendJson(
    ctx,
    code,
    { error: { code, message, errors, ...(status ? { status } : {}), ...(extra.details ? { details: extra.details } : {}) } },
    extra.headers,
  );
}

/** The common single-reason case: {domain:"global", reason, message}. */
export function simpleError(ctx: Ctx, code: number, message: string, reason: string, headers?: Record<string, string>): void {
  apiError(ctx, code, message, [{ domain: "global", reason, message }], { headers });
}

export function oauthError(ctx: Ctx, status: number, error: string, description: string): void {
  sendJson(ctx, status, { error, error_description: description }, { "Cache-Control": "no-store" });
}

const FAULT_TEXT: Record<number, [string, string]> = {
  400: ["Bad Request", "badRequest"],
  401: ["Request had invalid authentication credentials.", "authError"],
  403: ["Forbidden", "forbidden"],
  404: ["Not Found", "notFound"],
  409: ["Conflict", "conflict"],
  410: ["Resource has been deleted", "deleted"],
  412: ["Precondition Failed", "conditionNotMet"],
  429: ["Rate Limit Exceeded", "rateLimitExceeded"],
  500: ["Backend Error", "backendError"],
  503: ["The service is currently unavailable.", "backendError"],
};

export function faultText(status: number): [string, string] {
  return FAULT_TEXT[status] ?? (status >= 500 ? ["Backend Error", "backendError"] : ["Bad Request", "badRequest"]);
}
