// Slack signs every request it sends an app (events, slash commands,
// interactions) with the app's signing secret: v0=HMAC-SHA256 of
// "v0:<X-Slack-Request-Timestamp>:<raw body>". The secret belongs to the app,
// not to a workspace, so it is read from the server's configuration (live) or is
// the sandbox app's (sandbox), never stored per connection: rotating it in the
// app's settings is one environment change.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ConnectionMode } from "../contract";
import { sandboxEnabled } from "../sandbox-url";

/** The sandbox's Slack app signs with this; it only opens the local emulator. */
export const SANDBOX_SIGNING_SECRET = "sandbox-slack-signing-secret-0000";
/** Slack's own advice: refuse a request whose timestamp is more than five minutes from now (replays). */
export const TOLERANCE_SEC = 5 * 60;

/**
 * The sandbox app's secret is public, so it opens nothing where the sandbox is off
 * (a sandbox-mode connection left from a demo cannot be driven by forged requests).
 */
export function signingSecretFor(mode: ConnectionMode, env: Record<string, string | undefined> = process.env): string | undefined {
  if (mode === "sandbox") return sandboxEnabled(env) ? SANDBOX_SIGNING_SECRET : undefined;
  return env.SLACK_SIGNING_SECRET?.trim() || undefined;
}

/** Every secret a request to this server may be signed with: the live app's, and the sandbox app's where the sandbox is on. */
export function knownSigningSecrets(): string[] {
  return [signingSecretFor("live"), signingSecretFor("sandbox")].filter((s): s is string => Boolean(s));
}

export function slackSignature(secret: string, timestamp: string | number, rawBody: string): string {
  return "v0=" + createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex");
}

/** Throws unless the request carries a fresh v0 signature of its exact bytes by one of `secrets`. */
export function verifySlackSignature(rawBody: string, headers: Headers, secrets: string[], nowMs = Date.now()): void {
  const timestamp = headers.get("x-slack-request-timestamp");
  const signature = headers.get("x-slack-signature");
  if (!timestamp || !signature) throw new Error("Missing X-Slack-Signature or X-Slack-Request-Timestamp");
  if (!/^\d{1,12}$/.test(timestamp)) throw new Error("Malformed X-Slack-Request-Timestamp");
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > TOLERANCE_SEC) throw new Error("X-Slack-Request-Timestamp is more than five minutes from now");
  const given = Buffer.from(signature);
  const ok = secrets.some((secret) => {
    const expected = Buffer.from(slackSignature(secret, timestamp, rawBody));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!ok) throw new Error("X-Slack-Signature does not match");
}
