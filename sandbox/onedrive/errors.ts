// Graph's error shapes: the API answers {error: {code, message, innerError}}; the
// identity platform's token endpoint {error, error_description, error_codes}.
import { randomUUID } from "node:crypto";
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export function graphError(ctx: Ctx, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const date = new Date(ctx.rt.clock.now()).toISOString().replace(/\.\d{3}Z$/, "");
  const requestId = randomUUID();
  sendJson(ctx, status, { error: { code, message, innerError: { date, "request-id": requestId, "client-request-id": requestId } } }, { "request-id": requestId, ...headers });
}

/** AADSTS errors: the description starts with the code and ends with the trace, as Microsoft writes them. */
export function identityError(ctx: Ctx, status: number, error: string, aadsts: number, description: string): void {
  const traceId = randomUUID();
  const timestamp = new Date(ctx.rt.clock.now()).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  sendJson(ctx, status, { error, error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${traceId}\r\nTimestamp: ${timestamp}`, error_codes: [aadsts], timestamp, trace_id: traceId });
}

/** What an injected fault answers, in the drive API's own codes. */
export function faultError(status: number): [string, string] {
  if (status === 429) return ["activityLimitReached", "The app or user has been throttled."];
  if (status === 401) return ["InvalidAuthenticationToken", "Access token has expired or is not yet valid."];
  if (status === 503) return ["serviceNotAvailable", "The service is temporarily unavailable. Try again later."];
  if (status === 413) return ["requestTooLarge", "The request is too large."];
  if (status >= 500) return ["generalException", "An unspecified error has occurred."];
  return ["invalidRequest", "The request is malformed or incorrect."];
}
