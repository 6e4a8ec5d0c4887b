// Intuit's error shapes: the accounting API answers a Fault envelope; the OAuth endpoints {error, error_description}.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export type FaultType = "ValidationFault" | "AuthenticationFault" | "AuthorizationFault" | "SystemFault" | "ThrottlingFault";

export interface FaultError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

export function fault(ctx: Ctx, status: number, type: FaultType, errors: FaultError[], headers: Record<string, string> = {}): void {
  sendJson(ctx, status, { Fault: { Error: errors, type }, time: new Date(ctx.rt.clock.now()).toISOString() }, headers);
}

export function oauthError(ctx: Ctx, status: number, error: string, description: string): void {
  sendJson(ctx, status, { error, error_description: description });
}

export function faultFor(status: number): { type: FaultType; error: FaultError } {
  if (status === 429) return { type: "ThrottlingFault", error: { Message: "message=ThrottleExceeded; errorCode=003001; statusCode=429", Detail: "The request limit was reached.", code: "3001" } };
  if (status === 401) return { type: "AuthenticationFault", error: { Message: "message=AuthenticationFailed; errorCode=003200; statusCode=401", Detail: "Token expired or invalid", code: "3200" } };
  if (status >= 500) return { type: "SystemFault", error: { Message: "An application error has occurred while processing your request", Detail: "System Failure Error: the sandbox was asked to fail", code: "10000" } };
  return { type: "ValidationFault", error: { Message: "Request has invalid or unsupported property", Detail: "Bad request", code: "2010" } };
}
