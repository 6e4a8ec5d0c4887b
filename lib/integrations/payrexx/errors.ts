// Payrexx answers every failure as {status:"error", message}; the HTTP status says
// what kind it is, and where a proxy or an old API version answers 200 with an
// error, the message does.
import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

export class PayrexxApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly payrexxMessage: string,
    readonly retryAfter: string | null = null,
  ) {
    super(`Payrexx answered ${httpStatus}: ${payrexxMessage}`);
    this.name = "PayrexxApiError";
  }
}

export function classifyPayrexxError(err: unknown): ProviderFailure {
  if (err instanceof PayrexxApiError) {
    const message = `Payrexx: ${err.payrexxMessage}`;
    if (err.httpStatus >= 400) return failureFromStatus(err.httpStatus, message, parseRetryAfter(err.retryAfter));
    if (/signature|secret|instance/i.test(err.payrexxMessage)) return { kind: "auth", status: err.httpStatus, message };
    if (/not found|no \w+ found/i.test(err.payrexxMessage)) return { kind: "not_found", status: err.httpStatus, message };
    return { kind: "invalid", status: err.httpStatus, message };
  }
  if (isNetworkError(err) || (err as Error)?.name === "TimeoutError") return { kind: "transient", message: `Could not reach Payrexx: ${(err as Error).message}` };
  if ((err as Error)?.name === "ZodError") return { kind: "unknown", message: `Payrexx answered in an unexpected shape: ${(err as Error).message.slice(0, 300)}` };
  return { kind: "unknown", message: (err as Error)?.message ?? String(err) };
}
