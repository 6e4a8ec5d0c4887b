// Payrexx's one envelope: {status:"success", data:[…]} or {status:"error", message}.
// The messages the sandbox uses for refusals Payrexx is known to make are Payrexx's
// own as integrators have recorded them ("An error occurred: No Transaction found
// with id …", "… Invalid API signature"); the rest are the sandbox's words.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export interface PayrexxAnswer {
  status: number;
  body: unknown;
}

export function success(...data: unknown[]): PayrexxAnswer {
  return { status: 200, body: { status: "success", data } };
}

export function failure(status: number, message: string): PayrexxAnswer {
  return { status, body: { status: "error", message } };
}

export const notFound = (resource: string, id: string): PayrexxAnswer => failure(404, `An error occurred: No ${resource} found with id ${id}`);

export const WRONG_CREDENTIALS = "An error occurred: Instance name or secret is wrong";
export const BAD_SIGNATURE = "An error occurred: Invalid API signature";

const FAULT_MESSAGES: Record<number, string> = {
  400: "An error occurred: Bad request",
  401: WRONG_CREDENTIALS,
  403: "An error occurred: Access denied",
  404: "An error occurred: Not found",
  413: "An error occurred: Request too large",
  429: "An error occurred: Too many requests",
};

/** What the sandbox answers in Payrexx's place (faults, oversized bodies). */
export function faultAnswer(status: number): PayrexxAnswer {
  return failure(status, FAULT_MESSAGES[status] ?? (status >= 500 ? "An error occurred: Internal server error" : "An error occurred"));
}

export function send(ctx: Ctx, answer: PayrexxAnswer, headers: Record<string, string> = {}): void {
  sendJson(ctx, answer.status, answer.body, headers);
}
