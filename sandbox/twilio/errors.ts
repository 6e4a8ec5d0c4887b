// Twilio's one error shape, {code, message, more_info, status}, and the codes the
// sandbox answers with.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export interface TwilioAnswer {
  status: number;
  body: unknown;
}

export function twilioError(status: number, code: number, message: string): TwilioAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export const notFound = (path: string): TwilioAnswer => twilioError(404, 20404, `The requested resource ${path} was not found`);
export const unauthenticated = (): TwilioAnswer => twilioError(401, 20003, "Authenticate");

const FAULTS: Record<number, [number, string]> = {
  400: [21100, "Invalid request"],
  401: [20003, "Authenticate"],
  403: [20003, "Permission Denied"],
  404: [20404, "The requested resource was not found"],
  413: [21620, "Request entity too large"],
  429: [20429, "Too Many Requests"],
  500: [20500, "Internal Server Error"],
  503: [20503, "Service Unavailable"],
};

export function faultAnswer(status: number): TwilioAnswer {
  const [code, message] = FAULTS[status] ?? (status >= 500 ? [20500, "Internal Server Error"] : [21100, "Invalid request"]);
  return twilioError(status, code, message);
}

export function send(ctx: Ctx, answer: TwilioAnswer, headers: Record<string, string> = {}): void {
  sendJson(ctx, answer.status, answer.body, headers);
}
