import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError } from "../http-failure";
import { LinkedInApiError } from "./client";

const DUPLICATE = /duplicate of (urn:li:(?:share|ugcPost):\d+)/i;

/** LinkedIn refuses a post whose text the author just posted with 422, naming the post it repeats. */
export function duplicateOf(err: unknown): { urn: string | null } | null {
  if (!(err instanceof LinkedInApiError) || err.status !== 422 || !/duplicate/i.test(err.detail)) return null;
  return { urn: DUPLICATE.exec(err.detail)?.[1] ?? null };
}

export function classifyLinkedInError(err: unknown): ProviderFailure {
  if (err instanceof LinkedInApiError) {
    if (duplicateOf(err)) return { kind: "invalid", status: 422, message: err.message };
    // A revoked or lapsed refresh token is refused at the token endpoint with 400.
    const grantRefused = err.status === 400 && err.message.includes("/oauth/v2/accessToken");
    if (err.status === 401 || grantRefused) return { kind: "auth", status: err.status, message: `${err.message}; reconnect LinkedIn` };
    if (err.status === 403) return { kind: "auth", status: 403, message: `${err.message}; check that the account still administers the page chosen under "Post as", or reconnect LinkedIn` };
    // A retired LinkedIn-Version: retrying cannot help until the version is raised.
    if (err.status === 426) return { kind: "invalid", status: 426, message: err.message };
    return failureFromStatus(err.status, err.message, err.retryAfterMs);
  }
  const e = err as { message?: string };
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach LinkedIn: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
