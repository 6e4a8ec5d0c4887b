import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError } from "../http-failure";
import { Ga4HttpError } from "./client";

export function classifyGa4Error(err: unknown): ProviderFailure {
  if (err instanceof Ga4HttpError) return failureFromStatus(err.status, err.message, err.retryAfterMs);
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach Google Analytics: ${(err as Error).message}` };
  return { kind: "unknown", message: (err as Error)?.message ?? String(err) };
}
