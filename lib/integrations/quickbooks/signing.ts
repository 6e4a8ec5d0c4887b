// Intuit signs every webhook request with the app's verifier token:
// intuit-signature = base64 HMAC-SHA256 of the raw body. The token belongs to the
// app (set in Intuit's developer portal), so it comes from the server's
// configuration (live) or is the sandbox app's (sandbox), never per connection.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ConnectionMode } from "../contract";
import { sandboxEnabled } from "../sandbox-url";

/** The sandbox's Intuit app signs with this; it only opens the local emulator. */
export const SANDBOX_VERIFIER_TOKEN = "sandbox-quickbooks-verifier-token-0000";

export function verifierTokenFor(mode: ConnectionMode, env: Record<string, string | undefined> = process.env): string | undefined {
  if (mode === "sandbox") return sandboxEnabled(env) ? SANDBOX_VERIFIER_TOKEN : undefined;
  return env.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN?.trim() || undefined;
}

export function intuitSignature(token: string, rawBody: string): string {
  return createHmac("sha256", token).update(rawBody).digest("base64");
}

/** Throws unless the intuit-signature header is the body's HMAC under `token`, compared in constant time. */
export function verifyIntuitSignature(rawBody: string, headers: Headers, token: string): void {
  const given = headers.get("intuit-signature");
  if (!given) throw new Error("Missing intuit-signature header");
  const a = Buffer.from(given, "base64");
  const b = Buffer.from(intuitSignature(token, rawBody), "base64");
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new Error("intuit-signature does not match the body");
}
