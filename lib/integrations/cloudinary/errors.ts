// Cloudinary answers a refused call with {"error": {"message"}} and the HTTP status;
// the SDK hands that over as a plain object (with the request's options, Basic
// auth included), so the client turns it into a CloudinaryApiError that carries
// only the status and message. The words here are what an admin reads on the
// connector page and in the call log.
import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError } from "../http-failure";

export class CloudinaryApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly cloudinaryMessage: string,
  ) {
    super(`Cloudinary answered ${httpStatus}: ${cloudinaryMessage}`);
    this.name = "CloudinaryApiError";
  }
}

const CONSOLE = "Cloudinary Console → Settings → API Keys";

/** What a 401 means, said so the admin knows which field to fix. */
function authWords(message: string): string {
  if (/^Unknown API key/i.test(message)) return `Cloudinary does not know this API key in this cloud: copy the API key from ${CONSOLE} of the cloud you named.`;
  if (/^Invalid Signature/i.test(message) || /api_secret mismatch/i.test(message)) {
    return `Cloudinary refused the signature: the API secret does not belong to this API key. Copy the secret again from ${CONSOLE} (reveal it with the eye icon).`;
  }
  if (/^Invalid cloud_name/i.test(message)) return "Cloudinary does not know this cloud name: copy it from the top of Cloudinary Console's dashboard.";
  return `Cloudinary refused the credentials (${message}): check the cloud name, API key and API secret in ${CONSOLE}.`;
}

/** Cloudinary says when its hourly window reopens in the message: "… Try again on 2024-10-04 14:00:00 UTC". */
export function retryAfterFromMessage(message: string, now = Date.now()): number | undefined {
  const m = message.match(/Try again on (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC/i);
  if (!m) return undefined;
  const at = Date.parse(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function classifyCloudinaryError(err: unknown): ProviderFailure {
  if (err instanceof CloudinaryApiError) {
    const status = err.httpStatus;
    const message = `Cloudinary: ${err.cloudinaryMessage}`;
    if (status === 401) return { kind: "auth", status, message: authWords(err.cloudinaryMessage) };
    // 420 is Cloudinary's own "rate limited" (its Admin API's hourly limit); 429 the standard one.
    if (status === 420 || status === 429) return { kind: "rate_limited", status, message, retryAfterMs: retryAfterFromMessage(err.cloudinaryMessage) };
    if (status === 400 && /^Stale request/i.test(err.cloudinaryMessage)) {
      return { kind: "invalid", status, message: `${message}. This server's clock is more than an hour off: Cloudinary refuses requests signed that long ago.` };
    }
    // The SDK's own timeout reports 499.
    if (status === 499) return { kind: "transient", status, message };
    return failureFromStatus(status, message);
  }
  const e = err as { message?: string; name?: string } | null;
  if (isNetworkError(err) || e?.name === "TimeoutError") return { kind: "transient", message: `Could not reach Cloudinary: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
