// Zoom signs every webhook request with the app's secret token:
// x-zm-signature = "v0=" + hex HMAC-SHA256 of "v0:<x-zm-request-timestamp>:<raw body>",
// and proves a new endpoint URL with endpoint.url_validation, answered with the
// plainToken and its HMAC-SHA256 (hex) under the same secret. The secret belongs
// to the app, not to an account, so it is read from the server's configuration
// (live) or is the sandbox app's (sandbox), never stored per connection.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ConnectionMode } from "../contract";
import { sandboxEnabled } from "../sandbox-url";

/** The sandbox's Zoom app signs with this; it only opens the local emulator. */
export const SANDBOX_WEBHOOK_SECRET = "sandbox-zoom-webhook-secret-token-0000";
/** A captured request cannot be replayed more than five minutes later. */
export const TOLERANCE_SEC = 5 * 60;

/** The sandbox app's secret is public, so it opens nothing where the sandbox is off. */
export function webhookSecretFor(mode: ConnectionMode, env: Record<string, string | undefined> = process.env): string | undefined {
  if (mode === "sandbox") return sandboxEnabled(env) ? SANDBOX_WEBHOOK_SECRET : undefined;
  return env.ZOOM_WEBHOOK_SECRET_TOKEN?.trim() || undefined;
}

export function knownWebhookSecrets(env: Record<string, string | undefined> = process.env): string[] {
  return [webhookSecretFor("live", env), webhookSecretFor("sandbox", env)].filter((s): s is string => Boolean(s));
}

const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");

export function zoomSignature(secret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${hmac(secret, `v0:${timestamp}:${rawBody}`)}`;
}

/** The answer to endpoint.url_validation. */
export function encryptedToken(secret: string, plainToken: string): string {
  return hmac(secret, plainToken);
}

/**
 * Throws unless the request carries a fresh v0 signature of its exact bytes by
 * one of `secrets`. Zoom's timestamp is in seconds; milliseconds are accepted too.
 */
export function verifyZoomSignature(rawBody: string, headers: Headers, secrets: string[], nowMs = Date.now()): void {
  const timestamp = headers.get("x-zm-request-timestamp");
  const signature = headers.get("x-zm-signature");
  if (!timestamp || !signature) throw new Error("Missing x-zm-signature or x-zm-request-timestamp");
  if (!/^\d{1,13}$/.test(timestamp)) throw new Error("Malformed x-zm-request-timestamp");
  const seconds = timestamp.length > 11 ? Math.floor(Number(timestamp) / 1000) : Number(timestamp);
  if (Math.abs(Math.floor(nowMs / 1000) - seconds) > TOLERANCE_SEC) throw new Error("x-zm-request-timestamp is more than five minutes from now");
  const given = Buffer.from(signature);
  const ok = secrets.some((secret) => {
    const expected = Buffer.from(zoomSignature(secret, timestamp, rawBody));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!ok) throw new Error("x-zm-signature does not match");
}
